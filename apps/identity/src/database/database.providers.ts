import { dataSourceProvider as serviceDataSourceProvider } from '@citizen-zero/nest-platform';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { createIdentityDataSource } from './data-source';

/** Connects at boot and brings the schema up to date with the migrations when configured to. */
export const dataSourceProvider = serviceDataSourceProvider(IDENTITY_CONFIG, (config: IdentityConfig) => ({ dataSource: createIdentityDataSource(config.databaseUrl), runMigrations: config.runMigrations }));
