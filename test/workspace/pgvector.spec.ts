import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPostgres, startLocalPostgres } from '@citizen-zero/test-harness';

/** pgvector, built by scripts/lib/ensure-pgvector.sh, in the PostgreSQL 15 the platform runs. */
describe('pgvector in PostgreSQL 15', () => {
  let postgres: LocalPostgres;
  beforeAll(async () => {
    postgres = await startLocalPostgres();
  });
  afterAll(() => postgres?.stop());

  it('creates the extension and finds the nearest halfvec by cosine distance', async () => {
    const client = new Client({ connectionString: postgres.adminUrl });
    await client.connect();
    try {
      await client.query('CREATE EXTENSION vector');
      await client.query('CREATE TABLE gallery (id int PRIMARY KEY, embedding halfvec(3))');
      await client.query(`INSERT INTO gallery VALUES (1, '[1,0,0]'), (2, '[0,1,0]'), (3, '[0.9,0.1,0]')`);
      const { rows } = await client.query(`SELECT id FROM gallery ORDER BY embedding <=> '[1,0.05,0]' LIMIT 2`);
      expect(rows.map((row: { id: number }) => row.id)).toEqual([1, 3]);
    } finally {
      await client.end();
    }
  });
});
