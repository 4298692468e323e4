// @ts-check
const { readFileSync } = require('node:fs');

const { compilerOptions } = JSON.parse(readFileSync(`${__dirname}/tsconfig.base.json`, 'utf8'));

/** @type {Record<string, string>} */
const moduleNameMapper = Object.fromEntries(
  Object.entries(/** @type {Record<string, string[]>} */ (compilerOptions.paths)).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

/**
 * Three tiers, told apart by name (STYLE.md habit 9): unit specs beside the code, integration specs
 * against the real PostgreSQL and Redis, and e2e specs through HTTP. The global setup creates the
 * test database, migrates it, and gives the run its own Redis key prefix.
 * @type {import('jest').Config}
 */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper,
  testMatch: [
    '<rootDir>/{apps,libs,tools,bench}/**/*.spec.ts',
    '<rootDir>/{apps,libs,tools}/**/*.integration-spec.ts',
    '<rootDir>/apps/*/test/**/*.e2e-spec.ts',
  ],
  globalSetup: '<rootDir>/libs/platform/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/platform/testing/src/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
