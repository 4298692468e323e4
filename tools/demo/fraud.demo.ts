/**
 * `npm run demo -- fraud`: a realistic payment stream through the running fraud-api (start it with
 * `npm start`): a history loaded as a batch, then live payments with their decisions, reasons and
 * experts, chargebacks and analyst labels fed back, and a threshold recalibration with its moves.
 * FRAUD_API_URL (default http://127.0.0.1:3001) and DATABASE_URL (for the demo's API key) apply.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { type ScoreRequest, type SimulatedPayment, simulateDriftingStream } from '@mosaic/fraud';

const BASE = process.env['FRAUD_API_URL'] ?? 'http://127.0.0.1:3001';
const HISTORY = 4_000;
const LIVE = 60;

type Json = Record<string, unknown>;

interface Segment {
  segment: string;
  review: number;
  decline: number;
  version: number;
  frozen: boolean;
  reason: string;
}

function createKey(): string {
  const tenant = `demo-${Date.now().toString(36)}`;
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'tools/scripts/keys.ts', 'create', '--tenant', tenant, '--scopes', 'fraud:score,fraud:feedback,fraud:admin', '--label', 'demo'], {
    cwd: resolve(__dirname, '../..'),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`could not create an API key: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

function client(key: string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${BASE}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
  };
}

const formatScore = (score: number) => (score > 0 && score < 0.001 ? score.toExponential(1) : score.toFixed(3));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pad = (value: string | number, width: number) => String(value).padEnd(width);

/** The simulated stream, shifted so that it ends now: the service refuses payments dated in the future. */
function stream(): SimulatedPayment[] {
  const payments = simulateDriftingStream({ seed: 4_242, accounts: 700, days: 8, driftStartDay: 3, driftShare: 0.3 });
  const shift = Date.now() - 60_000 - (payments.at(-1)?.at ?? 0);
  const run = Date.now().toString(36);
  return payments.map((p) => {
    const at = p.at + shift;
    const offset = p.request.timestamp.slice(19);
    const hours = offset === 'Z' ? 0 : Number(offset.slice(0, 3));
    const local = new Date(at + hours * 3_600_000).toISOString().slice(0, 19);
    const request: ScoreRequest = { ...p.request, transactionId: `demo-${run}-${p.request.transactionId}`, timestamp: `${local}${offset}` };
    return { ...p, at, request };
  });
}

async function showThresholds(api: ReturnType<typeof client>, title: string): Promise<Segment[]> {
  const view = await api('GET', '/v1/thresholds');
  const segments = view.body['segments'] as Segment[];
  console.log(`\n${title}`);
  for (const s of segments) console.log(`  ${pad(s.segment, 9)} v${pad(s.version, 3)} review ${s.review.toFixed(3)}  decline ${s.decline.toFixed(3)}${s.frozen ? '  (frozen)' : ''}`);
  return segments;
}

async function main(): Promise<void> {
  const health = await fetch(`${BASE}/health/ready`).catch(() => null);
  if (!health?.ok) {
    console.error(`fraud-api is not ready at ${BASE}: start the services with \`npm start\` (or set FRAUD_API_URL)`);
    process.exit(1);
  }
  const api = client(createKey());
  const payments = stream();
  const history = payments.slice(0, HISTORY);
  // The next payments in time order, with the frauds among the rest of the stream kept in, so some show up.
  const live = payments.slice(HISTORY).filter((p, i) => i < LIVE || p.fraud).slice(0, LIVE + 12);

  console.log(`Loading ${history.length} past payments as one batch (the account histories the live payments are scored against)...`);
  const submitted = await api('POST', '/v1/transactions/score:batch', { transactions: history.map((p) => p.request) });
  if (submitted.status !== 202) throw new Error(`batch refused: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const batchId = String(submitted.body['batchId']);
  for (;;) {
    const batch = await api('GET', `/v1/batches/${batchId}`);
    process.stdout.write(`\r  batch ${batchId.slice(0, 8)}: ${batch.body['status']} ${batch.body['processed']}/${batch.body['total']}   `);
    if (batch.body['status'] === 'completed' || batch.body['status'] === 'failed') break;
    await sleep(1_000);
  }
  console.log();

  const before = await showThresholds(api, 'Thresholds in force:');

  console.log(`\nLive payments (${live.length}, truth from the simulator):`);
  console.log(`  ${pad('amount', 12)} ${pad('channel', 9)} ${pad('decision', 8)} ${pad('score', 8)} ${pad('truth', 6)} reasons / experts`);
  for (const p of live) {
    const r = await api('POST', '/v1/transactions/score', p.request);
    if (r.status !== 200) {
      console.log(`  ${p.request.transactionId}: ${r.status} ${String(r.body['message'])}`);
      continue;
    }
    const reasons = (r.body['reasons'] as { code: string; contribution: number }[]).map((x) => `${x.code} +${x.contribution.toFixed(2)}`).join(', ') || '-';
    const experts = (r.body['experts'] as { expert: number; weight: number }[]).map((e) => `#${e.expert} ${e.weight.toFixed(2)}`).join(' ');
    console.log(
      `  ${pad(`${p.request.amount.toFixed(2)} ${p.request.currency}`, 12)} ${pad(p.request.channel ?? '-', 9)} ${pad(String(r.body['decision']), 8)} ${pad(formatScore(Number(r.body['score'])), 8)} ${pad(p.fraud ? 'FRAUD' : 'ok', 6)} ${reasons}  [${experts}]`,
    );
  }

  const sent = [...history, ...live];
  const now = Date.now();
  const labelled = sent.filter((p) => p.fraud || p.labelKnownAt !== null);
  let labels = 0;
  for (const p of labelled) {
    const label = p.fraud ? { label: 'fraud', source: 'chargeback' } : { label: 'legitimate', source: 'analyst' };
    const response = await api('POST', `/v1/transactions/${encodeURIComponent(p.request.transactionId)}/feedback`, { ...label, at: new Date(Math.min(now, p.at + 3_600_000)).toISOString() });
    if (response.status === 204) labels += 1;
  }
  console.log(`\nFed back ${labels} labels (${sent.filter((p) => p.fraud).length} chargebacks, the rest analyst-confirmed legitimate).`);

  console.log('Recalibrating thresholds from the recent score distribution and the labels...');
  await api('POST', '/v1/thresholds/recalibrate');
  let after = before;
  for (let i = 0; i < 20; i += 1) {
    await sleep(1_000);
    const view = await api('GET', '/v1/thresholds');
    after = view.body['segments'] as Segment[];
    if (after.some((s, j) => s.version !== before[j]?.version)) break;
  }
  console.log('\nThreshold moves:');
  for (const s of after) {
    const was = before.find((b) => b.segment === s.segment);
    if (!was || was.version === s.version) {
      console.log(`  ${pad(s.segment, 9)} unchanged (v${s.version})`);
      continue;
    }
    console.log(`  ${pad(s.segment, 9)} v${was.version} -> v${s.version}: review ${was.review.toFixed(3)} -> ${s.review.toFixed(3)}, decline ${was.decline.toFixed(3)} -> ${s.decline.toFixed(3)}`);
    console.log(`            why: ${s.reason}`);
  }
  const held = await api('GET', '/v1/thresholds/history?limit=5');
  const versions = held.body['versions'] as { segment: string; version: number; trigger: string }[];
  console.log(`\nHistory (latest ${versions.length}): ${versions.map((v) => `${v.segment} v${v.version} (${v.trigger})`).join(', ') || 'none yet'}`);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${(error as Error).message}`);
  process.exit(1);
});
