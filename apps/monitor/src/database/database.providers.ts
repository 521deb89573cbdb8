import { Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MONITOR_CONFIG, type MonitorConfig } from '../config/monitor-config';
import { Monitor1765400000000 } from './migrations/1765400000000-monitor';

/** The monitor database; the schema is changed only by migrations. Repositories use SQL: no entities. */
export const dataSourceProvider: Provider = {
  provide: DataSource,
  inject: [MONITOR_CONFIG],
  useFactory: async (config: MonitorConfig) => {
    const dataSource = await new DataSource({
      type: 'postgres',
      url: config.databaseUrl,
      entities: [],
      migrations: [Monitor1765400000000],
      migrationsTableName: 'schema_migrations',
      synchronize: false,
      logging: false,
      extra: { max: 10, application_name: 'citizen-zero-monitor' },
    }).initialize();
    if (config.runMigrations) await dataSource.runMigrations({ transaction: 'each' });
    return dataSource;
  },
};

@Injectable()
export class Database implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
