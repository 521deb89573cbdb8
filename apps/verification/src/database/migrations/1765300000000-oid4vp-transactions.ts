import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * OpenID4VP transactions (oid4vp/): one per Authorization Request, single use. They hold the
 * request as sent (client id, nonce, state, response URI, DCQL query of doctype and element names,
 * the signed Request Object) and, once the wallet answered, the verdict without element values
 * (`outcome`) and the disclosed element values (`disclosed`) until the relying party collects them
 * once — or the result TTL passes — when they are erased.
 */
export class Oid4vpTransactions1765300000000 implements MigrationInterface {
  name = 'Oid4vpTransactions1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE oid4vp_transactions (
        id uuid PRIMARY KEY,
        request_id text NOT NULL UNIQUE,
        relying_party text NOT NULL,
        profile text NOT NULL,
        client_id text NOT NULL,
        response_uri text NOT NULL,
        nonce text NOT NULL,
        state text NOT NULL,
        dcql_query jsonb NOT NULL,
        element_request jsonb NOT NULL,
        purpose text,
        request_object text NOT NULL,
        redirect_uri text,
        response_code_hash bytea,
        status text NOT NULL CHECK (status IN ('pending', 'responding', 'completed', 'failed')),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        request_fetched_at timestamptz,
        responded_at timestamptz,
        outcome jsonb,
        disclosed jsonb,
        collected_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX oid4vp_transactions_relying_party ON oid4vp_transactions (relying_party, created_at)`);
    await queryRunner.query(`CREATE INDEX oid4vp_transactions_uncollected ON oid4vp_transactions (responded_at) WHERE disclosed IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE oid4vp_transactions`);
  }
}
