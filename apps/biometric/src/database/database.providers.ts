import { createPostgresDataSource, dataSourceProvider as serviceDataSourceProvider } from '@citizen-zero/nest-platform';
import { BIOMETRIC_CONFIG, type BiometricConfig } from '../config/biometric-config';
import { TemplatesAndGallery1765000000000 } from './migrations/1765000000000-templates-and-gallery';
import { FingerprintGalleryVersion1765600000000 } from './migrations/1765600000000-fingerprint-gallery-version';

/** The biometric database; the schema is changed only by migrations (and the HNSW indexes the configuration asks for). */
export const dataSourceProvider = serviceDataSourceProvider(BIOMETRIC_CONFIG, (config: BiometricConfig) => ({
  dataSource: createPostgresDataSource({ url: config.databaseUrl, migrations: [TemplatesAndGallery1765000000000, FingerprintGalleryVersion1765600000000], applicationName: 'citizen-zero-biometric' }),
  runMigrations: config.runMigrations,
}));
