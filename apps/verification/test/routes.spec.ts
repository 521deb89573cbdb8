import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { declaredRoutes } from '@citizen-zero/test-harness';
import { ConfigError, loadVerificationConfig } from '../src/config/verification-config';
import { VerificationModule } from '../src/verification.module';

const config = loadVerificationConfig({ CZ_VERIFICATION_DATABASE_URL: 'postgres://localhost/x', CZ_REDIS_URL: 'redis://localhost:6379', CZ_OIDC_ISSUER: 'https://idp.example' });

describe('verification service: access control on every route, configuration at boot', () => {
  const routes = declaredRoutes(VerificationModule.forConfig(config).controllers ?? []);

  it('gives every route a permission or marks it public; public is only health, metrics and the trust bundle', () => {
    expect(routes.length).toBeGreaterThanOrEqual(7);
    expect(routes.filter((route) => !route.permission && !route.isPublic)).toEqual([]);
    expect(routes.filter((route) => route.isPublic).map((route) => route.route.split(' ')[0]).sort()).toEqual(['HealthController.live', 'HealthController.ready', 'MetricsController.scrape', 'ReadersController.readers', 'TrustController.bundle', 'TrustController.vical']);
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
