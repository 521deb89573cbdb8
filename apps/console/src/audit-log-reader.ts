import { Client, DatabaseError } from 'pg';
import type { ChainedAuditEntry } from '@citizen-zero/audit-chain';
import { UsageError } from './exit-codes';

/**
 * Read-only access to the identity service's `audit_log` table (see the identity migration
 * `1764460800000-initial-schema.ts`). Everything happens in one READ ONLY, REPEATABLE READ
 * transaction: the console sees one consistent snapshot, page after page, and cannot change a row.
 */
export interface AuditLogReader {
  /** Where the reader is connected, without user name or password. */
  readonly location: string;
  /** How many entries come after `afterSequence`. */
  count(afterSequence: number): Promise<number>;
  /** Entries after `afterSequence` in sequence order, read `pageSize` at a time. */
  entries(afterSequence: number, pageSize: number): AsyncGenerator<ChainedAuditEntry>;
  /** The stored hash of one entry, or undefined when there is no entry with that sequence. */
  entryHash(sequence: number): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}

interface AuditLogRow {
  sequence: string;
  occurred_at: Date;
  actor: string;
  action: string;
  resource_type: string;
  resource_id: string;
  details: Record<string, string | number | boolean | null>;
  previous_hash: Buffer;
  entry_hash: Buffer;
}

export async function openAuditLogReader(databaseUrl: string): Promise<AuditLogReader> {
  const location = describeDatabaseUrl(databaseUrl);
  const client = new Client({ connectionString: databaseUrl, application_name: 'cz audit verify', connectionTimeoutMillis: 15_000 });
  // A connection lost mid-read surfaces as the failing query's error; this only keeps it from being unhandled.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  } catch (error) {
    await client.end().catch(() => undefined);
    throw databaseUsageError(error, location);
  }
  const query = async <T extends object>(text: string, values: unknown[]): Promise<T[]> => {
    try {
      return (await client.query<T>(text, values)).rows;
    } catch (error) {
      throw databaseUsageError(error, location);
    }
  };
  return {
    location,
    async count(afterSequence) {
      const [row] = await query<{ count: string }>('SELECT count(*) AS count FROM audit_log WHERE sequence > $1', [String(afterSequence)]);
      return Number(row?.count ?? 0);
    },
    async *entries(afterSequence, pageSize) {
      let after = String(afterSequence);
      for (;;) {
        const page = await query<AuditLogRow>(
          `SELECT sequence, occurred_at, actor, action, resource_type, resource_id, details, previous_hash, entry_hash
             FROM audit_log WHERE sequence > $1 ORDER BY sequence LIMIT $2`,
          [after, pageSize],
        );
        for (const row of page) yield toChainedEntry(row);
        if (page.length < pageSize) return;
        after = page.at(-1)!.sequence;
      }
    },
    async entryHash(sequence) {
      const [row] = await query<{ entry_hash: Buffer }>('SELECT entry_hash FROM audit_log WHERE sequence = $1', [String(sequence)]);
      return row ? new Uint8Array(row.entry_hash) : undefined;
    },
    async close() {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

function toChainedEntry(row: AuditLogRow): ChainedAuditEntry {
  return {
    sequence: Number(row.sequence),
    occurredAt: row.occurred_at,
    actor: row.actor,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    details: row.details,
    previousHash: new Uint8Array(row.previous_hash),
    entryHash: new Uint8Array(row.entry_hash),
  };
}

/** `host:port/database` of a PostgreSQL URL: safe to print, it carries no user name or password. */
export function describeDatabaseUrl(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new UsageError('the database URL is not a URL: expected postgres://<role>@<host>:<port>/<database>', 'DATABASE_URL_INVALID');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new UsageError(`the database URL must start with postgres:// or postgresql://, not ${url.protocol}//`, 'DATABASE_URL_INVALID');
  }
  if (!url.hostname || url.pathname.length <= 1) throw new UsageError('the database URL must name a host and a database: postgres://<role>@<host>:<port>/<database>', 'DATABASE_URL_INVALID');
  return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

/** PostgreSQL and network failures as usage errors that say what to do; never with the URL's credentials. */
function databaseUsageError(error: unknown, location: string): UsageError {
  if (error instanceof DatabaseError) {
    switch (error.code) {
      case '3D000':
        return new UsageError(`there is no database ${location}: check the database name in the URL`, 'DATABASE_NOT_FOUND');
      case '28P01':
      case '28000':
        return new UsageError(`PostgreSQL at ${location} refused the login (${error.message}): check the role and its password`, 'DATABASE_LOGIN_FAILED');
      case '42P01':
        return new UsageError(`${location} has no audit_log table: point the URL at the identity service's database`, 'AUDIT_LOG_NOT_FOUND');
      case '42501':
        return new UsageError(`the role may not read audit_log in ${location}: GRANT SELECT ON audit_log TO it (and nothing more)`, 'DATABASE_PERMISSION_DENIED');
      default:
        return new UsageError(`PostgreSQL at ${location} failed: ${error.message} (SQLSTATE ${error.code ?? 'unknown'})`, 'DATABASE_ERROR');
    }
  }
  const code = (error as { code?: unknown } | null)?.code;
  const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return new UsageError(`cannot reach PostgreSQL at ${location} (${reason}): check the host and port, and that the database accepts connections from here`, 'DATABASE_UNREACHABLE');
}
