import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DcqlQuery, OpenId4VpProfile } from '@citizen-zero/mdoc';

export type Oid4vpTransactionStatus = 'pending' | 'responding' | 'completed' | 'failed';

/** An OpenID4VP transaction as stored: the request as sent, and what came of it. */
export interface Oid4vpTransaction {
  readonly id: string;
  readonly requestId: string;
  readonly relyingParty: string;
  readonly profile: OpenId4VpProfile;
  readonly clientId: string;
  readonly responseUri: string;
  readonly nonce: string;
  readonly state: string;
  readonly dcqlQuery: DcqlQuery;
  /** namespace → element identifiers, as POST /verifications takes them. */
  readonly elementRequest: Readonly<Record<string, readonly string[]>>;
  readonly purpose?: string;
  readonly requestObject: string;
  readonly redirectUri?: string;
  readonly responseCodeHash?: Uint8Array;
  readonly status: Oid4vpTransactionStatus;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly requestFetchedAt?: Date;
  readonly respondedAt?: Date;
  /** The verdict without element values, or the failure; never personal data. */
  readonly outcome?: unknown;
  readonly collectedAt?: Date;
}

interface Row {
  id: string;
  request_id: string;
  relying_party: string;
  profile: OpenId4VpProfile;
  client_id: string;
  response_uri: string;
  nonce: string;
  state: string;
  dcql_query: DcqlQuery;
  element_request: Record<string, string[]>;
  purpose: string | null;
  request_object: string;
  redirect_uri: string | null;
  response_code_hash: Buffer | null;
  status: Oid4vpTransactionStatus;
  created_at: Date;
  expires_at: Date;
  request_fetched_at: Date | null;
  responded_at: Date | null;
  outcome: unknown;
  collected_at: Date | null;
}

const COLUMNS = `id, request_id, relying_party, profile, client_id, response_uri, nonce, state, dcql_query, element_request, purpose, request_object, redirect_uri, response_code_hash, status, created_at, expires_at, request_fetched_at, responded_at, outcome, collected_at`;

