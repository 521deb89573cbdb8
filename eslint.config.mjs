// @ts-check
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * Packages a framework-free domain library must never import: frameworks, ORM,
 * queues, Redis and the PKCS#11 binding (the HSM is reached through the Signer port).
 */
const infrastructurePackages = ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pkcs11js', 'pg', '@nestjs/microservices'];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', '**/.cz/**', '**/tmp/**', '**/coverage/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // type: what kind of code a project is, and what it may build on.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:util'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:domain', 'type:util'] },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain', 'type:util'],
              bannedExternalImports: infrastructurePackages,
            },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'], bannedExternalImports: infrastructurePackages },
            // Workspace-level tests may reach every project.
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:app', 'type:domain', 'type:infra', 'type:util', 'type:test'] },
            // scope: which part of the platform a project belongs to.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:console', 'scope:shared'] },
            { sourceTag: 'scope:workspace', onlyDependOnLibsWithTags: ['scope:workspace', 'scope:shared', 'scope:console'] },
          ],
        },
      ],
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
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@citizen-zero/signing/testing', message: 'Software signers are for tests only; sign through the HSM.' }] }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { parser: tseslint.parser },
  },
];
