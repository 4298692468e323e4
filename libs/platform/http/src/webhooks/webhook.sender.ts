import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isInternalAddress } from './internal-address';
import { WEBHOOK_SIGNATURE_HEADER, signWebhook } from './webhook-signature';

export class WebhookRefusedError extends Error {
  override name = 'WebhookRefusedError';
}

export interface WebhookDelivery {
  url: string;
  /** The JSON text to POST; it is what the signature covers. */
  body: string;
  secret: string;
  timeoutMs: number;
  /**
   * Whether the target may be a private, loopback or otherwise internal address. Checked on every
   * address the name resolves to, at connection time, so DNS cannot point an allowed name inside.
   */
  allowInternal: boolean;
  headers?: Record<string, string>;
}

/** Resolves like dns.lookup, but refuses a name with any internal address unless those are allowed. */
function guardedLookup(allowInternal: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (!allowInternal && addresses.some((a) => isInternalAddress(a.address))) {
        return callback(new WebhookRefusedError(`${hostname} resolves to an internal address`), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new WebhookRefusedError(`${hostname} has no address`), '', 0);
      return callback(null, first.address, first.family);
    });
  };
}

/**
 * POSTs a signed JSON body and resolves with the status code; rejects on network errors, timeouts and
 * refused targets. Redirects are not followed. The callers' queues retry with backoff.
 */
export function sendWebhook(delivery: WebhookDelivery, now = new Date()): Promise<number> {
  const url = new URL(delivery.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new WebhookRefusedError(`${url.protocol} is not http(s)`));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !delivery.allowInternal && isInternalAddress(host)) {
    return Promise.reject(new WebhookRefusedError(`${host} is an internal address`));
  }
  const options: RequestOptions = {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(delivery.body),
      'user-agent': 'mosaic-webhooks/1.0',
      ...delivery.headers,
      [WEBHOOK_SIGNATURE_HEADER]: signWebhook(delivery.secret, delivery.body, Math.floor(now.getTime() / 1000)),
    },
    lookup: guardedLookup(delivery.allowInternal),
    timeout: delivery.timeoutMs,
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, options, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${delivery.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(delivery.body);
  });
}