/** OpenID4VP transactions in PostgreSQL; every state change is one conditional UPDATE, so a transaction takes exactly one response. */
@Injectable()
export class Oid4vpTransactionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A new transaction with the public half of the relying party's result key (sealed-result.ts). */
  async insert(transaction: Omit<Oid4vpTransaction, 'status' | 'requestFetchedAt' | 'respondedAt' | 'outcome' | 'collectedAt'>, resultPublicKey: Uint8Array): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO oid4vp_transactions (id, request_id, relying_party, profile, client_id, response_uri, nonce, state, dcql_query, element_request, purpose, request_object, redirect_uri, status, created_at, expires_at, result_public_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pending', $14, $15, $16)`,
      [
        transaction.id,
        transaction.requestId,
        transaction.relyingParty,
        transaction.profile,
        transaction.clientId,
        transaction.responseUri,
        transaction.nonce,
        transaction.state,
        JSON.stringify(transaction.dcqlQuery),
        JSON.stringify(transaction.elementRequest),
        transaction.purpose ?? null,
        transaction.requestObject,
        transaction.redirectUri ?? null,
        transaction.createdAt,
        transaction.expiresAt,
        Buffer.from(resultPublicKey),
      ],
    );
  }

  async findByRequestId(requestId: string): Promise<Oid4vpTransaction | undefined> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM oid4vp_transactions WHERE request_id = $1`, [requestId])) as Row[];
    return rows[0] && toTransaction(rows[0]);
  }

  async findForRelyingParty(id: string, relyingParty: string): Promise<Oid4vpTransaction | undefined> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM oid4vp_transactions WHERE id = $1 AND relying_party = $2`, [id, relyingParty])) as Row[];
    return rows[0] && toTransaction(rows[0]);
  }

  /** The first fetch of the Request Object is noted (later fetches return the same signed object). */
  async noteRequestFetched(id: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE oid4vp_transactions SET request_fetched_at = COALESCE(request_fetched_at, $2) WHERE id = $1`, [id, at]);
  }

  /** Takes the transaction for a response: true for exactly one caller, while it is pending and unexpired. */
  async claimForResponse(id: string, at: Date): Promise<boolean> {
    const [rows] = (await this.dataSource.query(`UPDATE oid4vp_transactions SET status = 'responding', responded_at = $2 WHERE id = $1 AND status = 'pending' AND expires_at > $2 RETURNING id`, [id, at])) as [unknown[], number];
    return rows.length === 1;
  }

  /** The relying party's result key's public half (see sealed-result.ts). */
  async resultPublicKey(id: string): Promise<Uint8Array | undefined> {
    const [row] = (await this.dataSource.query(`SELECT result_public_key FROM oid4vp_transactions WHERE id = $1`, [id])) as Array<{ result_public_key: Buffer | null }>;
    return row?.result_public_key ?? undefined;
  }

  async complete(id: string, outcome: unknown, disclosedSealed: Uint8Array, responseCodeHash: Uint8Array | undefined): Promise<void> {
    await this.dataSource.query(`UPDATE oid4vp_transactions SET status = 'completed', outcome = $2, disclosed_sealed = $3, response_code_hash = $4 WHERE id = $1 AND status = 'responding'`, [
      id,
      JSON.stringify(outcome),
      Buffer.from(disclosedSealed),
      responseCodeHash ? Buffer.from(responseCodeHash) : null,
    ]);
  }

  async fail(id: string, outcome: unknown, responseCodeHash: Uint8Array | undefined): Promise<void> {
    await this.dataSource.query(`UPDATE oid4vp_transactions SET status = 'failed', outcome = $2, response_code_hash = $3 WHERE id = $1 AND status = 'responding'`, [id, JSON.stringify(outcome), responseCodeHash ? Buffer.from(responseCodeHash) : null]);
  }

  /** The sealed element values, while they wait to be collected. */
  async sealedDisclosed(id: string): Promise<Uint8Array | undefined> {
    const [row] = (await this.dataSource.query(`SELECT disclosed_sealed FROM oid4vp_transactions WHERE id = $1`, [id])) as Array<{ disclosed_sealed: Buffer | null }>;
    return row?.disclosed_sealed ?? undefined;
  }

  /** Erases the sealed values once they were opened: true for exactly one caller (the values go out in one answer only). */
  async markCollected(id: string, at: Date): Promise<boolean> {
    // UPDATE … RETURNING comes back from TypeORM's postgres driver as [rows, rowCount].
    const [rows] = (await this.dataSource.query(`UPDATE oid4vp_transactions SET disclosed_sealed = NULL, collected_at = $2 WHERE id = $1 AND disclosed_sealed IS NOT NULL RETURNING id`, [id, at])) as [unknown[], number];
    return rows.length === 1;
  }

  /** Erases sealed values nobody collected within the result TTL; returns how many. */
  async eraseUncollected(before: Date): Promise<number> {
    const [, count] = (await this.dataSource.query(`UPDATE oid4vp_transactions SET disclosed_sealed = NULL WHERE disclosed_sealed IS NOT NULL AND responded_at < $1`, [before])) as [unknown[], number];
    return count;
  }
}

function toTransaction(row: Row): Oid4vpTransaction {
  return {
    id: row.id,
    requestId: row.request_id,
    relyingParty: row.relying_party,
    profile: row.profile,
    clientId: row.client_id,
    responseUri: row.response_uri,
    nonce: row.nonce,
    state: row.state,
    dcqlQuery: row.dcql_query,
    elementRequest: row.element_request,
    ...(row.purpose !== null && { purpose: row.purpose }),
    requestObject: row.request_object,
    ...(row.redirect_uri !== null && { redirectUri: row.redirect_uri }),
    ...(row.response_code_hash !== null && { responseCodeHash: new Uint8Array(row.response_code_hash) }),
    status: row.status,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    ...(row.request_fetched_at !== null && { requestFetchedAt: row.request_fetched_at }),
    ...(row.responded_at !== null && { respondedAt: row.responded_at }),
    ...(row.outcome !== null && { outcome: row.outcome }),
    ...(row.collected_at !== null && { collectedAt: row.collected_at }),
  };
}
