import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { Database, AccessGuard, DtoValidationPipe, MetricsController, ObservabilityMiddleware, OidcTokenVerifier, PlatformMetrics, ProblemDetailsFilter, TOKEN_VERIFIER, Transactions } from '@citizen-zero/nest-platform';
import { AlertRepository } from './alerts/alert.repository';
import { AlertStream } from './alerts/alert-stream';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { permissionsOf } from './auth/permissions';
import { CertificateWatch } from './certificates/certificate-watch';
import { MONITOR_CONFIG, type MonitorConfig } from './config/monitor-config';
import { AlertChannel } from './database/alert-channel';
import { dataSourceProvider } from './database/database.providers';
import { HistoryController } from './history/history.controller';
import { HistoryService } from './history/history.service';
import { SampleRepository } from './history/sample.repository';
import { HealthController } from './http/health.controller';
import { MonitorMetrics } from './http/monitor-metrics';
import { MONITOR_PROBLEM_DETAILS } from './http/problem-details';
import { LeaseRepository } from './polling/lease.repository';
import { MonitorCycle } from './polling/monitor-cycle';
import { ServicePoller } from './polling/service-poller';
import { TopologyController } from './topology/topology.controller';
import { TopologyService } from './topology/topology.service';
import { NotificationRepository } from './webhooks/notification.repository';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';

@Module({})
export class MonitorModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ObservabilityMiddleware).forRoutes('{*path}');
  }

  static forConfig(config: MonitorConfig): DynamicModule {
    return {
      module: MonitorModule,
      controllers: [MetricsController, HealthController, TopologyController, AlertsController, HistoryController],
      providers: [
        { provide: MONITOR_CONFIG, useValue: config },
        dataSourceProvider,
        Database,
        Transactions,
        SampleRepository,
        AlertRepository,
        NotificationRepository,
        LeaseRepository,
        AlertChannel,
        AlertsService,
        AlertStream,
        CertificateWatch,
        ServicePoller,
        TopologyService,
        HistoryService,
        MonitorMetrics,
        WebhookDispatcher,
        MonitorCycle,
        { provide: PlatformMetrics, useValue: new PlatformMetrics('monitor') },
        { provide: TOKEN_VERIFIER, useFactory: () => new OidcTokenVerifier(config.oidc, permissionsOf) },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useClass: DtoValidationPipe },
        { provide: APP_FILTER, useFactory: () => new ProblemDetailsFilter(MONITOR_PROBLEM_DETAILS) },
      ],
    };
  }
}
