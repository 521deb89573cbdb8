import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { declaredRoutes } from '@citizen-zero/test-harness';
import { Permission, ROLE_PERMISSIONS } from '../src/auth/permissions';
import { loadIdentityConfig } from '../src/config/identity-config';
import { IdentityModule } from '../src/identity.module';

const config = loadIdentityConfig({ CZ_IDENTITY_DATABASE_URL: 'postgres://localhost/x', CZ_REDIS_URL: 'redis://localhost', CZ_HSM_PIN: '123456', CZ_OIDC_ISSUER: 'https://idp.example', CZ_IDENTITY_MDOC_CERTIFICATE: 'ds.pem', CZ_IDENTITY_SEAL_CERTIFICATE: 'seal.pem' });

const routes = () => declaredRoutes(IdentityModule.forConfig(config).controllers ?? []);

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
    for (const route of routes()) if (route.permission) expect(granted.has(route.permission as Permission), route.route).toBe(true);
    expect(ROLE_PERMISSIONS.auditor).not.toContain(Permission.PersonRead);
    expect(ROLE_PERMISSIONS.auditor).not.toContain(Permission.PersonSearch);
  });
});
