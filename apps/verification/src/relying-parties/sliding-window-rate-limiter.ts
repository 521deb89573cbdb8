import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RedisClient } from './redis-client';

export interface RateDecision {
  readonly allowed: boolean;
  readonly remaining: number;
  /** When refused: how long until the oldest request in the window leaves it. */
  readonly retryAfterMs: number;
}

/**
 * A sliding-window log per key in Redis: each accepted request is a member of a sorted set scored
 * by its time; a request is accepted when fewer than `limit` members lie within the last
 * `windowMs`. One Lua script, so concurrent requests on several replicas count exactly (no
 * fixed-window burst at the boundary). Memory per key is at most `limit` members.
 */
const SCRIPT = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window)
  return {1, limit - count - 1, 0}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, 0, tonumber(oldest[2]) + window - now}
`;

@Injectable()
export class SlidingWindowRateLimiter {
  constructor(private readonly client: RedisClient) {}

  async take(subject: string, limit: number, windowMs = 60_000): Promise<RateDecision> {
    const now = Date.now();
    const [allowed, remaining, retryAfterMs] = (await this.client.redis.eval(SCRIPT, 1, this.client.key('rate', subject), now, windowMs, limit, `${now}:${randomUUID()}`)) as [number, number, number];
    return { allowed: allowed === 1, remaining, retryAfterMs: Math.max(0, retryAfterMs) };
  }
}
