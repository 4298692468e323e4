import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * docker-compose.yml cannot run on the project's machines (no Docker engine), so it is checked here:
 * by Docker Compose itself where the `docker-compose` binary exists (.ci/run installs it), and always
 * for what the stack promises: every process, healthy stores before anything starts, healthchecks.
 */
const root = resolve(__dirname, '../..');
const file = resolve(root, 'docker-compose.yml');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(file, 'utf8'), { merge: true }) as { services: Record<string, Service> };
  const services = compose.services;

  it('describes the stores, the migration, and each API with its worker', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['fraud-api', 'fraud-worker', 'migrate', 'postgres', 'records-api', 'records-worker', 'redis', 'telemetry-api', 'telemetry-worker'].sort(),
    );
    expect(services['fraud-api']?.ports).toEqual(['3001:3001']);
    expect(services['records-api']?.ports).toEqual(['3002:3002']);
    expect(services['telemetry-api']?.ports).toEqual(['3003:3003']);
  });

  it('starts every app only once PostgreSQL and Redis are healthy and the schema is migrated', () => {
    expect(services['postgres']?.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(services['redis']?.healthcheck?.test.join(' ')).toContain('ping');
    for (const name of ['fraud', 'records', 'telemetry'].flatMap((d) => [`${d}-api`, `${d}-worker`])) {
      expect(services[name]?.depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
    }
  });

  it('points every process at an entry that exists, and health-checks the APIs through /health/ready', () => {
    for (const [name, service] of Object.entries(services)) {
      const entry = service.command?.find((part) => part.endsWith('.ts'));
      if (!entry) continue;
      expect([name, readFileSync(resolve(root, entry), 'utf8').length > 0]).toEqual([name, true]);
      if (name.endsWith('-api')) expect(service.healthcheck?.test.join(' ')).toContain('/health/ready');
    }
  });

  const composeBinary = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
  (composeBinary.status === 0 ? it : it.skip)('is accepted by Docker Compose (docker-compose config)', () => {
    const result = spawnSync('docker-compose', ['-f', file, 'config', '-q'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
