import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../db/repositories/sessions.ts';
import { insertUser } from '../../db/repositories/users.ts';
import { buildHttpApp } from '../../server/http/app.ts';
import { SESSION_COOKIE } from '../../server/trpc/context.ts';
import {
  DEFAULT_BODY_LIMIT,
  TRPC_BODY_LIMITS,
  trpcBodyLimit,
} from '../../server/http/http-edge.ts';
import { TRAINING_PORTAL_KEY } from '../../server/messages/intake-route.ts';
import { appRouter } from '../../server/router.ts';
import { hashPassword, TEST_SCRYPT } from '../../server/auth/password.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { customerWithAccount, FILES } from './messages-fixtures.ts';

const MB = 1024 * 1024;
const temp = mkdtempSync(path.join(tmpdir(), 'cic-edge-'));
const dataDir = path.join(temp, 'data');
mkdirSync(dataDir);

let t: TestApp;
let app: FastifyInstance;
let cookie = '';
let account: { customerId: number; accountNumber: string };
/** Every response of this file: none may carry a stack trace or SQL. */
const seen: Array<{ label: string; body: string }> = [];

beforeAll(async () => {
  t = await createTestApp();
  const deps = { ...t.deps, dataDir };
  app = await buildHttpApp(deps, { staticDir: null });
  // A route that fails like a bug would: the error handler must not echo it.
  app.get('/api/test/boom', async () => {
    throw new Error('SQLITE_ERROR: near "selec": syntax error in select * from users');
  });
  const user = await insertUser(
    t.deps.db,
    {
      username: 'edge-supervisor',
      displayName: 'Edge Supervisor',
      role: 'supervisor',
      passwordHash: await hashPassword('test-password-1', TEST_SCRYPT),
    },
    t.clock.now().toISOString(),
  );
  cookie = `${SESSION_COOKIE}=${await createSession(t.deps.db, user.id, t.clock.now().toISOString())}`;
  account = await customerWithAccount(t.deps.db, 1);
});

afterAll(async () => {
  await app.close();
  await t.close();
  rmSync(temp, { recursive: true, force: true });
});

async function send(label: string, options: InjectOptions): Promise<LightMyRequestResponse> {
  const res = await app.inject(options);
  seen.push({ label, body: res.body });
  return res;
}

const json = (body: unknown) => ({
  headers: { 'content-type': 'application/json' },
  payload: typeof body === 'string' ? body : JSON.stringify(body),
});

const portal = (payload: string | Buffer, contentType = 'application/json'): InjectOptions => ({
  method: 'POST',
  url: '/api/portal/messages',
  headers: { 'content-type': contentType, 'x-portal-key': TRAINING_PORTAL_KEY },
  payload,
});

