import { defineConfig } from 'vitest/config';
import tsconfigPaths from 'vite-tsconfig-paths';

const project = (name: string, root: string, extra: { globalSetup?: string[]; testTimeout?: number } = {}) => ({
  extends: true as const,
  test: { name, include: [`${root}/**/*.spec.ts`], ...extra },
});

export default defineConfig({
  plugins: [tsconfigPaths({ projects: ['tsconfig.json'] })],
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      project('signing', 'libs/signing'),
      project('mdoc', 'libs/mdoc', { globalSetup: ['test/harness/softhsm.global-setup.ts'] }),
      project('pki', 'libs/pki', { globalSetup: ['test/harness/softhsm.global-setup.ts'] }),
      project('hsm', 'libs/hsm', { globalSetup: ['test/harness/softhsm.global-setup.ts'] }),
      project('console', 'apps/console', { globalSetup: ['test/harness/softhsm.global-setup.ts'] }),
      project('workspace', 'test/workspace'),
    ],
  },
});
