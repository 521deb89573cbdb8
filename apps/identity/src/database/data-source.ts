import { DataSource } from 'typeorm';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { PersonEntity } from '../persons/person.entity';
import { InitialSchema1764460800000 } from './migrations/1764460800000-initial-schema';

export const IDENTITY_ENTITIES = [PersonEntity, AuditEntryEntity];
export const IDENTITY_MIGRATIONS = [InitialSchema1764460800000];

/** The identity database. The schema is only ever changed by migrations (`synchronize` is off). */
export function createIdentityDataSource(url: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: IDENTITY_ENTITIES,
    migrations: IDENTITY_MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: ['error'],
    extra: { max: 20, application_name: 'citizen-zero-identity' },
  });
}
