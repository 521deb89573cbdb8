import { Injectable } from '@nestjs/common';
import { RedisClient } from './redis-client';

export interface DailyUsage {
  readonly day: string;
  /** Requests per operation and per key that day. */
  readonly operations: Readonly<Record<string, number>>;
  readonly keys: Readonly<Record<string, number>>;
}

const RETENTION_SECONDS = 400 * 86_400;

/**
 * Usage metering per relying party: one Redis hash per party and UTC day, counters per operation
 * and per API key (HINCRBY, atomic across replicas; Redis persists them with AOF). Kept for 400
 * days, long enough for a year's invoicing and disputes.
 */
@Injectable()
export class UsageMeter {
  constructor(private readonly client: RedisClient) {}

  async record(relyingPartyId: string, keyId: string, operation: string): Promise<void> {
    const key = this.client.key('usage', relyingPartyId, new Date().toISOString().slice(0, 10));
    await this.client.redis.multi().hincrby(key, `operation:${operation}`, 1).hincrby(key, `key:${keyId}`, 1).expire(key, RETENTION_SECONDS).exec();
  }

  /** The last `days` days, most recent first (days without use included, with no counters). */
  async usage(relyingPartyId: string, days: number): Promise<DailyUsage[]> {
    const result: DailyUsage[] = [];
    for (let back = 0; back < days; back++) {
      const day = new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);
      const counters = await this.client.redis.hgetall(this.client.key('usage', relyingPartyId, day));
      const operations: Record<string, number> = {};
      const keys: Record<string, number> = {};
      for (const [field, value] of Object.entries(counters)) {
        if (field.startsWith('operation:')) operations[field.slice('operation:'.length)] = Number(value);
        else if (field.startsWith('key:')) keys[field.slice('key:'.length)] = Number(value);
      }
      result.push({ day, operations, keys });
    }
    return result;
  }
}
