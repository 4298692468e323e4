/** Ingestion throughput over HTTP, worker throughput and queue lag under a sustained load. */
import { countWindows } from '@mosaic/telemetry';
import { float32Bytes, percentile, pool, type Client } from './client';

export interface ThroughputResult {
  connections: number;
  samplesPerRequest: number;
  sampleRateHz: number;
  seconds: number;
  requests: number;
  refused: Record<string, number>;
  samplesPerSecond: number;
  megabytesPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number };
}

/** Closed-loop uploads of float32 bodies: each connection streams its own asset's consecutive batches. */
export async function ingestionThroughput(call: Client, run: string, options: { connections: number; seconds: number; samples: Float32Array; sampleRateHz: number }): Promise<ThroughputResult> {
  const { connections, seconds, samples, sampleRateHz } = options;
  const body = float32Bytes(samples);
  const batchMs = (samples.length / sampleRateHz) * 1000;
  await pool(Array.from({ length: connections }, (_, c) => c), 8, (c) => call('POST', '/v1/assets', { json: { assetId: `tp-${run}-${c}` } }));
  const latencies: number[] = [];
  const refused: Record<string, number> = {};
  let accepted = 0;
  const base = Date.UTC(2025, 0, 1);
  const started = Date.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const startedAt = new Date(base + Math.ceil(i * batchMs) + 1).toISOString();
        const sent = performance.now();
        const answer = await call('POST', `/v1/telemetry?assetId=tp-${run}-${c}&sampleRateHz=${sampleRateHz}&startedAt=${encodeURIComponent(startedAt)}`, { float32: body });
        latencies.push(performance.now() - sent);
        if (answer.status === 202) accepted++;
        else refused[answer.status] = (refused[answer.status] ?? 0) + 1;
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  return {
    connections,
    samplesPerRequest: samples.length,
    sampleRateHz,
    seconds: elapsed,
    requests: latencies.length,
    refused,
    samplesPerSecond: (accepted * samples.length) / elapsed,
    megabytesPerSecond: (accepted * body.byteLength) / elapsed / 1e6,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) },
  };
}

/** Uploads `batches` batches while no worker runs; returns their ids and total windows. */
export async function queueBacklog(call: Client, run: string, batches: number, samples: Float32Array, sampleRateHz: number): Promise<{ ids: string[]; windows: number }> {
  await call('POST', '/v1/assets', { json: { assetId: `backlog-${run}` } });
  const body = float32Bytes(samples);
  const batchMs = (samples.length / sampleRateHz) * 1000;
  const ids: string[] = [];
  for (let i = 0; i < batches; i++) {
    const startedAt = new Date(Date.UTC(2025, 1, 1) + Math.ceil(i * batchMs) + 1).toISOString();
    const answer = await call('POST', `/v1/telemetry?assetId=backlog-${run}&sampleRateHz=${sampleRateHz}&startedAt=${encodeURIComponent(startedAt)}`, { float32: body });
    if (answer.status !== 202) throw new Error(`backlog upload answered ${answer.status}`);
    ids.push(String(answer.body['batchId']));
  }
  return { ids, windows: batches * countWindows(samples.length, sampleRateHz, 1024) };
}

export async function waitCompleted(call: Client, ids: readonly string[], timeoutMs: number): Promise<{ createdAt: number; completedAt: number }[]> {
  const deadline = Date.now() + timeoutMs;
  const done = new Map<string, { createdAt: number; completedAt: number }>();
  while (done.size < ids.length) {
    if (Date.now() > deadline) throw new Error(`${ids.length - done.size} batches not completed within ${timeoutMs} ms`);
    await pool(
      ids.filter((id) => !done.has(id)),
      8,
      async (id) => {
        const batch = (await call('GET', `/v1/telemetry/${id}`)).body;
        if (batch['status'] === 'failed') throw new Error(`batch ${id} failed`);
        if (batch['status'] === 'completed') done.set(id, { createdAt: Date.parse(String(batch['createdAt'])), completedAt: Date.parse(String(batch['completedAt'])) });
      },
    );
    if (done.size < ids.length) await new Promise((r) => setTimeout(r, 250));
  }
  return ids.map((id) => done.get(id) as { createdAt: number; completedAt: number });
}

export interface LagResult {
  assets: number;
  seconds: number;
  batches: number;
  refused: number;
  /** Time from acceptance (202) to stored predictions, per batch. */
  lagMs: { p50: number; p95: number; p99: number; max: number };
  /** Lag of the last tenth of the batches: whether the queue keeps up or grows. */
  lastTenthP95Ms: number;
}

/** `assets` gateways each sending one second of signal every second for `seconds` seconds, while the worker predicts. */
export async function sustainedLoad(call: Client, run: string, options: { assets: number; seconds: number; samples: Float32Array; sampleRateHz: number }): Promise<LagResult> {
  const { assets, seconds, samples, sampleRateHz } = options;
  const body = float32Bytes(samples);
  await pool(Array.from({ length: assets }, (_, a) => a), 8, (a) => call('POST', '/v1/assets', { json: { assetId: `lag-${run}-${a}` } }));
  const ids: string[] = [];
  let refused = 0;
  const started = Date.now() + 500;
  const base = Date.UTC(2025, 2, 1);
  await Promise.all(
    Array.from({ length: assets }, async (_, a) => {
      // Gateways are not synchronised: each starts at its own offset within the first second.
      for (let s = 0; s < seconds; s++) {
        const due = started + s * 1000 + (a * 1000) / assets;
        await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
        const startedAt = new Date(base + s * 1000).toISOString();
        const answer = await call('POST', `/v1/telemetry?assetId=lag-${run}-${a}&sampleRateHz=${sampleRateHz}&startedAt=${encodeURIComponent(startedAt)}`, { float32: body });
        if (answer.status === 202) ids.push(String(answer.body['batchId']));
        else refused++;
      }
    }),
  );
  const times = await waitCompleted(call, ids, 600_000);
  const lags = times.map((t) => t.completedAt - t.createdAt);
  const byCreation = [...times].sort((x, y) => x.createdAt - y.createdAt).map((t) => t.completedAt - t.createdAt);
  return {
    assets,
    seconds,
    batches: ids.length,
    refused,
    lagMs: { p50: percentile(lags, 50), p95: percentile(lags, 95), p99: percentile(lags, 99), max: Math.max(...lags) },
    lastTenthP95Ms: percentile(byCreation.slice(Math.floor(byCreation.length * 0.9)), 95),
  };
}
