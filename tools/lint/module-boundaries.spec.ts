import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The boundaries are enforced, not suggested: each case below is code a reviewer would refuse, and
 * ESLint (which runs in `npm test`) must refuse it too.
 */
const root = resolve(__dirname, '../..');

/** ESLint loads its flat config with a dynamic import, which jest's sandbox cannot do: lint in a child process. */
const LINT_CASES = `
import { ESLint } from 'eslint';
const cases = JSON.parse(process.argv[1]);
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const [file, code] of cases) {
  const [result] = await eslint.lintText(code, { filePath: file });
  out.push(result.messages.map((m) => m.ruleId ?? m.message));
}
console.log(JSON.stringify(out));
`;

function lint(cases: [string, string][]): string[][] {
  const env = { ...process.env, NX_DAEMON: 'false' };
  // The Nx rule reads the cached project graph; build it as `npm run lint` does.
  execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'show', 'projects'], { cwd: root, env, stdio: 'ignore' });
  const absolute = cases.map(([file, code]) => [resolve(root, file), code]);
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', LINT_CASES, JSON.stringify(absolute)], { cwd: root, env, encoding: 'utf8' });
  return JSON.parse(output) as string[][];
}

describe('module boundaries', () => {

  const refused: [string, string, string, string][] = [
    ['a domain lib importing Nest', 'libs/fraud/src/bad.ts', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n", '@nx/enforce-module-boundaries'],
    ['a domain lib importing another scope', 'libs/fraud/src/bad.ts', "import * as records from '@mosaic/records';\nexport const x = records;\n", '@nx/enforce-module-boundaries'],
    ['an app importing onnxruntime-node', 'apps/fraud-api/src/bad.ts', "import * as ort from 'onnxruntime-node';\nexport const x = ort;\n", 'no-restricted-imports'],
    ['an app importing the Prisma client', 'apps/records-api/src/bad.ts', "import { PrismaClient } from '@prisma/client';\nexport const x = PrismaClient;\n", 'no-restricted-imports'],
    ['an app importing bullmq', 'apps/telemetry-api/src/bad.ts', "import { Queue } from 'bullmq';\nexport const x = Queue;\n", 'no-restricted-imports'],
    ['a deep import into another lib', 'apps/fraud-api/src/bad.ts', "import { createApi } from '../../../libs/platform/http/src/bootstrap';\nexport const x = createApi;\n", '@nx/enforce-module-boundaries'],
    ['reading process.env outside config', 'apps/fraud-api/src/bad.ts', "export const port = process.env['PORT'];\n", 'no-restricted-properties'],
  ];
  const allowed: [string, string, string][] = [
    ['the inference lib importing onnxruntime-node', 'libs/moe-inference/src/ok.ts', "import * as ort from 'onnxruntime-node';\nexport const x = ort;\n"],
    ['an app importing its domain lib and the platform', 'apps/fraud-api/src/ok.ts', "import * as fraud from '@mosaic/fraud';\nimport { createApi } from '@mosaic/platform-http';\nexport const x = [fraud, createApi];\n"],
  ];
  let results: string[][] = [];

  beforeAll(() => {
    results = lint([...refused, ...allowed].map(([, file, code]) => [file, code]));
  }, 120_000);

  it.each(refused.map((c, i) => [...c, i] as const))('refuses %s', (_what, _file, _code, rule, index) => {
    expect(results[index]).toContain(rule);
  });

  it.each(allowed.map((c, i) => [...c, refused.length + i] as const))('allows %s', (_what, _file, _code, index) => {
    expect(results[index]).toEqual([]);
  });
});
