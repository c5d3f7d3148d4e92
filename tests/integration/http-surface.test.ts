import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp, LAUNCH_COOKIE, LAUNCH_HEADER } from '../../server/http/app.ts';
import { bindHost, launchTokenAccepted } from '../../server/http/http-edge.ts';
import { createSession } from '../../db/repositories/sessions.ts';
import { createTestApp, type TestApp } from './harness.ts';

const temp = mkdtempSync(path.join(tmpdir(), 'cic-surface-'));
const web = path.join(temp, 'web');
mkdirSync(web);
writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>CIC Desk</title>');

let t: TestApp;
let webApp: FastifyInstance;
let embedded: FastifyInstance;
const TOKEN = 'a1'.repeat(32);

beforeAll(async () => {
  t = await createTestApp();
  webApp = await buildHttpApp(t.deps, { staticDir: web });
  embedded = await buildHttpApp(t.deps, { staticDir: web, launchToken: TOKEN });
});

afterAll(async () => {
  await webApp.close();
  await embedded.close();
  await t.close();
  rmSync(temp, { recursive: true, force: true });
});

/**
 * The security headers every response carries, byte for byte (helmet 8 with the desk's CSP,
 * server/http/app.ts). Written out here, not read from helmet, so a change of library, version or
 * configuration that alters any of them fails this test.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self';base-uri 'none';font-src 'self' data:;form-action 'self';frame-ancestors 'none';img-src 'self' data: blob:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

/** The response's headers that are security headers (or look like one), as sent. */
function securityHeadersOf(headers: Record<string, unknown>): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (
      name in SECURITY_HEADERS ||
      /^(x-|cross-origin-|origin-agent|referrer|strict-transport|content-security|permissions-policy)/.test(
        name,
      )
    )
      shown[name] = value;
  }
  return shown;
}

function csp(res: LightMyRequestResponse): Map<string, string[]> {
  const header = String(res.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = '', ...values] = d.split(/\s+/);
        return [name, values] as const;
      }),
  );
}

function expectSecureHeaders(res: LightMyRequestResponse, label: string) {
  const d = csp(res);
  expect(d.get('frame-ancestors'), label).toEqual(["'none'"]);
  expect(d.get('default-src'), label).toEqual(["'self'"]);
  expect(d.get('script-src'), label).toEqual(["'self'"]);
  expect(d.get('object-src'), label).toEqual(["'none'"]);
  expect(d.get('base-uri'), label).toEqual(["'none'"]);
  expect(String(res.headers['content-security-policy']), label).not.toMatch(/unsafe-eval/);
  expect(res.headers['x-content-type-options'], label).toBe('nosniff');
  expect(res.headers['x-frame-options'], label).toBe('SAMEORIGIN');
  expect(res.headers['referrer-policy'], label).toBe('no-referrer');
  expect(res.headers['x-powered-by'], label).toBeUndefined();
  expect(res.headers.server, label).toBeUndefined();
  expect(securityHeadersOf(res.headers), label).toEqual(SECURITY_HEADERS);
}

