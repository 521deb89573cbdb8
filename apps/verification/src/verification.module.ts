import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { Database, AccessGuard, API_KEY_VERIFIER, ObservabilityMiddleware, MetricsController, PlatformMetrics, DtoValidationPipe, OidcTokenVerifier, ProblemDetailsFilter, TOKEN_VERIFIER } from '@citizen-zero/nest-platform';
import { permissionsOf } from './auth/permissions';
import { VERIFICATION_CONFIG, type VerificationConfig } from './config/verification-config';
import { dataSourceProvider } from './database/database.providers';
import { HealthController } from './http/health.controller';
import { VERIFICATION_PROBLEM_DETAILS } from './http/problem-details';
import { Oid4vpFormBodyMiddleware } from './oid4vp/form-body.middleware';
import { OID4VP_RESPONSE_ROUTE, oid4vpModuleParts } from './oid4vp/oid4vp.providers';
import { ReaderCertificateAuthority } from './readers/reader-certificate-authority';
import { ReaderCertificateRepository } from './readers/reader-certificate.repository';
import { ReadersController } from './readers/readers.controller';
import { RelayServer } from './relay/relay-server';
import { RedisClient } from './relying-parties/redis-client';
import { RelyingPartiesController } from './relying-parties/relying-parties.controller';
import { RelyingPartiesService } from './relying-parties/relying-parties.service';
import { RelyingPartyRepository } from './relying-parties/relying-party.repository';
import { SlidingWindowRateLimiter } from './relying-parties/sliding-window-rate-limiter';
import { UsageMeter } from './relying-parties/usage-meter';
import { StatusListCache } from './status/status-list-cache';
import { TrustBundleSigner } from './trust/trust-bundle-signer';
import { TrustController } from './trust/trust.controller';
import { TrustListRepository } from './trust/trust-list.repository';
import { TrustListService } from './trust/trust-list.service';
import { VerificationController } from './verification/verification.controller';
import { VerificationRecordRepository } from './verification/verification-record.repository';
import { VerificationService } from './verification/verification.service';
import { ZkNonceRepository } from './zk/zk-nonce.repository';
import { zkTrustedIssuerKeysProvider } from './zk/zk-trusted-issuer-keys';
import { ZkVerificationController } from './zk/zk-verification.controller';
import { ZkVerificationService } from './zk/zk-verification.service';

@Module({})
export class VerificationModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ObservabilityMiddleware).forRoutes('{*path}');
    consumer.apply(Oid4vpFormBodyMiddleware).forRoutes({ path: OID4VP_RESPONSE_ROUTE, method: RequestMethod.POST });
  }

  static forConfig(config: VerificationConfig): DynamicModule {
    const oid4vp = oid4vpModuleParts(config);
    return {
      module: VerificationModule,
      controllers: [MetricsController, VerificationController, TrustController, RelyingPartiesController, HealthController, ZkVerificationController, ReadersController, ...oid4vp.controllers],
      providers: [
        { provide: VERIFICATION_CONFIG, useValue: config },
        dataSourceProvider,
        Database,
        TrustListRepository,
        TrustListService,
        TrustBundleSigner,
        StatusListCache,
        VerificationRecordRepository,
        VerificationService,
        RelayServer,
        { provide: RedisClient, useFactory: () => new RedisClient(config.redisUrl, config.redisPrefix) },
        RelyingPartyRepository,
        SlidingWindowRateLimiter,
        UsageMeter,
        RelyingPartiesService,
        { provide: API_KEY_VERIFIER, useExisting: RelyingPartiesService },
        ...oid4vp.providers,
        zkTrustedIssuerKeysProvider,
        ZkNonceRepository,
        ZkVerificationService,
        ReaderCertificateRepository,
        ReaderCertificateAuthority,
        { provide: PlatformMetrics, useValue: new PlatformMetrics('verification') },
        { provide: TOKEN_VERIFIER, useFactory: () => new OidcTokenVerifier(config.oidc, permissionsOf) },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useClass: DtoValidationPipe },
        { provide: APP_FILTER, useFactory: () => new ProblemDetailsFilter(VERIFICATION_PROBLEM_DETAILS) },
      ],
    };
  }
}
