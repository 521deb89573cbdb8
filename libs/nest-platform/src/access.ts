import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

/** The authenticated caller. `subject` is the identity provider's stable id for the official or service. */
export interface Actor {
  readonly subject: string;
  readonly roles: readonly string[];
  readonly permissions: ReadonlySet<string>;
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
