import { createSoftHsmEnvironment } from './softhsm';
import { startLocalPostgres } from './postgres';
import { startLocalRedis } from './redis';

/**
 * Vitest global setup for service tests: one PostgreSQL 15 cluster, one Redis and one SoftHSM2
 * token directory per test run, all on loopback in temp dirs. Test files create their own
 * databases (`createTestDatabase`), Redis key prefixes and tokens (`createTestToken`).
 */
export default async function setup(): Promise<() => void> {
  const stopHsm = createSoftHsmEnvironment();
  const [postgres, redis] = await Promise.all([startLocalPostgres(), startLocalRedis()]);
  process.env['CZ_TEST_POSTGRES_URL'] = postgres.adminUrl;
  process.env['CZ_TEST_REDIS_URL'] = redis.url;
  return () => {
    redis.stop();
    postgres.stop();
    stopHsm();
  };
}
