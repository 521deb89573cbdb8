import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { JsonLogger, enableBrowserCors } from '@citizen-zero/nest-platform';
import type { MonitorConfig } from './config/monitor-config';
import { MonitorModule } from './monitor.module';

export async function createMonitorApp(config: MonitorConfig, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(MonitorModule.forConfig(config), { logger: options.logger === false ? false : new JsonLogger('monitor'), bodyParser: false });
  app.useBodyParser('json', { limit: '64kb' });
  app.enableShutdownHooks();
  enableBrowserCors(app, config.http.corsOrigins);
  return app;
}
