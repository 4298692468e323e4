import type { NextFunction, Request, Response } from 'express';
import { RequestValidationException } from '../errors/request-validation.exception';

/** How deeply a JSON body may nest. No contract needs more than a handful of levels. */
export const MAX_JSON_DEPTH = 32;

export function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Refuses deeply nested JSON before any handler walks it recursively. */
export function rejectDeepJson(request: Request, _response: Response, next: NextFunction): void {
  const body: unknown = request.body;
  // Raw bodies (float32 uploads) arrive as Buffers: bytes, not nesting.
  if (body && typeof body === 'object' && !Buffer.isBuffer(body) && jsonDepth(body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    next(new RequestValidationException(`JSON nests deeper than ${MAX_JSON_DEPTH} levels`, [{ path: '', message: `more than ${MAX_JSON_DEPTH} levels of nesting` }]));
    return;
  }
  next();
}
