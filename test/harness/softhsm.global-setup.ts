import { createSoftHsmEnvironment } from './softhsm';

/**
 * Vitest global setup: one SoftHSM2 token directory per test run, in a fresh temp dir.
 * Test files create their own tokens in it with `createTestToken`; the SOFTHSM2_CONF set here
 * is inherited by the worker processes.
 */
export default function setup(): () => void {
  return createSoftHsmEnvironment();
}
