import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IdentityError } from '../identity-error';
import { type AuthenticatedRequest, PERMISSION_KEY, PUBLIC_KEY } from './access.decorators';
import { OidcTokenVerifier } from './oidc-token-verifier';
import type { Permission } from './permissions';

/**
 * Global guard: authenticates the bearer token and checks the route's permission. It fails
 * closed: a route that declares neither a permission nor `@Public()` is refused for everyone
 * (and test/identity/routes.spec.ts fails the build).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: OidcTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.header('authorization');
    if (!header) throw new IdentityError('AUTH_TOKEN_MISSING', 'an OIDC bearer token is required (Authorization: Bearer …)');
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new IdentityError('AUTH_TOKEN_MISSING', 'the Authorization header must be "Bearer <token>"');
    const actor = await this.verifier.verify(token);
    request.actor = actor;
    if (!permission) throw new IdentityError('PERMISSION_DENIED', 'this route declares no permission and is closed');
    if (!actor.permissions.has(permission)) throw new IdentityError('PERMISSION_DENIED', `this action needs the ${permission} permission, which the roles [${actor.roles.join(', ')}] do not grant`, { permission });
    return true;
  }
}
