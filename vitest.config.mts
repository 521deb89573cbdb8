import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import swc from 'unplugin-swc';
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

/**
 * NestJS services need TypeScript's decorator metadata for dependency injection, which
 * esbuild does not emit: their tests are compiled by SWC, against real PostgreSQL, Redis and
 * SoftHSM2 started once per run by the services global setup.
 */
const serviceProject = (name: string, root: string, globalSetup: string[] = []) => ({
  ...project(name, root, { globalSetup: ['test/harness/services.global-setup.ts', ...globalSetup] }),
  plugins: [swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true } } })],
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
      project('status-list', 'libs/status-list'),
      project('console', 'apps/console', { globalSetup: ['test/harness/softhsm.global-setup.ts'] }),
      project('audit-chain', 'libs/audit-chain'),
      project('travel-documents', 'libs/travel-documents'),
      project('identity-client', 'libs/identity-client'),
      project('fingerprint', 'libs/fingerprint'),
      project('biometric-evaluation', 'libs/biometric-evaluation'),
      project('face-analysis', 'libs/face-analysis'),
      project('zk-credentials', 'libs/zk-credentials'),
      serviceProject('identity', 'apps/identity'),
      serviceProject('verification', 'apps/verification'),
      serviceProject('monitor', 'apps/monitor'),
      serviceProject('biometric', 'apps/biometric', ['libs/face-models/test/global-setup.ts']),
      project('dev-idp', 'apps/dev-idp'),
      project('nest-platform', 'libs/nest-platform'),
      project('face-models', 'libs/face-models', { globalSetup: ['libs/face-models/test/global-setup.ts'], testTimeout: 120_000 }),
      project('workspace', 'test/workspace'),
      project('platform', 'tools/platform'),
      project('smoke', 'test/smoke', { testTimeout: 300_000 }),
      // The admin portal's components, rendered in jsdom with Testing Library.
      { extends: true as const, esbuild: { jsx: 'automatic' as const }, test: { name: 'admin-portal', include: ['apps/admin-portal/**/*.spec.{ts,tsx}'], environment: 'jsdom' } },
      // The verifier: sync and trust-list parsing, the verdict and freshness screens (jsdom); its offline browser test runs Chromium.
      { extends: true as const, esbuild: { jsx: 'automatic' as const }, test: { name: 'verifier', include: ['apps/verifier/**/*.spec.{ts,tsx}'], environment: 'jsdom', testTimeout: 180_000 } },
      // The citizen wallet: storage encryption, issuance, presentation and screens, in jsdom with Testing Library.
      { extends: true as const, esbuild: { jsx: 'automatic' as const }, test: { name: 'wallet', include: ['apps/wallet/**/*.spec.{ts,tsx}'], environment: 'jsdom' } },
    ],
  },
});
