import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * A lease in PostgreSQL: one holder at a time, for `ttlMs` unless renewed. The monitor's
 * replicas all serve the API and deliver webhooks, but only the lease holder polls and
 * evaluates alerts, so samples are not doubled and "down for N polls" means N polls.
 */
@Injectable()
export class LeaseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Takes or renews the lease; true when this holder has it. */
  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO monitor_leases (name, holder, expires_at) VALUES ($1, $2, now() + ($3::int * interval '1 millisecond'))
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE monitor_leases.holder = EXCLUDED.holder OR monitor_leases.expires_at < now()
       RETURNING holder`,
      [name, holder, ttlMs],
    )) as { holder: string }[];
    return rows[0]?.holder === holder;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM monitor_leases WHERE name = $1 AND holder = $2`, [name, holder]);
  }
}
