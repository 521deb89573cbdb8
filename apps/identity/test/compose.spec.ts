import { describe, expect, it } from 'vitest';
import { composeEnvironment, renderChart, variablesRead } from '@citizen-zero/test-harness';
import { loadIdentityConfig } from '../src/config/identity-config';

/** Variables the stack sets for reasons other than this service's configuration. */
const OUTSIDE_CONFIG = ['SOFTHSM2_CONF'];

describe('docker-compose.yml configures the identity service as its own loader expects', () => {
  for (const service of ['identity', 'identity-worker']) {
    it(`${service}: accepted at boot, and no variable it does not read (a typo would be silently ignored)`, () => {
      const env = composeEnvironment(service);
      expect(() => loadIdentityConfig(env)).not.toThrow();
      const read = variablesRead(loadIdentityConfig, env);
      expect(Object.keys(env).filter((name) => !read.has(name) && !OUTSIDE_CONFIG.includes(name))).toEqual([]);
    });
  }
});

describe('the Helm chart configures the identity service as its own loader expects', () => {
  for (const container of renderChart().containers.filter((candidate) => candidate.name.startsWith('identity'))) {
    it(`${container.name}: accepted at boot, and no variable it does not read`, () => {
      expect(() => loadIdentityConfig(container.env)).not.toThrow();
      const read = variablesRead(loadIdentityConfig, container.env);
      expect(Object.keys(container.env).filter((name) => !read.has(name))).toEqual([]);
    });
  }
});
