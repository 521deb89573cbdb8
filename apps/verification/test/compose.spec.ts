import { describe, expect, it } from 'vitest';
import { composeEnvironment, renderChart, variablesRead } from '@citizen-zero/test-harness';
import { loadVerificationConfig } from '../src/config/verification-config';

/** Variables the stack sets for reasons other than this service's configuration. */
const OUTSIDE_CONFIG = ['SOFTHSM2_CONF'];

describe('docker-compose.yml configures the verification service as its own loader expects', () => {
  for (const service of ['verification']) {
    it(`${service}: accepted at boot, and no variable it does not read (a typo would be silently ignored)`, () => {
      const env = composeEnvironment(service);
      expect(() => loadVerificationConfig(env)).not.toThrow();
      const read = variablesRead(loadVerificationConfig, env);
      expect(Object.keys(env).filter((name) => !read.has(name) && !OUTSIDE_CONFIG.includes(name))).toEqual([]);
    });
  }
});

describe('the Helm chart configures the verification service as its own loader expects', () => {
  for (const container of renderChart().containers.filter((candidate) => candidate.name.startsWith('verification'))) {
    it(`${container.name}: accepted at boot, and no variable it does not read`, () => {
      expect(() => loadVerificationConfig(container.env)).not.toThrow();
      const read = variablesRead(loadVerificationConfig, container.env);
      expect(Object.keys(container.env).filter((name) => !read.has(name))).toEqual([]);
    });
  }
});
