import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isInternalAddress } from './internal-address';
import { signWebhook } from './webhook-signature';
import { WebhookRefusedError, sendWebhook } from './webhook.sender';

describe('signWebhook', () => {
  it('signs "<t>.<body>" with HMAC-SHA256, so another secret, body or time gives another signature', () => {
    const signature = signWebhook('a-shared-secret-of-some-length', '{"a":1}', 1_764_200_000);
    const expected = createHmac('sha256', 'a-shared-secret-of-some-length').update('1764200000.{"a":1}').digest('hex');
    expect(signature).toBe(`t=1764200000,v1=${expected}`);
    expect(signWebhook('another-secret-of-some-length', '{"a":1}', 1_764_200_000)).not.toBe(signature);
    expect(signWebhook('a-shared-secret-of-some-length', '{"a":2}', 1_764_200_000)).not.toBe(signature);
    expect(signWebhook('a-shared-secret-of-some-length', '{"a":1}', 1_764_200_001)).not.toBe(signature);
  });
});

describe('isInternalAddress', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '::ffff:127.0.0.1', 'not-an-ip'])('treats %s as internal', (a) =>
    expect(isInternalAddress(a)).toBe(true),
  );
  it.each(['8.8.8.8', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8'])('treats %s as public', (a) => expect(isInternalAddress(a)).toBe(false));
});

describe('sendWebhook', () => {
  let server: Server;
  let received: { headers: IncomingHttpHeaders; body: string }[];
  let url: string;

  beforeAll(async () => {
    received = [];
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.statusCode = body.includes('fail') ? 500 : 204;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('POSTs the body signed, with the extra headers, and reports the status', async () => {
    const now = new Date('2026-11-26T12:00:00Z');
    const status = await sendWebhook({ url, body: '{"ok":true}', secret: 'a-shared-secret-of-some-length', timeoutMs: 2_000, allowInternal: true, headers: { 'x-mosaic-event': 'test' } }, now);
    expect(status).toBe(204);
    const last = received.at(-1);
    expect(last?.body).toBe('{"ok":true}');
    expect(last?.headers['x-mosaic-event']).toBe('test');
    expect(last?.headers['x-mosaic-signature']).toBe(signWebhook('a-shared-secret-of-some-length', '{"ok":true}', now.getTime() / 1000));
    expect(await sendWebhook({ url, body: '"fail"', secret: 'a-shared-secret-of-some-length', timeoutMs: 2_000, allowInternal: true })).toBe(500);
  });

  it('refuses internal targets unless they are allowed, by address and by name', async () => {
    const count = received.length;
    await expect(sendWebhook({ url, body: '{}', secret: 's'.repeat(16), timeoutMs: 2_000, allowInternal: false })).rejects.toBeInstanceOf(WebhookRefusedError);
    await expect(sendWebhook({ url: url.replace('127.0.0.1', 'localhost'), body: '{}', secret: 's'.repeat(16), timeoutMs: 2_000, allowInternal: false })).rejects.toBeInstanceOf(
      WebhookRefusedError,
    );
    await expect(sendWebhook({ url: 'ftp://example.com/x', body: '{}', secret: 's'.repeat(16), timeoutMs: 2_000, allowInternal: true })).rejects.toBeInstanceOf(WebhookRefusedError);
    expect(received.length).toBe(count);
  });
});
