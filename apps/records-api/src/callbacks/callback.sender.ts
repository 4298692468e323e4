import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isInternalAddress } from './callback-policy';

export class CallbackRefusedError extends Error {
  override name = 'CallbackRefusedError';
}

export const SIGNATURE_HEADER = 'x-mosaic-signature';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the scheme receivers verify (and reject stale t). */
export function signature(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** Resolves like dns.lookup, but refuses a name with any internal address unless those are allowed. */
function guardedLookup(allowInternal: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (!allowInternal && addresses.some((a) => isInternalAddress(a.address))) {
        return callback(new CallbackRefusedError(`${hostname} resolves to an internal address`), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new CallbackRefusedError(`${hostname} has no address`), '', 0);
      return callback(null, first.address, first.family);
    });
  };
}

export interface CallbackDelivery {
  url: string;
  body: string;
  secret: string;
  allowInternal: boolean;
  timeoutMs: number;
  deliveryId: string;
}

/** POSTs a signed JSON body; resolves with the status code, rejects on network errors and timeouts. Redirects are not followed. */
export function sendCallback(delivery: CallbackDelivery, now = new Date()): Promise<number> {
  const url = new URL(delivery.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !delivery.allowInternal && isInternalAddress(host)) {
    return Promise.reject(new CallbackRefusedError(`${host} is an internal address`));
  }
  const options: RequestOptions = {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(delivery.body),
      'user-agent': 'mosaic-records-api',
      'x-mosaic-delivery': delivery.deliveryId,
      [SIGNATURE_HEADER]: signature(delivery.secret, delivery.body, now),
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
