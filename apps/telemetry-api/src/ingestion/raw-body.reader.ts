/**
 * Reads an application/octet-stream body here rather than through the platform's body parsers: a
 * parsed Buffer would be walked element by element by the JSON-depth guard that runs on every
 * parsed body (tens of milliseconds per 200 KB upload), and a binary body has no depth to check.
 */
import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';

export function readRawBody(request: Request, limitBytes: number): Promise<Buffer> {
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') return Promise.reject(new UnsupportedMediaTypeException(`content-encoding ${encoding} is not accepted for float32 bodies`));
  const tooLarge = () => new PayloadTooLargeException(`request body exceeds the limit of ${limitBytes} bytes`);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) {
        cleanup();
        // Stop buffering; Node discards the rest of the upload once the 413 is sent.
        request.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, received));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}
