import { Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { createIdentityDataSource } from './data-source';

/** Connects at boot and brings the schema up to date with the migrations when configured to. */
export const dataSourceProvider: Provider = {
  provide: DataSource,
  inject: [IDENTITY_CONFIG],
  useFactory: async (config: IdentityConfig) => {
    const dataSource = await createIdentityDataSource(config.databaseUrl).initialize();
    if (config.runMigrations) await dataSource.runMigrations({ transaction: 'each' });
    return dataSource;
  },
};

/** Database liveness for readiness checks, and closing the pool at shutdown. */
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
