import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/** The workspace's import aliases come from tsconfig.base.json, the single source of them. */
const tsconfig = JSON.parse(readFileSync(resolve(import.meta.dirname, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
const alias = Object.entries(tsconfig.compilerOptions.paths)
  .sort(([a], [b]) => b.length - a.length)
  .map(([find, [target]]) => ({ find: new RegExp(`^${find.replace(/[/.]/g, '\\$&')}$`), replacement: resolve(import.meta.dirname, target!) }));

const project = (name: string, root: string, extra: { globalSetup?: string[]; testTimeout?: number } = {}) => ({
  extends: true as const,
  test: { name, include: [`${root}/**/*.spec.ts`], ...extra },
});

export default defineConfig({
  resolve: { alias },
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
      project('audit-chain', 'libs/audit-chain'),
      project('workspace', 'test/workspace'),
      project('smoke', 'test/smoke', { testTimeout: 300_000 }),
    ],
  },
});
