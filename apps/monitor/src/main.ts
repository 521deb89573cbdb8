import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@citizen-zero/nest-platform';
import { loadMonitorConfig } from './config/monitor-config';
import { createMonitorApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit(loadMonitorConfig);
  const app = await createMonitorApp(config);
  await app.listen(config.http.port, config.http.host);
  new Logger('monitor').log(`listening on http://${config.http.host}:${config.http.port}, watching ${config.services.map((service) => service.name).join(', ')}`);
}

void main();
