import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../db/repositories/sessions.ts';
import { findUserByUsername } from '../../db/repositories/users.ts';
import { startServer, type RunningServer } from '../../server/http/start.ts';

/**
 * Reader threads (CIC_READ_WORKERS, server/http/read-workers.ts): signed-in queries are answered
 * by readers on their own SQLite connections while the main thread keeps the writes. What a
 * reader answers must be what the main thread would: a write is seen by the next read, a
 * sign-out ends the session for the next read, a settings change is seen at once.
 */
let server: RunningServer;
let dataDir = '';

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'cic-readers-'));
  server = await startServer({
    port: 0,
    dataDir,
    staticDir: null,
    fastHash: true,
    quiet: true,
    readWorkers: 2,
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function cookieFor(username: string): Promise<string> {
  const user = await findUserByUsername(server.deps.db, username);
  if (!user) throw new Error(`no ${username}`);
  const token = await createSession(server.deps.db, user.id, server.deps.clock.now().toISOString());
  return `cic_session=${token}`;
}

async function call<T>(
  proc: string,
  cookie: string,
  input?: unknown,
  method: 'GET' | 'POST' = 'GET',
) {
  const url =
    method === 'GET'
      ? `${server.url}/trpc/${proc}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`
      : `${server.url}/trpc/${proc}`;
  const res = await fetch(url, {
    method,
    headers: { cookie, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    ...(method === 'POST' ? { body: JSON.stringify(input ?? {}) } : {}),
  });
  const body = (await res.json()) as { result?: { data: T } };
  return {
    status: res.status,
    reader: res.headers.get('x-cic-reader'),
    data: body.result?.data as T,
  };
}

describe('reader threads', () => {
  it('answer signed-in queries (spread over the readers) and leave mutations to the main thread', async () => {
    const cookie = await cookieFor('agent');
    const seen = new Set<string>();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const r = await call<{ total: number; rows: unknown[] }>('messages.list', cookie, {
          view: 'team',
        });
        expect(r.status).toBe(200);
        expect(r.data.total).toBeGreaterThan(0);
        if (r.reader) seen.add(r.reader);
      }),
    );
    expect([...seen].sort()).toEqual(['0', '1']);
    // A batch of queries too; anything with a mutation in it stays on the main thread.
    const me = await call<unknown>('auth.me', cookie);
    expect(me.reader).not.toBeNull();
    // A reader's answer reaches the wire whole, with the main thread's headers.
    const raw = await fetch(`${server.url}/trpc/auth.me`, { headers: { cookie } });
    const bytes = Buffer.from(await raw.arrayBuffer());
    expect(raw.headers.get('x-cic-reader')).not.toBeNull();
    expect(raw.headers.get('content-type')).toBe('application/json');
    expect(raw.headers.get('content-length')).toBe(String(bytes.length));
    // The security headers are the main thread's, byte for byte (http-surface.test.ts pins them).
    const onMain = await fetch(`${server.url}/healthz`);
    const security = (h: Headers) =>
      [...h.entries()].filter(([name]) =>
        /^(content-security|cross-origin|origin-agent|referrer|strict-transport|x-(?!cic-))/.test(
          name,
        ),
      );
    expect(security(raw.headers)).toEqual(security(onMain.headers));
    expect(security(raw.headers).length).toBeGreaterThanOrEqual(12);
    expect(JSON.parse(bytes.toString('utf8'))).toMatchObject({
      result: { data: { username: 'agent' } },
    });
    const anonymous = await fetch(`${server.url}/trpc/auth.me`);
    expect(anonymous.headers.get('x-cic-reader')).toBeNull();
  });

  it('a claim made on the main thread is in the next read', async () => {
    const cookie = await cookieFor('agent2');
    const list = await call<{ rows: Array<{ id: number }> }>('messages.list', cookie, {
      view: 'unassigned',
      limit: 1,
    });
    const threadId = list.data.rows[0]!.id;
    const claimed = await call<{ version: number }>('messages.claim', cookie, { threadId }, 'POST');
    expect(claimed.status).toBe(200);
    expect(claimed.reader).toBeNull();
    const thread = await call<{ thread: { assigneeName: string; version: number } }>(
      'messages.thread',
      cookie,
      { id: threadId },
    );
    expect(thread.reader).not.toBeNull();
    expect(thread.data.thread.version).toBe(claimed.data.version);
    expect(thread.data.thread.assigneeName).toBe('Brooke Agent');
  });

  it('a sign-out ends the session for the readers at once', async () => {
    const cookie = await cookieFor('supervisor');
    expect((await call('auth.me', cookie)).status).toBe(200);
    expect((await call('messages.list', cookie, { view: 'team' })).status).toBe(200); // cached
    expect((await call('auth.logout', cookie, {}, 'POST')).status).toBe(200);
    const after = await call('messages.list', cookie, { view: 'team' });
    expect(after.reader).not.toBeNull();
    expect(after.status).toBe(401);
  });

  it('a settings change is seen by the readers at once', async () => {
    const cookie = await cookieFor('admin');
    const before = await call<{ identity: { lenderName: string } }>('admin.settings.get', cookie);
    expect(before.reader).not.toBeNull();
    const identity = { ...before.data.identity, lenderName: 'Readers Test Finance — Prêts Réunis' };
    const update = await call(
      'admin.settings.update',
      cookie,
      { key: 'identity', value: identity, reason: 'reader threads test' },
      'POST',
    );
    expect(update.status).toBe(200);
    for (let i = 0; i < 4; i++) {
      const after = await call<{ identity: { lenderName: string } }>('admin.settings.get', cookie);
      expect(after.data.identity.lenderName).toBe('Readers Test Finance — Prêts Réunis');
    }
  });
});
