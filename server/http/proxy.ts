/**
 * Running behind a TLS-terminating reverse proxy (nginx, Caddy, a load balancer):
 * `CIC_TRUST_PROXY` says which proxies' `X-Forwarded-For` / `X-Forwarded-Proto` / `-Host`
 * headers the server believes. Trusted, they give the client's real address (sign-in lockout,
 * audit) and the original scheme, so the session cookie gets `Secure` when the browser spoke
 * https to the proxy. Untrusted (the default), a client could forge them, so they are ignored.
 *
 * - unset, `false`, `0`: trust nobody (direct connections; the embedded desktop server);
 * - `true`: trust every hop (only when the server is reachable solely through the proxy);
 * - a whole number n ≥ 1: trust the n nearest hops;
 * - a comma-separated list of addresses / CIDR ranges (`127.0.0.1,10.0.0.0/8`) or the keywords
 *   `loopback`, `linklocal`, `uniquelocal`: trust those proxies.
 */
export type TrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

export class TrustProxyError extends Error {
  override name = 'TrustProxyError';
}

const KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);
const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}(\/\d{1,2})?$/;
const IPV6 = /^[0-9a-f:.]*:[0-9a-f:.]*(\/\d{1,3})?$/i;

/**
 * @example parseTrustProxy('127.0.0.1, 10.0.0.0/8') // ['127.0.0.1', '10.0.0.0/8']
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? '';
  if (text === '' || /^(false|no|off|0)$/i.test(text)) return false;
  if (/^(true|yes|on)$/i.test(text)) return true;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    // What proxy-addr does with a hop count (Fastify's types only take the function form).
    return (_address: string, hop: number) => hop < hops;
  }
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const ok =
      KEYWORDS.has(entry.toLowerCase()) ||
      (IPV4.test(entry) && entry.split(/[./]/).every((n) => Number(n) <= 255)) ||
      IPV6.test(entry);
    if (!ok) {
      throw new TrustProxyError(
        `CIC_TRUST_PROXY: ${JSON.stringify(entry)} is not an address, a CIDR range or one of loopback, linklocal, uniquelocal (or use true, false, or a hop count).`,
      );
    }
  }
  return entries;
}

/** Whether the session cookie gets `Secure`: the client's scheme (as the trusted proxy says). */
export function secureCookieFor(protocol: string): boolean {
  return protocol === 'https';
}
