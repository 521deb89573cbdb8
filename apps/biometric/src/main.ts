import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadBiometricConfig } from './config/biometric-config';
import { createBiometricApp } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadBiometricConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const app = await createBiometricApp(config);
  await app.listen(config.http.port, config.http.host);
  new Logger('biometric').log(`listening on http://${config.http.host}:${config.http.port}`);
}

void main();
