import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { SERVICE_NODE_FLAGS } from '@mosaic/platform-config';
import { ensureDatabase, migrateDatabase } from '@mosaic/platform-database';

const ROOT = resolve(__dirname, '../..');

export interface RunningService {
  url: string;
  key: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

/** A key for `tenant` holding the scoring scope, through the same CLI an operator uses (`npm run keys`). */
function createKey(databaseUrl: string, tenant: string): string {
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'tools/scripts/keys.ts', 'create', '--tenant', tenant, '--scopes', 'fraud:score,fraud:feedback,fraud:admin', '--label', 'bench'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`could not create a key: ${result.stderr}`);
  return result.stdout.trim();
}

async function waitReady(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`fraud-api exited with ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`fraud-api was not ready within ${timeoutMs} ms`);
}

/**
 * The service to load: `--url <base> --key <key>` for one already running (its rate limit must allow
 * the load: RATE_LIMIT_PER_MINUTE), else fraud-api started here from apps/fraud-api/src/main.ts, as
 * `npm start` runs it, on its own database (mosaic_bench, migrated) and Redis prefix, logging warnings only.
 */
export async function serviceUnderTest(args: string[], tenant: string): Promise<RunningService> {
  const option = (name: string) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const baseDatabase = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/mosaic';
  const external = option('url');
  if (external) {
    const key = option('key');
    if (!key) throw new Error('--url needs --key <an API key with fraud:score, fraud:feedback and fraud:admin>');
    return { url: external, key, databaseUrl: baseDatabase, stop: async () => undefined };
  }

  const database = new URL(baseDatabase);
  database.pathname = '/mosaic_bench';
  const databaseUrl = database.toString();
  await ensureDatabase(databaseUrl);
  await migrateDatabase(databaseUrl, resolve(ROOT, 'prisma/migrations'));
  const key = createKey(databaseUrl, tenant);
  const port = Number(option('port') ?? 3191);
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, '-r', '@swc-node/register', 'apps/fraud-api/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      FRAUD_CALLBACK_SECRET: 'bench-only-callback-secret',
      DATABASE_URL: databaseUrl,
      REDIS_PREFIX: `mosaic-bench-${process.pid}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '10000000',
      QUEUE_DASHBOARD: 'false',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child);
  return {
    url,
    key,
    databaseUrl,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
