import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor, Permission } from './permissions';

export const PERMISSION_KEY = 'cz:permission';
export const PUBLIC_KEY = 'cz:public';

/** The permission a route needs. Every route has this or `@Public()`; the access guard refuses any that has neither. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** A route anyone may call (health, published status lists, the OpenAPI document). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export type AuthenticatedRequest = Request & { actor?: Actor };

/** The authenticated official or service behind the request. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
