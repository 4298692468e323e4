/**
 * `npm run demo [-- fraud|records|telemetry]`: sends realistic traffic through the running services
 * (start them with `npm start`) and prints what they answer. Each product's demo is
 * tools/demo/<product>.demo.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const demos = resolve(__dirname, '../demo');
const available = existsSync(demos) ? readdirSync(demos).filter((f) => f.endsWith('.demo.ts')).map((f) => f.replace('.demo.ts', '')).sort() : [];
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((a) => !available.includes(a));
if (!available.length || unknown.length) {
  console.error(`usage: npm run demo [-- ${available.join('|') || '(no demos yet)'}]`);
  process.exit(2);
}
let failed = 0;
for (const name of asked.length ? asked : available) {
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', join(demos, `${name}.demo.ts`)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
