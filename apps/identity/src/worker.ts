import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JsonLogger, loadConfigOrExit } from '@citizen-zero/nest-platform';
import { loadIdentityConfig } from './config/identity-config';
import { IdentityModule } from './identity.module';

/**
 * The identity service's queue worker as its own process (no HTTP): issuance, deduplication
 * results, webhook deliveries and the recovery sweeps. Scale it separately from the API, which
 * then runs with CZ_IDENTITY_WORKERS=false.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit((env) => loadIdentityConfig({ ...env, CZ_IDENTITY_WORKERS: 'true' }));
  // The worker issues no BBS credential (the API does, at redemption), so it does not unseal that key (ADR 10).
  const context = await NestFactory.createApplicationContext(IdentityModule.forConfig({ ...config, zk: undefined }), { logger: new JsonLogger('identity-worker') });
  context.enableShutdownHooks();
  new Logger('identity-worker').log('identity worker running');
}

void main();
