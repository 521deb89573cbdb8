import { describe, expect, it } from 'vitest';
import { ConfigError, loadIdentityConfig } from '../src/config/identity-config';

const valid = { CZ_IDENTITY_DATABASE_URL: 'postgres://db/identity', CZ_REDIS_URL: 'redis://redis:6379', CZ_HSM_PIN: 'secret-pin-123', CZ_OIDC_ISSUER: 'https://idp.example/realms/cz', CZ_IDENTITY_MDOC_CERTIFICATE: '/etc/cz/ds.pem', CZ_IDENTITY_SEAL_CERTIFICATE: '/etc/cz/seal.pem' };

describe('identity service configuration', () => {
  it('applies defaults and derives the JWKS URL from the issuer', () => {
    const config = loadIdentityConfig(valid);
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3100, corsOrigins: [] });
    expect(config.oidc.jwksUrl).toBe('https://idp.example/realms/cz/jwks');
    expect(config.deduplication).toEqual({ modalities: ['face', 'fingerprint'], thresholds: { face: 0.6, fingerprint: 0.99 }, timeoutSeconds: 600 });
  });

  it('pairs several document signer keys with their certificates, refusing a mismatch', () => {
    expect(loadIdentityConfig({ ...valid, CZ_IDENTITY_MDOC_KEY_LABEL: 'ds-1, ds-2', CZ_IDENTITY_MDOC_CERTIFICATE: '/etc/cz/ds-1.pem,/etc/cz/ds-2.pem' }).signing.mdocSigners).toEqual([
      { keyLabel: 'ds-1', certificateFile: '/etc/cz/ds-1.pem' },
      { keyLabel: 'ds-2', certificateFile: '/etc/cz/ds-2.pem' },
    ]);
    expect(() => loadIdentityConfig({ ...valid, CZ_IDENTITY_MDOC_KEY_LABEL: 'ds-1,ds-2' })).toThrow(/one certificate file per key/);
  });

  it('reports every problem at once at boot, without echoing secrets', () => {
    let error: unknown;
    try {
      loadIdentityConfig({ CZ_HSM_PIN: 'hunter2-secret', CZ_IDENTITY_PORT: '99999', CZ_REDIS_URL: 'http://redis', CZ_DEDUP_MODALITIES: 'face,iris', CZ_DEDUP_FACE_THRESHOLD: '1.5' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'CZ_IDENTITY_DATABASE_URL is required',
        'CZ_OIDC_ISSUER is required',
        'CZ_IDENTITY_PORT must be an integer from 0 to 65535',
        'CZ_REDIS_URL must be a redis: or rediss: URL',
        'CZ_DEDUP_MODALITIES: "iris" is not one of face, fingerprint',
        'CZ_DEDUP_FACE_THRESHOLD must be a number from 0 to 1',
      ]),
    );
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('reads the CORS allow-list of browser origins, refusing anything but exact origins', () => {
    expect(loadIdentityConfig(valid).http.corsOrigins).toEqual([]);
    expect(loadIdentityConfig({ ...valid, CZ_CORS_ORIGINS: 'https://admin.example.gov, http://127.0.0.1:5173' }).http.corsOrigins).toEqual(['https://admin.example.gov', 'http://127.0.0.1:5173']);
    expect(() => loadIdentityConfig({ ...valid, CZ_CORS_ORIGINS: 'https://admin.example.gov/,*,ftp://x.example,http://127.0.0.1:5173/portal' })).toThrow(ConfigError);
    try {
      loadIdentityConfig({ ...valid, CZ_CORS_ORIGINS: 'https://admin.example.gov/,*' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'CZ_CORS_ORIGINS: "https://admin.example.gov/" is not an origin (scheme://host[:port], no path or trailing slash)',
        'CZ_CORS_ORIGINS: "*" is not an origin (scheme://host[:port], no path or trailing slash)',
      ]);
    }
  });
});
