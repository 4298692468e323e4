/**
 * Where a callback may go: only to hosts on the configured allow-list, over http(s), without
 * credentials in the URL, and (unless the deployment allows it) never to a private, loopback,
 * link-local or otherwise internal address, checked on every address the name resolves to at
 * delivery time, so DNS cannot point an allowed name inside the network.
 */
export function hostAllowed(host: string, allowList: readonly string[]): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return allowList.some((entry) => (entry.startsWith('*.') ? name.endsWith(entry.slice(1)) && name.length > entry.length - 1 : name === entry));
}

/** Why a callbackUrl is refused at upload, or null when it may be used. */
export function callbackUrlProblem(raw: string, allowList: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use http or https';
  if (url.username || url.password) return 'must not carry credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!hostAllowed(host, allowList)) return `host ${host} is not on the callback allow-list`;
  return null;
}
