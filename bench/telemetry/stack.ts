/**
 * The telemetry service as the benchmark runs it: its own database and Redis key space, API and
 * worker processes started from apps/telemetry-api (as `npm start` would), and an API key.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SERVICE_NODE_FLAGS } from '@mosaic/platform-config';
import { ensureDatabase, migrateDatabase } from '@mosaic/platform-database';
import { purgeRedisPrefix } from '@mosaic/platform-messaging';

export const root = resolve(__dirname, '../..');

export interface StackOptions {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  modelsDir: string;
}

export interface Proc {
  child: ChildProcess;
  /** CPU seconds (user + system) the process has used so far, from /proc. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

const TICKS_PER_SECOND = 100;

function cpuSecondsOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export async function prepareStores(options: StackOptions): Promise<void> {
  await ensureDatabase(options.databaseUrl);
  await migrateDatabase(options.databaseUrl, join(root, 'prisma/migrations'));
  await purgeRedisPrefix(options.redisUrl, options.redisPrefix);
}

export function createKey(options: StackOptions, tenant: string): string {
  const result = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', join(root, 'tools/scripts/keys.ts'), 'create', '--tenant', tenant, '--scopes', 'telemetry:write,telemetry:read', '--label', 'bench'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: options.databaseUrl } },
  );
  if (result.status !== 0) throw new Error(`keys create failed: ${result.stderr}`);
  return result.stdout.trim();
}

function start(script: string, env: Record<string, string>, readyText: string): Promise<Proc> {
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, '-r', '@swc-node/register', join(root, 'apps/telemetry-api/src', script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 90 s:\n${output.slice(-2000)}`)), 90_000);
    const onData = (data: Buffer) => {
      output = (output + data.toString()).slice(-20_000);
      if (output.includes(readyText)) {
        clearTimeout(timer);
        resolvePromise({
          child,
          cpuSeconds: () => cpuSecondsOf(child.pid),
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!output.includes(readyText)) reject(new Error(`${script} exited with ${code}:\n${output.slice(-2000)}`));
    });
  });
}

function baseEnv(options: StackOptions, extra: Record<string, string>): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: options.redisPrefix,
    MODELS_DIR: options.modelsDir,
    LOG_LEVEL: 'warn',
    QUEUE_DASHBOARD: 'false',
    RATE_LIMIT_PER_MINUTE: '10000000',
    INFERENCE_WORKERS: '1',
    ...extra,
  };
}

export function startApi(options: StackOptions, port: number, extra: Record<string, string> = {}): Promise<Proc> {
  return start('main.ts', { ...baseEnv(options, extra), PORT: String(port), LOG_LEVEL: 'info' }, 'telemetry-api listening');
}

export function startWorker(options: StackOptions, extra: Record<string, string> = {}): Promise<Proc> {
  return start('worker.ts', { ...baseEnv(options, extra), LOG_LEVEL: 'info' }, 'telemetry-worker consuming');
}
