import type { OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

/** The service's Redis client (rate limits, usage meters), with the deployment's key prefix. */
export class RedisClient implements OnApplicationShutdown {
  readonly redis: Redis;

  constructor(
    url: string,
    readonly prefix: string,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
    this.redis.on('error', () => undefined); // reconnects on its own; each command reports its own failure
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
