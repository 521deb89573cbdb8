// @ts-check
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Roots of the framework-free projects (tags type:domain or type:util), read from their project.json. */
const frameworkFreeRoots = readdirSync('libs')
  .filter((name) => existsSync(`libs/${name}/project.json`))
  .filter((name) => {
    const tags = JSON.parse(readFileSync(`libs/${name}/project.json`, 'utf8')).tags ?? [];
    return tags.includes('type:domain') || tags.includes('type:util');
  })
  .map((name) => `libs/${name}`);

/**
 * Packages a framework-free domain library must never import: frameworks, ORM,
 * queues, Redis and the PKCS#11 binding (the HSM is reached through the Signer port).
 */
const infrastructurePackages = ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pkcs11js', 'pg', '@nestjs/microservices'];

const softwareSignerBan = { name: '@citizen-zero/signing/testing', message: 'Software signers are for tests only; sign through the HSM.' };

/**
 * The project graph's rules. `type` says what kind of code a project is and what it may build on;
 * `scope` which part of the platform it belongs to. Test files may also use the shared test
 * harness (`type:test`) and import their own project through its public alias.
 */
function moduleBoundaries(forTests) {
  const withTests = (tags) => (forTests ? [...tags, 'type:test'] : tags);
  return {
    enforceBuildableLibDependency: false,
    allowCircularSelfDependency: forTests,
    allow: [],
    depConstraints: [
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: withTests(['type:domain', 'type:infra', 'type:util']) },
      { sourceTag: 'type:infra', onlyDependOnLibsWithTags: withTests(['type:domain', 'type:util']) },
      { sourceTag: 'type:domain', onlyDependOnLibsWithTags: withTests(['type:domain', 'type:util']), bannedExternalImports: infrastructurePackages },
      { sourceTag: 'type:util', onlyDependOnLibsWithTags: withTests(['type:util']), bannedExternalImports: infrastructurePackages },
      { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:app', 'type:domain', 'type:infra', 'type:util', 'type:test'] },
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: forTests ? ['scope:shared', 'scope:workspace'] : ['scope:shared'] },
      { sourceTag: 'scope:console', onlyDependOnLibsWithTags: forTests ? ['scope:console', 'scope:shared', 'scope:workspace'] : ['scope:console', 'scope:shared'] },
      // The admin portal runs in browsers: the shared libraries only (it calls the services over HTTP).
      { sourceTag: 'scope:admin-portal', onlyDependOnLibsWithTags: forTests ? ['scope:admin-portal', 'scope:shared', 'scope:workspace'] : ['scope:admin-portal', 'scope:shared'] },
      // The citizen wallet runs in browsers on the shared domain libraries (mdoc, zk-credentials, status-list, signing).
      { sourceTag: 'scope:wallet', onlyDependOnLibsWithTags: forTests ? ['scope:wallet', 'scope:shared', 'scope:workspace'] : ['scope:wallet', 'scope:shared'] },
      // The verifier runs in browsers on the shared domain libraries (mdoc, pki, status-list, seals, BBS), offline.
      { sourceTag: 'scope:verifier', onlyDependOnLibsWithTags: forTests ? ['scope:verifier', 'scope:shared', 'scope:workspace'] : ['scope:verifier', 'scope:shared'] },
      { sourceTag: 'scope:workspace', onlyDependOnLibsWithTags: ['scope:workspace', 'scope:shared', 'scope:console'] },
    ],
  };
}

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', '**/.cz/**', '**/tmp/**', '**/coverage/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries(false)],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The in-memory software signer is for tests only and must never become a default.
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: ['libs/signing/src/testing/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [softwareSignerBan] }] },
  },
  {
    // In services, TypeORM stays in the persistence layer: repositories, entities, and the
    // database folder (data source, migrations, transactions). Services and controllers never see it.
    files: ['apps/*/src/**/*.ts'],
    ignores: ['apps/*/src/**/*.repository.ts', 'apps/*/src/**/*.entity.ts', 'apps/*/src/database/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [softwareSignerBan, { name: 'typeorm', message: 'TypeORM belongs in *.repository.ts, *.entity.ts and database/; services use repositories.' }] },
      ],
    },
  },
  {
    // Domain and util libraries stay framework-free even before Nx knows a banned package
    // (bannedExternalImports only sees installed packages).
    files: frameworkFreeRoots.map((root) => `${root}/src/**/*.ts`),
    ignores: ['libs/signing/src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [softwareSignerBan], patterns: [{ group: infrastructurePackages, message: 'Domain libraries are framework-free: no Nest, ORM, queues, Redis or PKCS#11 (use a port).' }] },
      ],
    },
  },
  {
    // The admin portal is browser code: no Node built-ins, no server frameworks, and of the
    // workspace's libraries only the browser-safe ones (the identity client, coded errors).
    files: ['apps/admin-portal/src/**/*.ts', 'apps/admin-portal/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'crypto', 'child_process'], message: 'The admin portal runs in browsers: no Node built-ins.' },
            { group: [...infrastructurePackages, 'sharp', 'onnxruntime-node'], message: 'The admin portal runs in browsers: call the services, not their infrastructure.' },
            { group: ['@citizen-zero/*', '!@citizen-zero/identity-client', '!@citizen-zero/errors'], message: 'The admin portal may use the browser-safe libraries only (@citizen-zero/identity-client, @citizen-zero/errors).' },
          ],
        },
      ],
    },
  },
  {
    // The verifier is browser code: no Node built-ins or server frameworks; the browser-safe domain
    // libraries only, and the printed-seal verifier by its subpath (the package index loads pdfkit).
    files: ['apps/verifier/src/**/*.ts', 'apps/verifier/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [softwareSignerBan, { name: '@citizen-zero/travel-documents', message: 'Import the seal verifier from @citizen-zero/travel-documents/seal: the package index pulls in the PDF renderer.' }],
          patterns: [
            { group: ['node:*', 'fs', 'path', 'crypto', 'child_process'], message: 'The verifier runs in browsers: no Node built-ins.' },
            { group: [...infrastructurePackages, 'sharp', 'onnxruntime-node', '@citizen-zero/hsm', '@citizen-zero/nest-platform'], message: 'The verifier runs in browsers: no server infrastructure.' },
          ],
        },
      ],
    },
  },
  {
    // The wallet is browser code: no Node built-ins, no server frameworks, and of the workspace's
    // libraries only the framework-free ones that run in browsers (keys stay in Web Crypto).
    files: ['apps/wallet/src/**/*.ts', 'apps/wallet/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [softwareSignerBan],
          patterns: [
            { group: ['node:*', 'fs', 'path', 'crypto', 'child_process'], message: 'The wallet runs in browsers: no Node built-ins.' },
            { group: [...infrastructurePackages, 'sharp', 'onnxruntime-node'], message: 'The wallet runs in browsers: call the services, not their infrastructure.' },
            {
              group: ['@citizen-zero/*', '!@citizen-zero/mdoc', '!@citizen-zero/zk-credentials', '!@citizen-zero/status-list', '!@citizen-zero/signing', '!@citizen-zero/errors'],
              message: 'The wallet may use the browser-safe domain libraries only (mdoc, zk-credentials, status-list, signing, errors).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.spec.tsx', '**/test/**/*.ts', '**/test/**/*.tsx', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries(true)],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { parser: tseslint.parser },
  },
];
