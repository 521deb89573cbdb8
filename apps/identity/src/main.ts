import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@citizen-zero/nest-platform';
import { loadIdentityConfig } from './config/identity-config';
import { createIdentityApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit(loadIdentityConfig);
  const app = await createIdentityApp(config);
  await app.listen(config.http.port, config.http.host);
  new Logger('identity').log(`listening on http://${config.http.host}:${config.http.port} (OpenAPI at /openapi.json)`);
}

void main();
