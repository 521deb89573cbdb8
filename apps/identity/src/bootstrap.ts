import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { enableBrowserCors, JsonLogger } from '@citizen-zero/nest-platform';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { IdentityConfig } from './config/identity-config';
import { OpenApiDocument } from './http/openapi.controller';
import { IdentityModule } from './identity.module';

/** Builds the identity service's Nest application (used by main.ts and by the tests). */
export async function createIdentityApp(config: IdentityConfig, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(IdentityModule.forConfig(config), { logger: options.logger === false ? false : new JsonLogger('identity'), bodyParser: false });
  app.useBodyParser('json', { limit: '2mb' });
  app.useBodyParser('urlencoded', { extended: false, limit: '16kb' });
  app.enableShutdownHooks();
  enableBrowserCors(app, config.http.corsOrigins);
  app.get(OpenApiDocument).document = buildOpenApiDocument(app);
  return app;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Citizen Zero identity service')
    .setDescription('Citizen registry, enrolment applications, document and credential issuance, lifecycle and audit.')
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'OIDC access token from the identity provider' })
    .build();
  return SwaggerModule.createDocument(app, config, { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '').replace(/^./, (first) => first.toLowerCase())}_${method}` });
}
