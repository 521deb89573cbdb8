/** For spec files only (it registers vitest suites): import from '@citizen-zero/test-harness/deployment'. */
import { describe, expect, it } from 'vitest';
import { composeEnvironment, variablesRead } from './compose';
import { renderChart } from './helm';

/** Variables the stack sets for reasons other than a service's configuration. */
const OUTSIDE_CONFIG = ['SOFTHSM2_CONF'];

/**
 * Registers the checks that docker-compose.yml and the Helm chart configure a service as its own
 * configuration loader expects: every environment is accepted at boot, and sets no variable the
 * loader does not read (a misspelt variable would otherwise be silently ignored).
 */
export function describeDeploymentConfiguration(service: string, options: { composeServices: readonly string[]; load: (env: Record<string, string | undefined>) => unknown }): void {
  describe(`docker-compose.yml configures the ${service} service as its own loader expects`, () => {
    for (const name of options.composeServices) {
      it(`${name}: accepted at boot, and no variable it does not read`, () => {
        const env = composeEnvironment(name);
        expect(() => options.load(env)).not.toThrow();
        const read = variablesRead(options.load, env);
        expect(Object.keys(env).filter((variable) => !read.has(variable) && !OUTSIDE_CONFIG.includes(variable))).toEqual([]);
      });
    }
  });

  describe(`the Helm chart configures the ${service} service as its own loader expects`, () => {
    const containers = renderChart().containers.filter((candidate) => candidate.name.startsWith(service));
    it(`renders at least one ${service} container`, () => expect(containers.length).toBeGreaterThan(0));
    for (const container of containers) {
      it(`${container.name}: accepted at boot, and no variable it does not read`, () => {
        expect(() => options.load(container.env)).not.toThrow();
        const read = variablesRead(options.load, container.env);
        expect(Object.keys(container.env).filter((variable) => !read.has(variable))).toEqual([]);
      });
    }
  });
}
