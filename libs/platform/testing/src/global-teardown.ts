import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function globalTeardown(): void {
  execFileSync(process.execPath, ['-r', '@swc-node/register', resolve(__dirname, '../../../../tools/scripts/test-env.ts'), 'teardown'], {
    stdio: 'inherit',
    env: process.env,
  });
}
