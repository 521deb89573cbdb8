import { createPostgresDataSource, dataSourceProvider as serviceDataSourceProvider } from '@citizen-zero/nest-platform';
import { MONITOR_CONFIG, type MonitorConfig } from '../config/monitor-config';
import { Monitor1765400000000 } from './migrations/1765400000000-monitor';

/** The monitor database; the schema is changed only by migrations. Repositories use SQL: no entities. */
export const dataSourceProvider = serviceDataSourceProvider(MONITOR_CONFIG, (config: MonitorConfig) => ({
  dataSource: createPostgresDataSource({ url: config.databaseUrl, migrations: [Monitor1765400000000], applicationName: 'citizen-zero-monitor', poolSize: 10 }),
  runMigrations: config.runMigrations,
}));
