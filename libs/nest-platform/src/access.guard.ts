import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type AuthenticatedRequest, PERMISSION_KEY, PUBLIC_KEY, TOKEN_VERIFIER, type TokenVerifier } from './access';
import { PlatformError } from './platform-error';

/**
 * Global guard: authenticates the bearer token and checks the route's permission. It fails
 * closed: a route that declares neither a permission nor `@Public()` is refused for everyone
 * (and each service's route test fails the build).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<string | undefined>(PERMISSION_KEY, targets);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.header('authorization');
    if (!header) throw new PlatformError('AUTH_TOKEN_MISSING', 'an OIDC bearer token is required (Authorization: Bearer …)');
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new PlatformError('AUTH_TOKEN_MISSING', 'the Authorization header must be "Bearer <token>"');
    const actor = await this.verifier.verify(token);
    request.actor = actor;
    if (!permission) throw new PlatformError('PERMISSION_DENIED', 'this route declares no permission and is closed');
    if (!actor.permissions.has(permission)) throw new PlatformError('PERMISSION_DENIED', `this action needs the ${permission} permission, which the roles [${actor.roles.join(', ')}] do not grant`, { permission });
    return true;
  }
}
