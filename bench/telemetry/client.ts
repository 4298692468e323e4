/** A minimal HTTP client for the benchmark (fetch with keep-alive), and the metrics it reports. */

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export function client(baseUrl: string, key: string) {
  return async function call<T = Record<string, unknown>>(method: string, path: string, body?: { json?: unknown; float32?: Uint8Array }): Promise<Answer<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${key}` };
    let payload: string | Uint8Array | undefined;
    if (body?.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body?.float32) {
      headers['content-type'] = 'application/octet-stream';
      payload = body.float32;
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  };
}

export type Client = ReturnType<typeof client>;

export function float32Bytes(...channels: ArrayLike<number>[]): Uint8Array {
  const total = channels.reduce((n, c) => n + c.length, 0);
  const out = new Float32Array(total);
  let at = 0;
  for (const channel of channels) {
    out.set(channel, at);
    at += channel.length;
  }
  return new Uint8Array(out.buffer);
}

/** Runs `tasks` with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index] as T, index);
      }
    }),
  );
  return results;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** Macro-averaged F1 over the classes present in the truth. */
export function macroF1(truth: readonly string[], predicted: readonly string[]): { macroF1: number; perClass: Record<string, number>; accuracy: number } {
  const classes = [...new Set(truth)].sort();
  const perClass: Record<string, number> = {};
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((t, i) => {
      const p = predicted[i];
      if (t === c && p === c) tp++;
      else if (p === c) fp++;
      else if (t === c) fn++;
    });
    perClass[c] = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  const accuracy = truth.filter((t, i) => predicted[i] === t).length / Math.max(truth.length, 1);
  return { macroF1: classes.reduce((s, c) => s + (perClass[c] as number), 0) / Math.max(classes.length, 1), perClass, accuracy };
}
