import { Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';

export interface PostgresDataSourceOptions {
  readonly url: string;
  readonly migrations: NonNullable<DataSourceOptions['migrations']>;
  /** TypeORM entities, for repositories that use them (services whose repositories write SQL need none). */
  readonly entities?: NonNullable<DataSourceOptions['entities']>;
  /** Shown in `pg_stat_activity`, e.g. `citizen-zero-identity`. */
  readonly applicationName: string;
  /** Connections in the pool (default 20). */
  readonly poolSize?: number;
}

/** A service's PostgreSQL database: the schema is only ever changed by migrations (`synchronize` is off). */
export function createPostgresDataSource(options: PostgresDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities ?? [],
    migrations: options.migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
    extra: { max: options.poolSize ?? 20, application_name: options.applicationName },
  });
}

/**
 * The `DataSource` provider of a service: connects at boot and brings the schema up to date with
 * the migrations when the service's configuration says so.
 */
export function dataSourceProvider<Config>(configToken: symbol, from: (config: Config) => { readonly dataSource: DataSource; readonly runMigrations: boolean }): Provider {
  return {
    provide: DataSource,
    inject: [configToken],
    useFactory: async (config: Config) => {
      const { dataSource, runMigrations } = from(config);
      await dataSource.initialize();
      if (runMigrations) await dataSource.runMigrations({ transaction: 'each' });
      return dataSource;
    },
  };
}

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
