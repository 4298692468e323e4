/**
 * `npm run bench -- <suite> [args]`: runs bench/<suite>/main.ts in its own process (a suite is any
 * folder here with a main.ts). `npm run bench` alone runs every suite, one after the other.
 * Each suite writes bench/results/<suite>*.json and its section of bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const suites = readdirSync(__dirname, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(__dirname, d.name, 'main.ts')))
  .map((d) => d.name)
  .sort();

function runSuite(suite: string, args: string[]): number {
  console.log(`== bench ${suite}`);
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, suite, 'main.ts'), ...args], {
    stdio: 'inherit',
    cwd: join(__dirname, '..'),
  });
  return result.status ?? 1;
}

function main(): void {
  const [suite, ...args] = process.argv.slice(2);
  if (suite && !suites.includes(suite)) {
    console.error(`unknown suite "${suite}"; suites: ${suites.join(', ') || 'none'}`);
    process.exit(2);
  }
  const failed = (suite ? [suite] : suites).filter((s) => runSuite(s, suite ? args : []) !== 0);
  if (failed.length > 0) {
    console.error(`failed: ${failed.join(', ')}`);
    process.exit(1);
  }
}

main();
