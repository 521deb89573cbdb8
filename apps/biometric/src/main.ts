import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@citizen-zero/nest-platform';
import { loadBiometricConfig } from './config/biometric-config';
import { createBiometricApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit(loadBiometricConfig);
  const app = await createBiometricApp(config);
  await app.listen(config.http.port, config.http.host);
  new Logger('biometric').log(`listening on http://${config.http.host}:${config.http.port}`);
}

void main();
