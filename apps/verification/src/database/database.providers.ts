import { createPostgresDataSource, dataSourceProvider as serviceDataSourceProvider } from '@citizen-zero/nest-platform';
import { VERIFICATION_CONFIG, type VerificationConfig } from '../config/verification-config';
import { TrustedIacaEntity } from '../trust/trusted-iaca.entity';
import { TrustAndRecords1764900000000 } from './migrations/1764900000000-trust-and-records';
import { RelyingParties1765100000000 } from './migrations/1765100000000-relying-parties';
import { Oid4vpTransactions1765300000000 } from './migrations/1765300000000-oid4vp-transactions';
import { ZkNonces1765400000000 } from './migrations/1765400000000-zk-nonces';
import { Oid4vpSealedResults1765500000000 } from './migrations/1765500000000-oid4vp-sealed-results';
import { ReaderCertificates1765600000000 } from './migrations/1765600000000-reader-certificates';

/** The verification database; the schema is changed only by migrations. */
export const dataSourceProvider = serviceDataSourceProvider(VERIFICATION_CONFIG, (config: VerificationConfig) => ({
  dataSource: createPostgresDataSource({
    url: config.databaseUrl,
    entities: [TrustedIacaEntity],
    migrations: [TrustAndRecords1764900000000, RelyingParties1765100000000, Oid4vpTransactions1765300000000, ZkNonces1765400000000, Oid4vpSealedResults1765500000000, ReaderCertificates1765600000000],
    applicationName: 'citizen-zero-verification',
  }),
  runMigrations: config.runMigrations,
}));
