import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Events written in the same transaction as the change they announce, published afterwards (transactional outbox). */
export class Outbox1764892800000 implements MigrationInterface {
  name = 'Outbox1764892800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox_events (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        published_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX outbox_events_unpublished ON outbox_events (created_at) WHERE published_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE outbox_events`);
  }
}
