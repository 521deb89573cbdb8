import { type CanActivate, type ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Actor, API_KEY_VERIFIER, type ApiKeyVerifier, type AuthenticatedRequest, PERMISSION_KEY, PUBLIC_KEY, TOKEN_VERIFIER, type TokenVerifier } from './access';
import { PlatformError } from './platform-error';

/**
 * Global guard: authenticates the bearer token (or, where the service has an API_KEY_VERIFIER, a
 * relying party's API key) and checks the route's permission. It fails closed: a route that
 * declares neither a permission nor `@Public()` is refused for everyone (and each service's route
 * test fails the build).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Optional() @Inject(API_KEY_VERIFIER) private readonly apiKeys?: ApiKeyVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<string | undefined>(PERMISSION_KEY, targets);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = await this.authenticate(request);
    request.actor = actor;
    if (!permission) throw new PlatformError('PERMISSION_DENIED', 'this route declares no permission and is closed');
    if (!actor.permissions.has(permission)) throw new PlatformError('PERMISSION_DENIED', `this action needs the ${permission} permission, which the roles [${actor.roles.join(', ')}] do not grant`, { permission });
    return true;
  }

  private authenticate(request: AuthenticatedRequest): Promise<Actor> {
    const header = request.header('authorization');
    const apiKey = request.header('x-api-key');
    if (this.apiKeys && apiKey && !header) return this.apiKeys.verify(apiKey);
    const accepted = this.apiKeys ? '"Bearer <token>" or "ApiKey <key>"' : '"Bearer <token>"';
    if (!header) throw new PlatformError('AUTH_TOKEN_MISSING', `credentials are required (Authorization: ${accepted})`);
    const [scheme, credential] = header.split(' ');
    if (this.apiKeys && scheme?.toLowerCase() === 'apikey' && credential) return this.apiKeys.verify(credential);
    if (scheme?.toLowerCase() !== 'bearer' || !credential) throw new PlatformError('AUTH_TOKEN_MISSING', `the Authorization header must be ${accepted}`);
    return this.verifier.verify(credential);
  }
}
