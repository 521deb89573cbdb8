import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { Database, AccessGuard, DtoValidationPipe, MetricsController, ObservabilityMiddleware, OidcTokenVerifier, PlatformMetrics, ProblemDetailsFilter, QueueConnection, TOKEN_VERIFIER, Transactions } from '@citizen-zero/nest-platform';
import { permissionsOf } from './auth/permissions';
import { BIOMETRIC_CONFIG, type BiometricConfig } from './config/biometric-config';
import { GalleryRotation } from './crypto/gallery-rotation';
import { envelopeEncryptionProvider, keyCustodyProvider } from './crypto/key-custody';
import { dataSourceProvider } from './database/database.providers';
import { FACE_ENGINE } from './face/face-engine';
import { faceGalleryProviders } from './face/in-memory-face-gallery.repository';
import { OnnxFaceEngine } from './face/onnx-face-engine';
import { FingerprintGallery } from './fingerprint/fingerprint-gallery';
import { BiometricMetrics } from './http/biometric-metrics';
import { HealthController } from './http/health.controller';
import { BIOMETRIC_PROBLEM_DETAILS } from './http/problem-details';
import { BiometricController } from './matching/biometric.controller';
import { BiometricMatchingService } from './matching/biometric-matching.service';
import { AbisRequestRepository } from './queues/abis-request.repository';
import { AbisService } from './queues/abis.service';
import { BiometricQueues } from './queues/biometric-queues';
import { BiometricTemplateRepository } from './templates/biometric-template.repository';
import { TemplateVault } from './templates/template-vault';

@Module({})
export class BiometricModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ObservabilityMiddleware).forRoutes('{*path}');
  }

  static forConfig(config: BiometricConfig): DynamicModule {
    return {
      module: BiometricModule,
      controllers: [MetricsController, BiometricController, HealthController],
      providers: [
        { provide: BIOMETRIC_CONFIG, useValue: config },
        dataSourceProvider,
        Database,
        Transactions,
        keyCustodyProvider,
        envelopeEncryptionProvider,
        GalleryRotation,
        TemplateVault,
        BiometricTemplateRepository,
        { provide: FACE_ENGINE, useFactory: () => OnnxFaceEngine.load(config.face) },
        ...faceGalleryProviders(config.gallery),
        FingerprintGallery,
        BiometricMatchingService,
        AbisRequestRepository,
        AbisService,
        BiometricQueues,
        { provide: QueueConnection, useFactory: () => new QueueConnection({ redisUrl: config.redisUrl, queuePrefix: config.queuePrefix, jobLockSeconds: config.jobLockSeconds }) },
        { provide: PlatformMetrics, useValue: new PlatformMetrics('biometric') },
        BiometricMetrics,
        { provide: TOKEN_VERIFIER, useFactory: () => new OidcTokenVerifier(config.oidc, permissionsOf) },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useClass: DtoValidationPipe },
        { provide: APP_FILTER, useFactory: () => new ProblemDetailsFilter(BIOMETRIC_PROBLEM_DETAILS) },
      ],
    };
  }
}
