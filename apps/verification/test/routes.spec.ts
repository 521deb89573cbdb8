import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { describe, expect, it } from 'vitest';
import { PERMISSION_KEY, PUBLIC_KEY } from '@citizen-zero/nest-platform';
import { ConfigError, loadVerificationConfig } from '../src/config/verification-config';
import { VerificationModule } from '../src/verification.module';

const config = loadVerificationConfig({ CZ_VERIFICATION_DATABASE_URL: 'postgres://localhost/x', CZ_REDIS_URL: 'redis://localhost:6379', CZ_OIDC_ISSUER: 'https://idp.example' });

describe('verification service: access control on every route, configuration at boot', () => {
  const routes = (VerificationModule.forConfig(config).controllers ?? []).flatMap((controller) => {
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype)
      .filter((name) => name !== 'constructor' && typeof prototype[name] === 'function' && Reflect.hasMetadata(METHOD_METADATA, prototype[name] as object))
      .map((name) => {
        const handler = prototype[name] as object;
        return { route: `${controller.name}.${name} ${String(Reflect.getMetadata(PATH_METADATA, handler))}`, permission: Reflect.getMetadata(PERMISSION_KEY, handler), isPublic: Reflect.getMetadata(PUBLIC_KEY, handler) === true };
      });
  });

  it('gives every route a permission or marks it public; public is only health, metrics and the trust bundle', () => {
    expect(routes.length).toBeGreaterThanOrEqual(7);
    expect(routes.filter((route) => !route.permission && !route.isPublic)).toEqual([]);
    expect(routes.filter((route) => route.isPublic).map((route) => route.route.split(' ')[0]).sort()).toEqual(['HealthController.live', 'HealthController.ready', 'MetricsController.scrape', 'TrustController.bundle', 'TrustController.vical']);
  });

  it('reports every configuration problem at once', () => {
    expect(() => loadVerificationConfig({ CZ_VERIFICATION_PORT: 'x' })).toThrow(ConfigError);
    try {
      loadVerificationConfig({ CZ_VERIFICATION_PORT: 'x' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(expect.arrayContaining(['CZ_VERIFICATION_DATABASE_URL is required', 'CZ_OIDC_ISSUER is required', 'CZ_VERIFICATION_PORT must be an integer from 0 to 65535']));
    }
  });
});
