/**
 * The records service as the benchmark runs it: processes started from apps/records-api (as
 * `npm start` does) against a database and a Redis key space of their own, and an API key.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SERVICE_NODE_FLAGS } from '@mosaic/platform-config';
import { ensureDatabase, migrateDatabase } from '@mosaic/platform-database';
import { purgeRedisPrefix } from '@mosaic/platform-messaging';

export const root = resolve(__dirname, '../..');

export interface Stack {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  modelsDir: string;
}

export interface ServiceProcess {
  /** User + system CPU seconds of the process, every thread included (/proc/<pid>/stat). */
  cpuSeconds(): number;
  /** The same per thread, by thread id; the main thread's id is the process's. */
  threadCpuSeconds(): Map<number, number>;
  readonly pid: number;
  stop(): Promise<void>;
}

const CLOCK_TICKS = 100;

function cpuOfStat(path: string): number {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function cpuSeconds(pid: number | undefined): number {
  return pid ? cpuOfStat(`/proc/${pid}/stat`) : 0;
}

function threadCpuSeconds(pid: number | undefined): Map<number, number> {
  const threads = new Map<number, number>();
  if (!pid) return threads;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      threads.set(Number(tid), cpuOfStat(`/proc/${pid}/task/${tid}/stat`));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return threads;
}

export async function prepare(stack: Stack): Promise<void> {
  await ensureDatabase(stack.databaseUrl);
  await migrateDatabase(stack.databaseUrl, join(root, 'prisma/migrations'));
  await purgeRedisPrefix(stack.redisUrl, stack.redisPrefix);
}

export function createKey(stack: Stack, tenant: string): string {
  const result = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', join(root, 'tools/scripts/keys.ts'), 'create', '--tenant', tenant, '--scopes', 'records:write,records:read,records:review', '--label', 'bench'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: stack.databaseUrl } },
  );
  if (result.status !== 0) throw new Error(`keys create failed: ${result.stderr}`);
  return result.stdout.trim().split('\n').at(-1) ?? '';
}

function launch(entry: 'main.ts' | 'worker.ts', env: Record<string, string>, ready: string): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, [...SERVICE_NODE_FLAGS, '-r', '@swc-node/register', join(root, 'apps/records-api/src', entry)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolveStarted, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start within 120 s:\n${output.slice(-2000)}`)), 120_000);
    const read = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
      if (!output.includes(ready)) return;
      clearTimeout(timer);
      child.stdout?.off('data', read);
      child.stderr?.off('data', read);
      child.stdout?.resume();
      child.stderr?.resume();
      resolveStarted({
        cpuSeconds: () => cpuSeconds(child.pid),
        threadCpuSeconds: () => threadCpuSeconds(child.pid),
        pid: child.pid ?? 0,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}:\n${output.slice(-2000)}`));
    });
  });
}

function environment(stack: Stack, extra: Record<string, string>): Record<string, string> {
  return {
    DATABASE_URL: stack.databaseUrl,
    REDIS_URL: stack.redisUrl,
    REDIS_PREFIX: stack.redisPrefix,
    MODELS_DIR: stack.modelsDir,
    LOG_LEVEL: 'info',
    QUEUE_DASHBOARD: 'false',
    RATE_LIMIT_PER_MINUTE: '100000000',
    ...extra,
  };
}

export const startApi = (stack: Stack, port: number, extra: Record<string, string> = {}) =>
  launch('main.ts', { ...environment(stack, extra), PORT: String(port) }, 'records-api listening');

export const startWorker = (stack: Stack, extra: Record<string, string> = {}) => launch('worker.ts', environment(stack, extra), 'records-worker consuming');