describe('web mode response headers', () => {
  it.each([
    ['the page', 'GET', '/'],
    ['a deep link (SPA fallback)', 'GET', '/customers/42'],
    ['health', 'GET', '/healthz'],
    ['a tRPC query', 'GET', '/trpc/auth.me'],
    ['a tRPC error', 'GET', '/trpc/no.such'],
    ['an API 404', 'GET', '/api/nope'],
    ['a refused body', 'POST', '/api/portal/messages'],
  ] as const)('%s carries CSP, nosniff and no X-Powered-By', async (label, method, url) => {
    const res = await webApp.inject({
      method,
      url,
      ...(method === 'POST'
        ? { headers: { 'content-type': 'application/xml' }, payload: '<x/>' }
        : {}),
    });
    expect(res.statusCode, label).toBeLessThan(500);
    expectSecureHeaders(res, label);
  });

  it('signed-in queries and mutations carry exactly the same security headers', async () => {
    const agent = await t.as('agent', 'headers.agent');
    const token = await createSession(t.deps.db, agent.userId, t.clock.now().toISOString());
    const cookie = `cic_session=${token}`;
    const me = await webApp.inject({ method: 'GET', url: '/trpc/auth.me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expectSecureHeaders(me, 'signed-in query');
    const out = await webApp.inject({
      method: 'POST',
      url: '/trpc/auth.logout',
      headers: { cookie, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(out.statusCode).toBe(200);
    expectSecureHeaders(out, 'mutation (sign-out)');
  });

  it('serves the page with a text/html type', async () => {
    const res = await webApp.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });
});

describe('embedded mode: the launch token', () => {
  it('refuses every request without it (403, still with the secure headers)', async () => {
    for (const url of ['/', '/healthz', '/trpc/auth.me', '/api/portal/messages']) {
      const res = await embedded.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.message, url).toMatch(/only answers the CIC Desk window/);
      expect(res.json().error.data.messageKey, url).toBe('common.launchTokenRefused');
      expectSecureHeaders(res, url);
    }
  });

  it('refuses a wrong, empty or repeated token', async () => {
    for (const headers of [
      { [LAUNCH_HEADER]: 'b2'.repeat(32) },
      { [LAUNCH_HEADER]: '' },
      { [LAUNCH_HEADER]: TOKEN.slice(0, -1) },
      { cookie: `${LAUNCH_COOKIE}=${TOKEN}x` },
    ]) {
      const res = await embedded.inject({ method: 'GET', url: '/healthz', headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
    }
  });

  it('answers with the token in the header or the launch cookie', async () => {
    const byHeader = await embedded.inject({
      method: 'GET',
      url: '/healthz',
      headers: { [LAUNCH_HEADER]: TOKEN },
    });
    expect(byHeader.statusCode).toBe(200);
    expect(byHeader.json()).toMatchObject({ status: 'ok' });
    const byCookie = await embedded.inject({
      method: 'GET',
      url: '/',
      headers: { cookie: `${LAUNCH_COOKIE}=${TOKEN}` },
    });
    expect(byCookie.statusCode).toBe(200);
    expectSecureHeaders(byCookie, 'page with cookie');
  });

  it('web mode (no token configured) does not ask for one', async () => {
    expect((await webApp.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('compares tokens strictly', () => {
    expect(launchTokenAccepted(TOKEN, TOKEN)).toBe(true);
    expect(launchTokenAccepted(`${TOKEN} `, TOKEN)).toBe(false);
    expect(launchTokenAccepted([TOKEN, TOKEN], TOKEN)).toBe(false);
    expect(launchTokenAccepted(undefined, TOKEN)).toBe(false);
    expect(launchTokenAccepted('', TOKEN)).toBe(false);
  });
});

describe('bind address', () => {
  it.each([
    [undefined, {}, '127.0.0.1', false],
    [undefined, { CIC_HOST: '' }, '127.0.0.1', false],
    [undefined, { CIC_HOST: '  ' }, '127.0.0.1', false],
    [undefined, { CIC_HOST: '::1' }, '::1', false],
    [undefined, { CIC_HOST: 'localhost' }, 'localhost', false],
    [undefined, { CIC_HOST: '127.0.0.2' }, '127.0.0.2', false],
    [undefined, { CIC_HOST: '0.0.0.0' }, '0.0.0.0', true],
    [undefined, { CIC_HOST: '10.1.2.3' }, '10.1.2.3', true],
    ['0.0.0.0', { CIC_HOST: '127.0.0.1' }, '0.0.0.0', true], // --host wins
    ['127.0.0.1', { CIC_HOST: '0.0.0.0' }, '127.0.0.1', false],
    ['::', {}, '::', true],
  ] as const)('--host %j, env %j → %s (exposed %j)', (flag, env, host, exposed) => {
    expect(bindHost(flag, env)).toEqual({ host, exposed });
  });
});
