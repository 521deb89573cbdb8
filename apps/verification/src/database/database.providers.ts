import { Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { VERIFICATION_CONFIG, type VerificationConfig } from '../config/verification-config';
import { TrustedIacaEntity } from '../trust/trusted-iaca.entity';
import { TrustAndRecords1764900000000 } from './migrations/1764900000000-trust-and-records';
import { RelyingParties1765100000000 } from './migrations/1765100000000-relying-parties';
import { Oid4vpTransactions1765300000000 } from './migrations/1765300000000-oid4vp-transactions';
import { ZkNonces1765400000000 } from './migrations/1765400000000-zk-nonces';
import { Oid4vpSealedResults1765500000000 } from './migrations/1765500000000-oid4vp-sealed-results';

/** The verification database; the schema is changed only by migrations. */
export const dataSourceProvider: Provider = {
  provide: DataSource,
  inject: [VERIFICATION_CONFIG],
  useFactory: async (config: VerificationConfig) => {
    const dataSource = await new DataSource({
      type: 'postgres',
      url: config.databaseUrl,
      entities: [TrustedIacaEntity],
      migrations: [TrustAndRecords1764900000000, RelyingParties1765100000000, Oid4vpTransactions1765300000000, ZkNonces1765400000000, Oid4vpSealedResults1765500000000],
      migrationsTableName: 'schema_migrations',
      synchronize: false,
      logging: false,
      extra: { max: 20, application_name: 'citizen-zero-verification' },
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
