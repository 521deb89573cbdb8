import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@citizen-zero/nest-platform';
import { loadVerificationConfig } from './config/verification-config';
import { createVerificationApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit(loadVerificationConfig);
  const app = await createVerificationApp(config);
  await app.listen(config.http.port, config.http.host);
  new Logger('verification').log(`listening on http://${config.http.host}:${config.http.port}`);
}

void main();
