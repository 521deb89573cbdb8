import { Injectable, type NestMiddleware } from '@nestjs/common';
import { type NextFunction, type Request, type Response, urlencoded } from 'express';

/**
 * Parses `application/x-www-form-urlencoded` bodies — the Authorization Response of Response Mode
 * `direct_post` (OpenID4VP 1.0 §8.2) — on the OpenID4VP response route only; the rest of the service
 * takes JSON. Repeated parameters stay arrays (`extended: false`), so they can be refused.
 */
@Injectable()
export class Oid4vpFormBodyMiddleware implements NestMiddleware {
  private readonly parse = urlencoded({ extended: false, limit: '4mb', parameterLimit: 32 });

  use(request: Request, response: Response, next: NextFunction): void {
    this.parse(request, response, next);
  }
}
