/**
 * `npm start`: checks that PostgreSQL and Redis answer, migrates, then runs the three APIs and their
 * workers as one process tree. Ctrl-C (or SIGTERM) drains and stops all of them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { resolve } from 'node:path';
import { SERVICE_NODE_FLAGS } from '@mosaic/platform-config';
import { probeDatabaseServer } from '@mosaic/platform-database';
import { migrate } from './db-migrate';

const root = resolve(__dirname, '../..');
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/mosaic';
const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const HOW_TO_START = 'start them with `docker compose up -d postgres redis` (or point DATABASE_URL / REDIS_URL at running ones)';

export const SERVICES = [
  { name: 'fraud-api', entry: 'apps/fraud-api/src/main.ts', port: 3001 },
  { name: 'records-api', entry: 'apps/records-api/src/main.ts', port: 3002 },
  { name: 'telemetry-api', entry: 'apps/telemetry-api/src/main.ts', port: 3003 },
  { name: 'fraud-worker', entry: 'apps/fraud-api/src/worker.ts' },
  { name: 'records-worker', entry: 'apps/records-api/src/worker.ts' },
  { name: 'telemetry-worker', entry: 'apps/telemetry-api/src/worker.ts' },
] as const;

async function checkPostgres(): Promise<string | null> {
  const reason = await probeDatabaseServer(databaseUrl);
  return reason ? `PostgreSQL is not reachable at ${new URL(databaseUrl).host} (${reason})` : null;
}

function checkRedis(): Promise<string | null> {
  const url = new URL(redisUrl);
  return new Promise((done) => {
    const socket = createConnection({ host: url.hostname, port: Number(url.port || 6379), timeout: 2_000 });
    const fail = (reason: string) => {
      socket.destroy();
      done(`Redis is not reachable at ${url.host} (${reason})`);
    };
    socket.once('connect', () => socket.write(url.password ? `AUTH ${decodeURIComponent(url.password)}\r\nPING\r\n` : 'PING\r\n'));
    socket.once('data', () => {
      socket.end();
      done(null);
    });
    socket.once('timeout', () => fail('timed out'));
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
  });
}

async function waitUntilLive(port: number, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/live`);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function main(): Promise<void> {
  const problems = (await Promise.all([checkPostgres(), checkRedis()])).filter((p): p is string => p !== null);
  if (problems.length) {
    console.error(`${problems.join('; ')}: ${HOW_TO_START}.`);
    process.exit(1);
  }
  const { applied } = await migrate(databaseUrl);
  console.error(`database migrated${applied.length ? ` (${applied.join(', ')})` : ', up to date'}`);

  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    console.error('stopping: draining requests and jobs...');
    for (const child of children.values()) child.kill('SIGTERM');
    const force = setTimeout(() => {
      for (const child of children.values()) child.kill('SIGKILL');
    }, 15_000);
    const waitAll = [...children.values()].map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r))));
    void Promise.all(waitAll).then(() => {
      clearTimeout(force);
      process.exit(code);
    });
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  for (const service of SERVICES) {
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, '-r', '@swc-node/register', resolve(root, service.entry)], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl },
    });
    children.set(service.name, child);
    child.once('exit', (code, signal) => {
      if (!stopping) {
        console.error(`${service.name} exited (${signal ?? code}); stopping the others`);
        stopAll(1);
      }
    });
  }

  const deadline = Date.now() + 60_000;
  const apis = SERVICES.filter((s): s is Extract<(typeof SERVICES)[number], { port: number }> => 'port' in s);
  const live = await Promise.all(apis.map((s) => waitUntilLive(s.port, deadline)));
  if (live.some((ok) => !ok)) {
    console.error('an API did not come up within 60 s');
    stopAll(1);
    return;
  }
  console.error(
    [
      '',
      'Mosaic is running:',
      ...apis.map((s) => `  ${s.name.padEnd(14)} http://127.0.0.1:${s.port}   docs http://127.0.0.1:${s.port}/docs   queues http://127.0.0.1:${s.port}/admin/queues`),
      '  workers        fraud-worker, records-worker, telemetry-worker',
      'Create an API key with: npm run keys -- create --tenant acme --scopes fraud:score,records:write,records:read,telemetry:write,telemetry:read',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

void main();
