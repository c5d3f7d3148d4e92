import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../server/http/app.ts';
import type { TrustProxy } from '../../server/http/proxy.ts';
import { createTestApp, type TestApp } from './harness.ts';

/**
 * Behind a TLS-terminating reverse proxy: with CIC_TRUST_PROXY naming the proxy, the server
 * believes its X-Forwarded-Proto / -For, so the session cookie gets `Secure` when the browser
 * spoke https and the client address is the real one; anyone else's forwarded headers are
 * ignored.
 */
let app: TestApp;
const built: FastifyInstance[] = [];

beforeAll(async () => {
  app = await createTestApp({ demoUsers: true });
});
afterAll(async () => {
  await app.close();
});
afterEach(async () => {
  await Promise.all(built.splice(0).map((h) => h.close()));
  delete process.env.CIC_TRUST_PROXY;
});

async function http(trustProxy?: TrustProxy): Promise<FastifyInstance> {
  const h = await buildHttpApp(app.deps, {
    staticDir: null,
    ...(trustProxy === undefined ? {} : { trustProxy }),
  });
  h.get('/test/whoami', async (req) => ({ ip: req.ip, protocol: req.protocol }));
  built.push(h);
  return h;
}

async function signIn(
  h: FastifyInstance,
  headers: Record<string, string>,
  remoteAddress = '127.0.0.1',
) {
  const res = await h.inject({
    method: 'POST',
    url: '/trpc/auth.login',
    remoteAddress,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ username: 'agent', password: 'agent-demo-2026' }),
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'cic_session');
  expect(cookie).toBeDefined();
  return cookie!;
}

const viaProxy = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' };

describe('behind a TLS-terminating reverse proxy', () => {
  it('direct http (no proxy trusted): a plain session cookie', async () => {
    const cookie = await signIn(await http(false), {});
    expect(cookie.secure).toBeUndefined();
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
  });

  it('ignores forwarded headers from a proxy nobody trusts', async () => {
    const h = await http(false);
    const cookie = await signIn(h, viaProxy);
    expect(cookie.secure).toBeUndefined();
    const who = await h.inject({ url: '/test/whoami', headers: viaProxy });
    expect(who.json()).toEqual({ ip: '127.0.0.1', protocol: 'http' });
  });

  it('a trusted proxy that terminated https: Secure cookie, real client address', async () => {
    const h = await http(['127.0.0.1']);
    const cookie = await signIn(h, viaProxy);
    expect(cookie.secure).toBe(true);
    const who = await h.inject({ url: '/test/whoami', headers: viaProxy });
    expect(who.json()).toEqual({ ip: '203.0.113.9', protocol: 'https' });
    // The cookie works for the next request through the proxy.
    const me = await h.inject({
      url: '/trpc/auth.me',
      headers: viaProxy,
      cookies: { cic_session: cookie.value },
    });
    expect((me.json() as { result: { data: { username: string } } }).result.data.username).toBe(
      'agent',
    );
  });

  it('a trusted proxy forwarding plain http: no Secure flag (the cookie must still work)', async () => {
    const cookie = await signIn(await http(['127.0.0.1']), {
      'x-forwarded-proto': 'http',
      'x-forwarded-for': '203.0.113.9',
    });
    expect(cookie.secure).toBeUndefined();
  });

  it('a request that did not come through the trusted proxy cannot claim https', async () => {
    const h = await http(['10.0.0.5']);
    const cookie = await signIn(h, viaProxy, '198.51.100.7');
    expect(cookie.secure).toBeUndefined();
  });

  it('reads CIC_TRUST_PROXY when no option is given', async () => {
    process.env.CIC_TRUST_PROXY = 'loopback';
    const h = await http();
    expect((await signIn(h, viaProxy)).secure).toBe(true);
    process.env.CIC_TRUST_PROXY = '1';
    const one = await http();
    const who = await one.inject({ url: '/test/whoami', headers: viaProxy });
    expect(who.json()).toEqual({ ip: '203.0.113.9', protocol: 'https' });
  });
});
