import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The tests' own PostgreSQL database (`mosaic_test_<pid>`, created and migrated for the run, dropped after) and their own
 * Redis key prefix; jest's workers inherit these variables.
 */
export default function globalSetup(): void {
  const server = new URL(process.env['TEST_DATABASE_SERVER'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  // One database per run, so that runs in parallel (several developers or agents on one machine) never share one.
  server.pathname = `/mosaic_test_${process.pid}`;
  process.env['DATABASE_URL'] = server.toString();
  process.env['REDIS_URL'] ??= 'redis://127.0.0.1:6379';
  process.env['REDIS_PREFIX'] = `mosaic-test-${process.pid}`;
  process.env['NODE_ENV'] = 'test';
  process.env['LOG_LEVEL'] ??= 'info';
  execFileSync(process.execPath, ['-r', '@swc-node/register', resolve(__dirname, '../../../../tools/scripts/test-env.ts'), 'setup'], {
    stdio: 'inherit',
    env: process.env,
  });
}
