/**
 * `npm run demo -- telemetry`: streams real CWRU bearing vibration (the healthy 48 kHz baseline and a
 * 0.021" inner-race fault at 12 kHz, 3 HP) through the running telemetry-api (`npm start`), one second
 * per batch as a gateway would, and prints the window predictions and the alert the fault opens,
 * as the asset's webhook (a local receiver started here) gets it.
 *
 * TELEMETRY_URL (default http://127.0.0.1:3003), TELEMETRY_API_KEY (default: a key created for the
 * tenant "demo" through tools/scripts/keys.ts), --data <datasets dir> (default ../shared/datasets).
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { loadCwru } from '../datasets/src/telemetry/cwru.loader';

const root = resolve(__dirname, '../..');
const baseUrl = process.env['TELEMETRY_URL'] ?? 'http://127.0.0.1:3003';
const at = process.argv.indexOf('--data');
const datasets = resolve(at >= 0 ? (process.argv[at + 1] as string) : join(root, '../shared/datasets'));
const SECONDS = 8;

function apiKey(): string {
  if (process.env['TELEMETRY_API_KEY']) return process.env['TELEMETRY_API_KEY'];
  const created = spawnSync(process.execPath, ['-r', '@swc-node/register', join(root, 'tools/scripts/keys.ts'), 'create', '--tenant', 'demo', '--scopes', 'telemetry:write,telemetry:read', '--label', 'demo'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (created.status !== 0) throw new Error(`could not create an API key: ${created.stderr.trim()}`);
  return created.stdout.trim();
}

async function main(): Promise<void> {
  const health = await fetch(`${baseUrl}/health/ready`).catch(() => null);
  if (!health?.ok) throw new Error(`telemetry-api is not ready at ${baseUrl}; start it with npm start`);
  const key = apiKey();
  const call = async (method: string, path: string, body?: unknown, binary?: Uint8Array) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(binary ? { 'content-type': 'application/octet-stream' } : body ? { 'content-type': 'application/json' } : {}) },
      body: binary ?? (body ? JSON.stringify(body) : undefined),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (response.status >= 400) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
    return json;
  };

  const hooks: { event: string; signature: string; body: Record<string, unknown> }[] = [];
  const receiver = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      hooks.push({ event: String(request.headers['x-mosaic-event']), signature: String(request.headers['x-mosaic-signature']), body: JSON.parse(text) as Record<string, unknown> });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  const webhook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`;

  const recordings = loadCwru(datasets);
  const pick = (id: string) => {
    const recording = recordings.find((r) => r.id === id);
    if (!recording) throw new Error(`CWRU recording ${id} not found under ${datasets}`);
    return recording;
  };
  const run = Date.now().toString(36);
  const machines = [
    { assetId: `demo-fan-${run}`, recording: pick('Normal_0_48k'), log: 'routine inspection, bearings greased / 例行检查，轴承已加注润滑脂' },
    { assetId: `demo-pump-${run}`, recording: pick('IR021_3'), log: '听到驱动端轴承异响，振动偏大 / noise at drive-end bearing, vibration high' },
  ];
  const start = Date.now() - (SECONDS + 5) * 1000;
  for (const machine of machines) {
    await call('POST', '/v1/assets', { assetId: machine.assetId, kind: 'motor', nominalRpm: machine.recording.rpm, alertWebhookUrl: webhook });
    await call('POST', '/v1/maintenance-logs', { assetId: machine.assetId, at: new Date(start - 60_000).toISOString(), text: machine.log });
    const snippet = Array.from(machine.recording.vibration.subarray(0, machine.recording.sampleRateHz / 2));
    const sync = await call('POST', '/v1/predict', { sampleRateHz: machine.recording.sampleRateHz, rpm: machine.recording.rpm, vibration: snippet, maintenanceLog: machine.log });
    console.log(`${machine.assetId} (${machine.recording.id}, ${machine.recording.sampleRateHz / 1000} kHz): POST /v1/predict on 0.5 s -> ${String(sync['label'])}, failure risk ${Number(sync['failureRisk']).toFixed(2)}, ${String(sync['windows'])} windows, ${String(sync['modelVersion'])}`);
  }

  console.log(`\nstreaming ${SECONDS} one-second batches per asset as float32 uploads...`);
  for (let second = 0; second < SECONDS; second++) {
    for (const machine of machines) {
      const rate = machine.recording.sampleRateHz;
      // The healthy baseline holds about 5 s; a longer stream wraps around to its start.
      const { vibration } = machine.recording;
      const samples = Float32Array.from({ length: rate }, (_, i) => vibration[(second * rate + i) % vibration.length] as number);
      const query = new URLSearchParams({ assetId: machine.assetId, startedAt: new Date(start + second * 1000).toISOString(), sampleRateHz: String(rate), rpm: String(machine.recording.rpm) });
      const accepted = await call('POST', `/v1/telemetry?${query}`, undefined, new Uint8Array(samples.buffer));
      let batch: Record<string, unknown>;
      do {
        await new Promise((r) => setTimeout(r, 100));
        batch = await call('GET', `/v1/telemetry/${String(accepted['batchId'])}`);
      } while (batch['status'] === 'queued' || batch['status'] === 'processing');
      const page = (await call('GET', `/v1/assets/${machine.assetId}/predictions?from=${encodeURIComponent(new Date(start + second * 1000).toISOString())}&limit=1000`)) as { items: { label: string; failureRisk: number; smoothedRisk: number | null }[] };
      const labels = page.items.reduce<Record<string, number>>((counts, p) => ({ ...counts, [p.label]: (counts[p.label] ?? 0) + 1 }), {});
      const risk = page.items.reduce((sum, p) => sum + p.failureRisk, 0) / Math.max(page.items.length, 1);
      const smoothed = page.items.at(-1)?.smoothedRisk;
      console.log(`  t=${second}s ${machine.assetId.padEnd(22)} ${String(batch['status']).padEnd(9)} windows ${String(page.items.length).padStart(2)}  ${JSON.stringify(labels).padEnd(28)} mean risk ${risk.toFixed(2)}  smoothed ${smoothed === null || smoothed === undefined ? '-' : smoothed.toFixed(2)}`);
    }
  }

  const alerts = (await call('GET', '/v1/alerts?status=open')) as { items: Record<string, unknown>[] };
  const ours = alerts.items.filter((a) => machines.some((m) => m.assetId === a['assetId']));
  console.log(`\nopen alerts: ${ours.length}`);
  for (const alert of ours) {
    console.log(`  ${String(alert['assetId'])}: ${String(alert['fault'])} since ${String(alert['openedAt'])}, opening risk ${Number(alert['openingRisk']).toFixed(2)}, peak ${Number(alert['peakRisk']).toFixed(2)}`);
  }
  const deadline = Date.now() + 10_000;
  while (hooks.length < ours.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  for (const hook of hooks) {
    const alert = hook.body['alert'] as Record<string, unknown>;
    console.log(`webhook received ${hook.event} for ${String(alert['assetId'])} (${String(alert['fault'])}), signature ${hook.signature.slice(0, 24)}...`);
  }
  receiver.close();
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
