import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JsonLogger, enableBrowserCors } from '@citizen-zero/nest-platform';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { VerificationConfig } from './config/verification-config';
import { VerificationModule } from './verification.module';

export async function createVerificationApp(config: VerificationConfig, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(VerificationModule.forConfig(config), { logger: options.logger === false ? false : new JsonLogger('verification'), bodyParser: false });
  app.useBodyParser('json', { limit: '4mb' });
  app.enableShutdownHooks();
  enableBrowserCors(app, config.http.corsOrigins, { extraHeaders: ['x-api-key', 'x-oid4vp-result-key'] });
  return app;
}
