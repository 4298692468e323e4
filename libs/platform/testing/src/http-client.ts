export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A small fetch wrapper for tests: JSON in, JSON (or text) out, and the status kept. */
export function httpClient(baseUrl: string, apiKey?: string) {
  return async function request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { json?: unknown; body?: string | Buffer | Uint8Array; headers?: Record<string, string>; key?: string | null } = {},
  ): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? apiKey : options.key;
    if (key) headers['authorization'] ??= `Bearer ${key}`;
    let body: string | Uint8Array | undefined;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : new Uint8Array(options.body);
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  };
}
