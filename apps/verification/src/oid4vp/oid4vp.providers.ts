import type { Provider, Type } from '@nestjs/common';
import type { VerificationConfig } from '../config/verification-config';
import { Oid4vpController } from './oid4vp.controller';
import { Oid4vpTransactionRepository } from './oid4vp-transaction.repository';
import { Oid4vpService } from './oid4vp.service';
import { RequestSigningKey } from './request-signing-key';

/** The OpenID4VP routes (POST /oid4vp/responses/:requestId takes form bodies, see Oid4vpFormBodyMiddleware). */
export const OID4VP_RESPONSE_ROUTE = 'oid4vp/responses/:requestId';

/** The OpenID4VP controllers and providers, only when CZ_OPENID4VP_PROFILE is set: otherwise its routes do not exist (404). */
export function oid4vpModuleParts(config: VerificationConfig): { controllers: Type[]; providers: Provider[] } {
  if (!config.oid4vp) return { controllers: [], providers: [] };
  return { controllers: [Oid4vpController], providers: [RequestSigningKey, Oid4vpTransactionRepository, Oid4vpService] };
}
