import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadIdentityConfig } from './config/identity-config';
import { createIdentityApp } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadIdentityConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const app = await createIdentityApp(config);
  await app.listen(config.http.port, config.http.host);
  new Logger('identity').log(`listening on http://${config.http.host}:${config.http.port} (OpenAPI at /openapi.json)`);
}

void main();
