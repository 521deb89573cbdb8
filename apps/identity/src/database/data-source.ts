import type { DataSource } from 'typeorm';
import { createPostgresDataSource } from '@citizen-zero/nest-platform';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { ApplicationEntity, ApplicationJournalEntity } from '../applications/application.entity';
import { CredentialOfferEntity, DeadLetterEntity, IssuedDocumentEntity } from '../issuance/issued-document.entity';
import { PersonEntity } from '../persons/person.entity';
import { WebhookDeliveryEntity, WebhookSubscriptionEntity } from '../webhooks/webhook.entity';
import { InitialSchema1764460800000 } from './migrations/1764460800000-initial-schema';
import { Applications1764547200000 } from './migrations/1764547200000-applications';
import { Issuance1764633600000 } from './migrations/1764633600000-issuance';
import { LifecycleAndWebhooks1764720000000 } from './migrations/1764720000000-lifecycle-and-webhooks';
import { AuditHead1764806400000 } from './migrations/1764806400000-audit-head';
import { Outbox1764892800000 } from './migrations/1764892800000-outbox';
import { AuditSearchAndStatistics1765065600000 } from './migrations/1765065600000-audit-search-and-statistics';

export const IDENTITY_ENTITIES = [PersonEntity, AuditEntryEntity, ApplicationEntity, ApplicationJournalEntity, IssuedDocumentEntity, CredentialOfferEntity, DeadLetterEntity, WebhookSubscriptionEntity, WebhookDeliveryEntity];
export const IDENTITY_MIGRATIONS = [InitialSchema1764460800000, Applications1764547200000, Issuance1764633600000, LifecycleAndWebhooks1764720000000, AuditHead1764806400000, Outbox1764892800000, AuditSearchAndStatistics1765065600000];

/** The identity database. The schema is only ever changed by migrations (`synchronize` is off). */
export function createIdentityDataSource(url: string): DataSource {
  return createPostgresDataSource({ url, entities: IDENTITY_ENTITIES, migrations: IDENTITY_MIGRATIONS, applicationName: 'citizen-zero-identity' });
}
