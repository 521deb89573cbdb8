import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ApplicationEvents } from './applications/application-events';
import { ApplicationReader } from './applications/application-reader';
import { ApplicationRepository } from './applications/application.repository';
import { ApplicationsController } from './applications/applications.controller';
import { ApplicationsService } from './applications/applications.service';
import { WorkflowRecovery } from './applications/workflow-recovery';
import { AuditController } from './audit/audit.controller';
import { AuditLogRepository } from './audit/audit-log.repository';
import { AuditLogService } from './audit/audit-log.service';
import { Database, AccessGuard, ObservabilityMiddleware, MetricsController, PlatformMetrics, DtoValidationPipe, OidcTokenVerifier, ProblemDetailsFilter, QueueConnection, TOKEN_VERIFIER } from '@citizen-zero/nest-platform';
import { permissionsOf } from './auth/permissions';
import { IDENTITY_CONFIG, type IdentityConfig } from './config/identity-config';
import { BlindIndex } from './crypto/blind-index';
import { EnvelopeEncryption } from './crypto/envelope-encryption';
import { keyCustodyProvider } from './crypto/key-custody';
import { KeyRotationService } from './crypto/key-rotation.service';
import { KeysController } from './crypto/keys.controller';
import { KeyInventoryController } from './crypto/key-inventory.controller';
import { KeyInventoryService } from './crypto/key-inventory.service';
import { StatisticsController } from './statistics/statistics.controller';
import { StatisticsRepository } from './statistics/statistics.repository';
import { StatisticsService } from './statistics/statistics.service';
import { dataSourceProvider } from './database/database.providers';
import { Transactions } from './database/transactions';
import { HealthController } from './http/health.controller';
import { OpenApiController, OpenApiDocument } from './http/openapi.controller';
import { IdentityMetrics } from './http/identity-metrics';
import { IDENTITY_PROBLEM_DETAILS } from './http/problem-details.filter';
import { DeadLettersController } from './issuance/dead-letters.controller';
import { DeadLettersService } from './issuance/dead-letters.service';
import { DocumentSigners } from './issuance/document-signers';
import { DocumentsController } from './issuance/documents.controller';
import { DocumentsService } from './issuance/documents.service';
import { IssuanceService } from './issuance/issuance.service';
import { CredentialOfferRepository } from './issuance/credential-offer.repository';
import { DeadLetterRepository, IssuedDocumentRepository } from './issuance/issued-document.repository';
import { LifecycleController } from './lifecycle/lifecycle.controller';
import { LifecycleService } from './lifecycle/lifecycle.service';
import { Oid4vciController } from './oid4vci/oid4vci.controller';
import { Oid4vciService } from './oid4vci/oid4vci.service';
import { PersonRepository } from './persons/person.repository';
import { StatusListController } from './status-list/status-list.controller';
import { StatusListPublisher } from './status-list/status-list-publisher';
import { OutboxRepository } from './webhooks/outbox.repository';
import { WebhookRepository } from './webhooks/webhook.repository';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksService } from './webhooks/webhooks.service';
import { PersonsController } from './persons/persons.controller';
import { PersonsService } from './persons/persons.service';
import { RecordHistoryRepository } from './persons/record-history.repository';
import { RecordHistoryService } from './persons/record-history.service';
import { ZkCredentialIssuance } from './zk/zk-credential-issuance.service';
import { ZkController } from './zk/zk.controller';
import { zkIssuerProvider } from './zk/zk-issuer';

@Module({})
export class IdentityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ObservabilityMiddleware).forRoutes('{*path}');
  }

  static forConfig(config: IdentityConfig): DynamicModule {
    return {
      module: IdentityModule,
      controllers: [MetricsController, PersonsController, ApplicationsController, DocumentsController, DeadLettersController, Oid4vciController, LifecycleController, StatusListController, WebhooksController, AuditController, KeysController, KeyInventoryController, StatisticsController, HealthController, OpenApiController, ZkController],
      providers: [
        { provide: IDENTITY_CONFIG, useValue: config },
        dataSourceProvider,
        Database,
        keyCustodyProvider,
        Transactions,
        EnvelopeEncryption,
        BlindIndex,
        KeyRotationService,
        KeyInventoryService,
        StatisticsRepository,
        StatisticsService,
        AuditLogRepository,
        AuditLogService,
        PersonRepository,
        PersonsService,
        RecordHistoryRepository,
        RecordHistoryService,
        { provide: QueueConnection, useFactory: () => new QueueConnection({ redisUrl: config.redisUrl, queuePrefix: config.queuePrefix, jobLockSeconds: config.jobLockSeconds }) },
        ApplicationRepository,
        ApplicationReader,
        ApplicationEvents,
        ApplicationsService,
        WorkflowRecovery,
        DocumentSigners,
        IssuedDocumentRepository,
        CredentialOfferRepository,
        DeadLetterRepository,
        IssuanceService,
        DeadLettersService,
        DocumentsService,
        IdentityMetrics,
        Oid4vciService,
        zkIssuerProvider,
        ZkCredentialIssuance,
        WebhookRepository,
        OutboxRepository,
        WebhooksService,
        StatusListPublisher,
        LifecycleService,
        { provide: PlatformMetrics, useValue: new PlatformMetrics('identity') },
        { provide: TOKEN_VERIFIER, useFactory: () => new OidcTokenVerifier(config.oidc, permissionsOf) },
        OpenApiDocument,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useClass: DtoValidationPipe },
        { provide: APP_FILTER, useFactory: () => new ProblemDetailsFilter(IDENTITY_PROBLEM_DETAILS) },
      ],
    };
  }
}
