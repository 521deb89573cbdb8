import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { describe, expect, it } from 'vitest';
import { PERMISSION_KEY, PUBLIC_KEY } from '@citizen-zero/nest-platform';
import { Permission, ROLE_PERMISSIONS } from '../src/auth/permissions';
import { loadIdentityConfig } from '../src/config/identity-config';
import { IdentityModule } from '../src/identity.module';

const config = loadIdentityConfig({ CZ_IDENTITY_DATABASE_URL: 'postgres://localhost/x', CZ_REDIS_URL: 'redis://localhost', CZ_HSM_PIN: '123456', CZ_OIDC_ISSUER: 'https://idp.example', CZ_IDENTITY_MDOC_CERTIFICATE: 'ds.pem', CZ_IDENTITY_SEAL_CERTIFICATE: 'seal.pem' });

function routes(): { route: string; permission?: Permission; isPublic: boolean }[] {
  const controllers = IdentityModule.forConfig(config).controllers ?? [];
  return controllers.flatMap((controller) => {
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype)
      .filter((name) => name !== 'constructor' && typeof prototype[name] === 'function' && Reflect.hasMetadata(METHOD_METADATA, prototype[name] as object))
      .map((name) => {
        const handler = prototype[name] as object;
        return {
          route: `${controller.name}.${name} ${String(Reflect.getMetadata(PATH_METADATA, controller))}/${String(Reflect.getMetadata(PATH_METADATA, handler))}`,
          permission: Reflect.getMetadata(PERMISSION_KEY, handler) ?? Reflect.getMetadata(PERMISSION_KEY, controller),
          isPublic: Reflect.getMetadata(PUBLIC_KEY, handler) === true || Reflect.getMetadata(PUBLIC_KEY, controller) === true,
        };
      });
  });
}

describe('access control on every route', () => {
  it('finds the routes (so the next checks are not vacuous)', () => {
    expect(routes().length).toBeGreaterThanOrEqual(8);
  });

  it('gives every route a permission or marks it public, never both', () => {
    const unguarded = routes().filter((route) => !route.permission && !route.isPublic);
    expect(unguarded.map((route) => route.route)).toEqual([]);
    expect(routes().filter((route) => route.permission && route.isPublic).map((route) => route.route)).toEqual([]);
  });

  it('keeps public only what must be: health, metrics, the OpenAPI document, the status list, the wallet-facing OpenID4VCI endpoints and the BBS issuer keys', () => {
    expect(routes().filter((route) => route.isPublic).map((route) => route.route.split(' ')[0]).sort()).toEqual([
      'HealthController.live',
      'HealthController.ready',
      'MetricsController.scrape',
      'Oid4vciController.authorizationServerMetadata',
      'Oid4vciController.credential',
      'Oid4vciController.issuerMetadata',
      'Oid4vciController.nonce',
      'Oid4vciController.token',
      'OpenApiController.document',
      'StatusListController.statusList',
      'ZkController.issuerKeys',
    ]);
  });

  it('grants every permission a route needs to some role, and no decrypted-data permission to auditors', () => {
    const granted = new Set(Object.values(ROLE_PERMISSIONS).flat());
    for (const route of routes()) if (route.permission) expect(granted.has(route.permission), route.route).toBe(true);
    expect(ROLE_PERMISSIONS.auditor).not.toContain(Permission.PersonRead);
    expect(ROLE_PERMISSIONS.auditor).not.toContain(Permission.PersonSearch);
  });
});
