import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

/** The authenticated caller. `subject` is the identity provider's stable id for the official or service. */
export interface Actor {
  readonly subject: string;
  readonly roles: readonly string[];
  readonly permissions: ReadonlySet<string>;
  /** Set when the caller is a registered relying party authenticated by an API key (not an OIDC token). */
  readonly relyingParty?: { readonly id: string; readonly keyId: string; readonly purposes: readonly string[] };
}

export const PERMISSION_KEY = 'cz:permission';
export const PUBLIC_KEY = 'cz:public';

/** The permission a route needs. Every route has this or `@Public()`; the access guard refuses any that has neither. */
export const RequirePermission = (permission: string) => SetMetadata(PERMISSION_KEY, permission);

/** A route anyone may call (health, published lists, protocol endpoints protected otherwise). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export type AuthenticatedRequest = Request & { actor?: Actor };

/** The authenticated official or service behind the request. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});

/** Turns a bearer token into an actor, or throws AUTH_TOKEN_INVALID. */
export interface TokenVerifier {
  verify(token: string): Promise<Actor>;
}

export const TOKEN_VERIFIER = Symbol('TokenVerifier');

/**
 * Turns an API key (`Authorization: ApiKey <key>` or `X-Api-Key: <key>`) into an actor, or throws
 * AUTH_API_KEY_INVALID (or RATE_LIMITED). Optional: services without relying parties do not
 * provide one, and their guard accepts bearer tokens only.
 */
export interface ApiKeyVerifier {
  verify(key: string): Promise<Actor>;
}

export const API_KEY_VERIFIER = Symbol('ApiKeyVerifier');
