import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, httpClient, type ServiceHarness } from '@mosaic/platform-testing';
import type { TelemetryConfig } from '../src/config/telemetry.config';
import { at, gaussianSignal, impulsiveSignal, startTelemetry } from './telemetry.harness';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  status: number;
}

const SECRET = 'test-webhook-secret-0123456789';

describe('telemetry-api alerts', () => {
  let harness: ServiceHarness<TelemetryConfig>;
  let client: ReturnType<typeof httpClient>;
  let hook: Server;
  const received: Received[] = [];
  /** Each event's first delivery is refused with a 503, so that every alert goes through a retry. */
  const refusedOnce = new Set<string>();

  beforeAll(async () => {
    hook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const event = String(request.headers['x-mosaic-event']);
        const status = refusedOnce.has(event) ? 204 : 503;
        refusedOnce.add(event);
        received.push({ headers: request.headers, body, status });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    harness = await startTelemetry('alerts', {
      env: {
        ALERT_OPEN_THRESHOLD: '0.7',
        ALERT_CLOSE_THRESHOLD: '0.4',
        ALERT_OPEN_WINDOWS: '3',
        ALERT_CLOSE_WINDOWS: '2',
        ALERT_SMOOTHING: '1',
        ALERT_WEBHOOK_SECRET: SECRET,
      },
    });
    client = httpClient(harness.url, await harness.keyFor(['telemetry:write', 'telemetry:read']));
    const port = (hook.address() as AddressInfo).port;
    await client('POST', '/v1/assets', { json: { assetId: 'press-4', kind: 'motor', alertWebhookUrl: `http://127.0.0.1:${port}/alerts` } });
  });
  afterAll(async () => {
    await harness?.close();
    await new Promise((resolve) => hook?.close(resolve));
  });

  const base = Date.UTC(2026, 10, 2, 6, 0, 0);
  let sent = 0;
  /** One model window of signal (2048 samples at 12 kHz), predicted before the next is sent. */
  async function sendWindow(kind: 'high' | 'low'): Promise<void> {
    const vibration = (kind === 'high' ? impulsiveSignal : gaussianSignal)(12_000, 2048 / 12_000, 100 + sent);
    const response = await client('POST', '/v1/telemetry', {
      json: { assetId: 'press-4', startedAt: at(base, sent * 0.2), sampleRateHz: 12_000, channels: { vibration: Array.from(vibration) } },
    });
    sent++;
    expect(response.body).toMatchObject({ status: 'queued', windows: 1 });
    await eventually(async () => (await client('GET', `/v1/telemetry/${String(response.body['batchId'])}`)).body['status'] === 'completed');
  }
  const openAlerts = async () => (await client<{ items: Record<string, unknown>[] }>('GET', '/v1/alerts?status=open')).body.items;

  it('opens only after 3 windows in a row above the threshold, never twice, stays open through one noisy window and closes after 2 low windows', async () => {
    for (const kind of ['low', 'high', 'low', 'high', 'high'] as const) await sendWindow(kind);
    expect(await openAlerts()).toEqual([]);

    await sendWindow('high');
    const [alert, ...others] = await openAlerts();
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ assetId: 'press-4', fault: 'inner_race', status: 'open', openedAt: at(base, 5 * 0.2), closedAt: null });
    expect(Number(alert?.['openingRisk'])).toBeGreaterThan(0.7);

    await sendWindow('high');
    await sendWindow('low');
    expect(await openAlerts()).toHaveLength(1);
    await sendWindow('high');
    await sendWindow('low');
    expect(await openAlerts()).toHaveLength(1);
    await sendWindow('low');
    expect(await openAlerts()).toEqual([]);

    const closed = (await client<{ items: Record<string, unknown>[] }>('GET', '/v1/alerts?status=closed&assetId=press-4')).body.items;
    expect(closed).toEqual([expect.objectContaining({ alertId: alert?.['alertId'], status: 'closed', closedAt: at(base, 10 * 0.2) })]);
    const asset = await client('GET', '/v1/assets/press-4');
    expect(asset.body['state']).toMatchObject({ label: 'normal', openAlerts: 0, windowsPredicted: 11 });
  });

  it('POSTs each alert event to the webhook with a valid signature, retrying after a refusal', async () => {
    const delivered = await eventually(async () => {
      const alerts = (await client<{ items: { webhook: { event: string; status: string; attempts: number }[] }[] }>('GET', '/v1/alerts?assetId=press-4')).body.items;
      const webhook = alerts[0]?.webhook ?? [];
      return webhook.length === 2 && webhook.every((w) => w.status === 'delivered') ? webhook : null;
    });
    expect(delivered.map((w) => [w.event, w.attempts])).toEqual([
      ['alert.opened', 2],
      ['alert.closed', 2],
    ]);
    // Each event is refused once, then delivered; the two events' retries may interleave.
    const statusesOf = (event: string) => received.filter((r) => r.headers['x-mosaic-event'] === event).map((r) => r.status);
    expect(statusesOf('alert.opened')).toEqual([503, 204]);
    expect(statusesOf('alert.closed')).toEqual([503, 204]);
    expect(received).toHaveLength(4);
    for (const request of received) {
      const [t, v1] = String(request.headers['x-mosaic-signature']).split(',');
      const timestamp = Number(t?.replace('t=', ''));
      expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(300);
      expect(v1).toBe(`v1=${createHmac('sha256', SECRET).update(`${timestamp}.${request.body}`).digest('hex')}`);
      expect(JSON.parse(request.body)).toMatchObject({ event: request.headers['x-mosaic-event'], alert: { assetId: 'press-4', fault: 'inner_race' }, asset: { assetId: 'press-4', kind: 'motor' } });
    }
  });
});
