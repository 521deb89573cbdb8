import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Actor, TokenVerifier } from './access';
import { PlatformError } from './platform-error';

export interface OidcOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl: string;
  readonly algorithms: readonly string[];
  /** Claim holding the roles (a dotted path, e.g. `realm_access.roles`). */
  readonly rolesClaim: string;
}

/**
 * Validates OIDC access tokens (JWT, RFC 9068 profile) against the identity provider's JWKS:
 * signature with an allow-listed algorithm, `iss`, `aud`, `exp`/`nbf` (60 s leeway).
 */
export class OidcTokenVerifier implements TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(
    private readonly options: OidcOptions,
    private readonly permissionsOf: (roles: readonly string[]) => ReadonlySet<string>,
  ) {
    this.keys = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
  }

  async verify(token: string): Promise<Actor> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, { issuer: this.options.issuer, audience: this.options.audience, algorithms: [...this.options.algorithms], clockTolerance: 60, requiredClaims: ['sub', 'exp'] }));
    } catch (error) {
      const reason = error instanceof joseErrors.JWTExpired ? 'the token has expired' : error instanceof joseErrors.JOSEError ? `the token was refused (${error.code})` : 'the token could not be verified';
      throw new PlatformError('AUTH_TOKEN_INVALID', reason, {}, { cause: error });
    }
    const roles = rolesAt(payload, this.options.rolesClaim);
    return { subject: payload.sub!, roles, permissions: this.permissionsOf(roles) };
  }
}

function rolesAt(payload: JWTPayload, path: string): string[] {
  let value: unknown = payload;
  for (const part of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  return Array.isArray(value) ? value.filter((role): role is string => typeof role === 'string') : [];
}
