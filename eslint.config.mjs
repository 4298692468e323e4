import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * Vendors stay with their owner (STYLE.md habit 1): the lib that wraps a vendor is its only
 * importer, and everyone else goes through that lib's public entry.
 */
const vendorOwners = [
  { owner: 'libs/moe-inference', packages: ['onnxruntime-node', 'onnxruntime-common'] },
  { owner: 'libs/platform/database', packages: ['@prisma/client', '@prisma/adapter-pg', 'pg'], also: ['prisma/**', 'prisma.config.ts'] },
  { owner: 'libs/platform/messaging', packages: ['bullmq', 'ioredis', '@bull-board/api', '@bull-board/express'] },
];

const restrictVendors = (except) => [
  'error',
  {
    paths: vendorOwners
      .filter((v) => v !== except)
      .flatMap((v) => v.packages.map((name) => ({ name, message: `${name} belongs to ${v.owner}; import what you need from that lib.` }))),
  },
];

export default [
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.nx/**', '.cache/**', '**/*.d.ts', 'models/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  { plugins: { '@nx': nx } },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
      'no-restricted-imports': restrictVendors(null),
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through the app config (@mosaic/platform-config), never process.env.' },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          checkNestedExternalImports: true,
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:domain', 'type:data-access', 'type:util'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:domain', 'type:data-access', 'type:util'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util'] },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain', 'type:util'],
              bannedExternalImports: ['@nestjs/*', 'express', '@prisma/*', 'pg', 'bullmq', 'ioredis', 'onnxruntime-node'],
            },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:tool', 'type:app', 'type:feature', 'type:domain', 'type:data-access', 'type:util'] },
            { sourceTag: 'scope:fraud', onlyDependOnLibsWithTags: ['scope:fraud', 'scope:shared'] },
            { sourceTag: 'scope:records', onlyDependOnLibsWithTags: ['scope:records', 'scope:shared'] },
            { sourceTag: 'scope:telemetry', onlyDependOnLibsWithTags: ['scope:telemetry', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:tools', 'scope:shared', 'scope:fraud', 'scope:records', 'scope:telemetry'] },
          ],
        },
      ],
    },
  },
  ...vendorOwners.map((v) => ({
    files: [`${v.owner}/**/*.ts`, ...(v.also ?? [])],
    rules: { 'no-restricted-imports': restrictVendors(v) },
  })),
  {
    // Config is parsed once, in the config lib; scripts, tests and the Prisma CLI config read their own environment.
    files: ['libs/platform/config/**', 'libs/platform/testing/**', 'tools/**', 'bench/**', 'prisma.config.ts', '**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', '**/test/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  { files: ['tools/**/*.ts', 'bench/**/*.ts', 'prisma/**/*.ts'], rules: { 'no-console': 'off' } },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { sourceType: 'module', globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
  {
    files: ['**/*.cjs', 'jest.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
