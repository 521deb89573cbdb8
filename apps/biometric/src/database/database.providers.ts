import { Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BIOMETRIC_CONFIG, type BiometricConfig } from '../config/biometric-config';
import { TemplatesAndGallery1765000000000 } from './migrations/1765000000000-templates-and-gallery';

/** The biometric database; the schema is changed only by migrations (and the HNSW indexes the configuration asks for). */
export const dataSourceProvider: Provider = {
  provide: DataSource,
  inject: [BIOMETRIC_CONFIG],
  useFactory: async (config: BiometricConfig) => {
    const dataSource = await new DataSource({
      type: 'postgres',
      url: config.databaseUrl,
      migrations: [TemplatesAndGallery1765000000000],
      migrationsTableName: 'schema_migrations',
      synchronize: false,
      logging: false,
      extra: { max: 20, application_name: 'citizen-zero-biometric' },
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