describe('oversized bodies', () => {
  it('limits ordinary tRPC calls to 1 MB with a clear 413', async () => {
    const res = await send('trpc 1.5 MB', {
      method: 'POST',
      url: '/trpc/auth.login',
      ...json({ username: 'x'.repeat(1.5 * MB), password: 'p' }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({
      error: 'payload_too_large',
      message: 'The request is too large: this endpoint accepts at most 1 MB.',
      messageKey: 'common.requestTooLarge',
      messageParams: { size: '1 MB' },
    });
  });

  it('counts the bytes of a body sent without Content-Length (chunked)', async () => {
    const chunks = Array.from({ length: 20 }, () => Buffer.alloc(100 * 1024, 'a'));
    const res = await send('trpc chunked', {
      method: 'POST',
      url: '/trpc/auth.login',
      headers: { 'content-type': 'application/json' },
      payload: Readable.from(chunks),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: 'payload_too_large' });
  });

  it('over a real connection too: the 413 reaches the client, the connection is not cut first', async () => {
    // The counting stream once took the request down with it (stream.pipeline destroys its
    // source on an error): whether the 413 was written first depended on a tick.
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    for (let attempt = 0; attempt < 5; attempt++) {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(100 * 1024).fill(97));
          controller.close();
        },
      });
      const res = await fetch(`${base}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ error: 'payload_too_large' });
    }
  });

  it('refuses a body longer than its declared Content-Length (the declaration is what is checked)', async () => {
    const res = await send('trpc length lie', {
      method: 'POST',
      url: '/trpc/auth.login',
      headers: { 'content-type': 'application/json', 'content-length': '100' },
      payload: Buffer.alloc(2 * MB, 'a'),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'bad_request',
      messageKey: 'common.badContentLength',
    });
  });

  it('lets file-carrying procedures through up to their own limit', async () => {
    const reply = {
      threadId: 999_999,
      body: 'see attached',
      attachments: [{ filename: 'a.pdf', contentBase64: 'A'.repeat(3 * MB) }],
    };
    const ok = await send('reply 3 MB', {
      method: 'POST',
      url: '/trpc/messages.reply',
      headers: { 'content-type': 'application/json', cookie },
      payload: JSON.stringify(reply),
    });
    expect(ok.statusCode).not.toBe(413);
    expect(ok.statusCode).toBeLessThan(500);

    const limit = TRPC_BODY_LIMITS['messages.reply'] ?? 0;
    const tooBig = await send('reply over limit', {
      method: 'POST',
      url: '/trpc/messages.reply',
      headers: { 'content-type': 'application/json', 'content-length': String(limit + 1) },
      payload: Buffer.alloc(limit + 1, 'a'),
    });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().message).toMatch(/at most 6\d MB/);
  });

  it('refuses an oversized portal intake with 413 JSON', async () => {
    const res = await send('portal 80 MB', portal(Buffer.alloc(80 * MB, 'a')));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: 'payload_too_large' });
  });

  it('limit rules: 1 MB by default, batches add up, capped at the largest', () => {
    expect(trpcBodyLimit('auth.login')).toBe(DEFAULT_BODY_LIMIT);
    expect(trpcBodyLimit('unknown.proc')).toBe(DEFAULT_BODY_LIMIT);
    expect(trpcBodyLimit('')).toBe(DEFAULT_BODY_LIMIT);
    expect(trpcBodyLimit('auth.me,auth.me')).toBe(2 * DEFAULT_BODY_LIMIT);
    expect(trpcBodyLimit('messages.reply')).toBe(TRPC_BODY_LIMITS['messages.reply']);
    expect(trpcBodyLimit('messages.reply,messages.reply')).toBe(TRPC_BODY_LIMITS['messages.reply']);
  });

  it('every body limit names a procedure that exists (a renamed one would fall back to 1 MB)', () => {
    const procedures = Object.keys(appRouter._def.procedures);
    const limited = Object.keys(TRPC_BODY_LIMITS);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.filter((p) => !procedures.includes(p))).toEqual([]);
  });

  it('a 6,000-item lockbox file passes the edge to the import procedure (not 413)', async () => {
    const item = {
      sequence: 1,
      accountNumber: '1234567890',
      amount: '123.45',
      checkNumber: '1001',
      routingNumber: '011000015',
      remitterName: 'A customer with a long enough name, as a bank file spells it',
    };
    const items = Array.from({ length: 6000 }, (_, i) => ({ ...item, sequence: i + 1 }));
    const payload = JSON.stringify({ batchId: 1, items });
    expect(payload.length).toBeGreaterThan(DEFAULT_BODY_LIMIT);
    const res = await send('lockbox 6000', {
      method: 'POST',
      url: '/trpc/mailPayments.items.importItems',
      headers: { cookie, 'content-type': 'application/json' },
      payload,
    });
    expect(res.statusCode).not.toBe(413);
  });
});

describe('malformed JSON and wrong content types', () => {
  it('tRPC: malformed JSON → 400 BAD_REQUEST in the tRPC error shape', async () => {
    const res = await send('trpc malformed', {
      method: 'POST',
      url: '/trpc/auth.login',
      ...json('{"username": '),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.data.code).toBe('BAD_REQUEST');
  });

  it('portal: malformed or empty JSON → 400 malformed_json', async () => {
    for (const body of ['{"customerId":', '{]', 'null x', '']) {
      const res = await send(`portal malformed ${body}`, portal(body));
      expect(res.statusCode, body).toBe(400);
      expect(res.json().error, body).toMatch(/malformed_json|invalid/);
      expect(res.json().message, body).toBeTypeOf('string');
    }
  });

  it('unsupported content types → 415, JSON', async () => {
    for (const [url, type] of [
      ['/api/portal/messages', 'application/xml'],
      ['/api/portal/messages', 'multipart/form-data; boundary=x'],
      ['/api/portal/messages', 'application/x-www-form-urlencoded'],
      ['/trpc/auth.login', 'application/xml'],
      ['/trpc/auth.login', 'image/png'],
    ] as const) {
      const res = await send(`${url} ${type}`, {
        method: 'POST',
        url,
        headers: { 'content-type': type, 'x-portal-key': TRAINING_PORTAL_KEY },
        payload: '<a/>',
      });
      expect(res.statusCode, `${url} ${type}`).toBe(415);
      expect(() => res.json(), `${url} ${type}`).not.toThrow();
    }
  });

  it('a text body where JSON is expected is refused as 400/415, never read as data', async () => {
    const p = await send('portal text', portal('hello', 'text/plain'));
    expect(p.statusCode).toBe(400);
    expect(p.json()).toMatchObject({ error: 'invalid' });
    const r = await send('trpc text', {
      method: 'POST',
      url: '/trpc/auth.login',
      headers: { 'content-type': 'text/plain' },
      payload: '{"username":"a","password":"b"}',
    });
    expect([400, 415]).toContain(r.statusCode);
  });
});

describe('path traversal in attachment names', () => {
  const names = [
    '../../etc/passwd.pdf',
    '..\\..\\windows\\system32\\x.pdf',
    '/absolute/path.pdf',
    'nul\u0000byte.pdf',
    'line\nbreak\r.pdf',
    '....//....//up.pdf',
    `${'long'.repeat(60)}.pdf`,
    '.hidden.pdf',
    'con.pdf',
  ];

  it('stores files inside <dataDir>/attachments only, with sanitised names', async () => {
    for (const filename of names) {
      const res = await send(`attach ${JSON.stringify(filename)}`, {
        ...portal(
          JSON.stringify({
            customerId: account.customerId,
            accountNumber: account.accountNumber,
            topic: 'payments-easypay',
            text: 'my statement',
            attachments: [{ filename, contentBase64: FILES.pdf.toString('base64') }],
          }),
        ),
      });
      expect(res.statusCode, filename).toBe(201);
    }
    const stored = await t.deps.db.selectFrom('message_attachments').select('filename').execute();
    expect(stored).toHaveLength(names.length);
    for (const { filename } of stored) {
      expect(filename).not.toMatch(/[/\\]/);
      // eslint-disable-next-line no-control-regex -- control characters are what is checked
      expect(filename).not.toMatch(/[\u0000-\u001f]/);
      expect(filename.startsWith('.')).toBe(false);
      expect(filename.length).toBeLessThanOrEqual(100);
      expect(filename).toMatch(/\.pdf$/);
    }
    // Every file written lives under <dataDir>/attachments, named by its hash.
    const files = walk(temp);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      expect(path.relative(path.join(dataDir, 'attachments'), f)).toMatch(
        /^[0-9a-f]{2}[/\\][0-9a-f]{64}$/,
      );
    }
  });

  it('refuses names longer than 255 characters with a field error', async () => {
    const res = await send('attach too long', {
      ...portal(
        JSON.stringify({
          customerId: account.customerId,
          accountNumber: account.accountNumber,
          topic: 'payments-easypay',
          text: 'x',
          attachments: [
            { filename: `${'a'.repeat(10_000)}.pdf`, contentBase64: FILES.pdf.toString('base64') },
          ],
        }),
      ),
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().fields as object)).toContain('attachments.0.filename');
  });

  it('the download route takes numeric ids only', async () => {
    for (const id of [
      '..%2F..%2Fetc%2Fpasswd',
      '..',
      '1%00',
      '-1',
      '1e3',
      '99999999999999999999',
    ]) {
      const res = await send(`download ${id}`, {
        method: 'GET',
        url: `/api/messages/attachments/${id}`,
        headers: { cookie },
      });
      expect(res.statusCode, id).toBe(404);
      expect(() => res.json(), id).not.toThrow();
      // Staff read it: a key for their language, beside the English.
      // Staff read it: a key for their language, beside the English.
      expect(res.json().error.data.messageKey, id).toMatch(
        /^(messages.noSuchAttachment|common.notFound)$/,
      );
    }
  });

  it('static files never escape the renderer folder', async () => {
    const web = path.join(temp, 'web');
    mkdirSync(web);
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>desk</title>');
    writeFileSync(path.join(temp, 'secret.txt'), 'TOP-SECRET');
    const staticApp = await buildHttpApp(t.deps, { staticDir: web });
    try {
      for (const url of [
        '/../secret.txt',
        '/..%2fsecret.txt',
        '/%2e%2e/secret.txt',
        '/..\\secret.txt',
      ]) {
        const res = await staticApp.inject({ method: 'GET', url });
        seen.push({ label: `static ${url}`, body: res.body });
        expect(res.body, url).not.toContain('TOP-SECRET');
      }
    } finally {
      await staticApp.close();
      rmSync(path.join(temp, 'secret.txt'));
    }
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (p === path.join(temp, 'web')) return [];
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('huge pages and limits', () => {
  const calls: Array<[string, unknown]> = [
    ['messages.list', { limit: 1e9 }],
    ['messages.list', { limit: 200, cursor: 1e300 }],
    ['messages.list', { limit: -1 }],
    ['messages.list', { limit: 'all' }],
    ['messages.outbox', { cursor: 2 ** 53 + 2 }],
    ['admin.audit.list', { limit: 1_000_000 }],
    ['admin.audit.list', { cursor: Number.MAX_SAFE_INTEGER }],
    ['disputes.cockpitCases', { filter: 'open', offset: Number.MAX_SAFE_INTEGER }],
    ['disputes.cockpitCases', { filter: 'open', limit: 1e12 }],
    ['disputes.cockpitCases', { filter: 'open', offset: 1e308 }],
    ['customers.search', { q: 'a', limit: 1e9 }],
    ['customers.search', { q: 'a'.repeat(100_000) }],
  ];

  it.each(
    calls.map(
      ([proc, input]) => [`${proc} ${JSON.stringify(input).slice(0, 50)}`, proc, input] as const,
    ),
  )('%s → BAD_REQUEST or an answer, never a crash', async (label, proc, input) => {
    const res = await send(label, {
      method: 'GET',
      url: `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`,
      headers: { cookie },
    });
    expect([200, 400, 414, 431]).toContain(res.statusCode);
    if (res.statusCode === 400) expect(res.json().error.data.code).toBe('BAD_REQUEST');
  });
});

describe('internal errors', () => {
  it('a failing route answers 500 with a generic JSON message', async () => {
    const res = await send('boom', { method: 'GET', url: '/api/test/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      error: 'failed',
      message: 'The server could not complete this request. Nothing was changed; please try again.',
      messageKey: 'common.requestFailed',
      messageParams: {},
    });
  });

  it('no response in this file carried a stack trace, SQL or a file path', () => {
    expect(seen.length).toBeGreaterThan(30);
    for (const { label, body } of seen) {
      expect(body, label).not.toMatch(
        /\n\s+at |SQLITE|sqlite_|\bselect\b.*\bfrom\b|\/work\/|node_modules|\.ts:\d+/i,
      );
    }
  });
});
