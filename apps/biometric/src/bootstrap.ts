import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { JsonLogger, enableBrowserCors } from '@citizen-zero/nest-platform';
import type { BiometricConfig } from './config/biometric-config';
import { BiometricModule } from './biometric.module';

export async function createBiometricApp(config: BiometricConfig, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(BiometricModule.forConfig(config), { logger: options.logger === false ? false : new JsonLogger('biometric'), bodyParser: false });
  // Pictures travel as base64 in JSON: 4/3 of the largest accepted picture, plus the envelope.
  app.useBodyParser('json', { limit: Math.ceil((config.http.maxImageBytes * 4) / 3) + 64 * 1024 });
  app.enableShutdownHooks();
  enableBrowserCors(app, config.http.corsOrigins);
  return app;
}
