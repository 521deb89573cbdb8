import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadVerificationConfig } from './config/verification-config';
import { createVerificationApp } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadVerificationConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const app = await createVerificationApp(config);
  await app.listen(config.http.port, config.http.host);
  new Logger('verification').log(`listening on http://${config.http.host}:${config.http.port}`);
}

void main();
