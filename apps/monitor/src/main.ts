import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadMonitorConfig } from './config/monitor-config';
import { createMonitorApp } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadMonitorConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const app = await createMonitorApp(config);
  await app.listen(config.http.port, config.http.host);
  new Logger('monitor').log(`listening on http://${config.http.host}:${config.http.port}, watching ${config.services.map((service) => service.name).join(', ')}`);
}

void main();
