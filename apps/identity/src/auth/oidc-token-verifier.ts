import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { IdentityError } from '../identity-error';
import { type Actor, permissionsOf } from './permissions';

/**
 * Validates OIDC access tokens (JWT, RFC 9068 profile) against the identity provider's JWKS:
 * signature with an allow-listed algorithm, `iss`, `aud`, `exp`/`nbf` (60 s leeway).
 */
@Injectable()
export class OidcTokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(@Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig) {
    this.keys = createRemoteJWKSet(new URL(config.oidc.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
  }

  async verify(token: string): Promise<Actor> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.config.oidc.issuer,
        audience: this.config.oidc.audience,
        algorithms: [...this.config.oidc.algorithms],
        clockTolerance: 60,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      const reason = error instanceof joseErrors.JWTExpired ? 'the token has expired' : error instanceof joseErrors.JOSEError ? `the token was refused (${error.code})` : 'the token could not be verified';
      throw new IdentityError('AUTH_TOKEN_INVALID', reason, {}, { cause: error });
    }
    const roles = rolesAt(payload, this.config.oidc.rolesClaim);
    return { subject: payload.sub!, roles, permissions: permissionsOf(roles) };
  }
}

function rolesAt(payload: JWTPayload, path: string): string[] {
  let value: unknown = payload;
  for (const part of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  return Array.isArray(value) ? value.filter((role): role is string => typeof role === 'string') : [];
}
