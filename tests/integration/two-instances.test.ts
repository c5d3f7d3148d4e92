import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { sql } from 'kysely';
import { openPostgres } from '../../db/database.ts';
import { EVENTS_CHANNEL } from '../../server/events/postgres.ts';
import { runWhileLeader } from '../../server/ops/leader.ts';
import { startServer } from '../../server/http/start.ts';
import type { AppDeps } from '../../server/trpc/base.ts';
import { customerWithAccount } from './messages-fixtures.ts';
import { subscribe } from './sse-client.ts';
import { cloneDatabase, onPostgres } from './pg-test-db.ts';

/**
 * Several server instances on one PostgreSQL database (issue 11): two real HTTP servers, each
 * with its own connection pool, its own live-event hub and its own LISTEN connection, share
 * nothing but the database (the real startServer on CIC_DATABASE_URL, in this process). An agent
 * on A sees, over A's SSE feed, a claim made on B within a second; a session opened on one
 * instance works (and ends) on the other; presence and the trainer's clock cross too; a lost
 * LISTEN connection comes back; the e-mail outbox runs on one instance at a time.
 *
 * Runs on the PostgreSQL run of the suite: `npm run test:pg -- tests/integration/two-instances.test.ts`.
 */

interface Instance {
  url: string;
  deps: AppDeps;
  close(): Promise<void>;
}

/** One server instance: the real startServer on CIC_DATABASE_URL (a shared data folder). */
async function startInstance(url: string, dataDir: string): Promise<Instance> {
  const server = await startServer({
    port: 0,
    dataDir,
    databaseUrl: url,
    staticDir: null,
    fastHash: true,
    quiet: true,
    kind: 'training',
  });
  return { url: server.url, deps: server.deps, close: () => server.close() };
}

async function call<T>(
  base: string,
  proc: string,
  cookie: string | null,
  input?: unknown,
  method: 'GET' | 'POST' = 'POST',
): Promise<{ status: number; data: T; setCookie: string | null }> {
  const url =
    method === 'GET'
      ? `${base}/trpc/${proc}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`
      : `${base}/trpc/${proc}`;
  const res = await fetch(url, {
    method,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
    },
    ...(method === 'POST' ? { body: JSON.stringify(input ?? {}) } : {}),
  });
  const body = (await res.json()) as { result?: { data: T } };
  return {
    status: res.status,
    data: body.result?.data as T,
    setCookie: res.headers.get('set-cookie'),
  };
}

async function signIn(base: string, username: string): Promise<string> {
  const res = await call<{ username: string }>(base, 'auth.login', null, {
    username,
    password: `${username.replace(/\d+$/, '')}-demo-2026`,
  });
  expect(res.status).toBe(200);
  const cookie = /cic_session=[^;]+/.exec(res.setCookie ?? '')?.[0];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

describe.skipIf(!onPostgres)('two server instances on one PostgreSQL database', () => {
  let a: Instance;
  let b: Instance;
  let drop: () => Promise<void> = async () => {};
  let databaseUrl = '';
  let dataDir = '';

  beforeAll(async () => {
    const clone = await cloneDatabase(inject('pgTemplate'));
    drop = clone.drop;
    databaseUrl = clone.url;
    dataDir = mkdtempSync(path.join(tmpdir(), 'cic-two-instances-'));
    a = await startInstance(clone.url, dataDir);
    b = await startInstance(clone.url, dataDir);
    expect(a.deps.events.instanceId).not.toBe(b.deps.events.instanceId);
    // Two real servers start here (a training database is seeded by the first): past the 10 s
    // default on a loaded machine. A limit for when something hangs, not a wait.
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
    // Closing A waits ~3.6 s for its sockets (unloaded; 3× that under load): a hang limit.
  }, 60_000);

  it('a session opened on A works on B, and signing out on B ends it on A', async () => {
    const cookie = await signIn(a.url, 'agent');
    const onB = await call<{ username: string } | null>(b.url, 'auth.me', cookie, undefined, 'GET');
    expect(onB.data?.username).toBe('agent');
    expect((await call(b.url, 'auth.logout', cookie, {})).status).toBe(200);
    const onA = await call<{ username: string } | null>(a.url, 'auth.me', cookie, undefined, 'GET');
    expect(onA.data).toBeNull();
  });

  it("an agent on A sees B's claim live", async () => {
    const agentOnA = await signIn(a.url, 'agent');
    const agent2OnB = await signIn(b.url, 'agent2');
    const feed = subscribe(a.url, 'system.changes', agentOnA);
    try {
      await feed.ready;
      // A customer writes in through B's portal intake: A's feed hears about the new thread.
      const { customerId, accountNumber } = await customerWithAccount(b.deps.db, 1);
      const intake = await fetch(`${b.url}/api/portal/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-portal-key': 'training-portal-key' },
        body: JSON.stringify({
          customerId,
          accountNumber,
          topic: 'payments-easypay',
          text: 'Please move my payment date.',
        }),
      });
      expect(intake.status).toBe(201);
      const { threadId } = (await intake.json()) as { threadId: number };
      const isThread = (d: unknown) =>
        (d as { area?: string; id?: number }).area === 'messages' &&
        (d as { id?: number }).id === threadId;
      const created = await feed.next(isThread, 0, 5_000);

      // Agent 1 has the thread open on A (what the collision notice compares against).
      type Thread = { thread: { assigneeId: number | null; version: number } };
      const open = (await call<Thread>(a.url, 'messages.thread', agentOnA, { id: threadId }, 'GET'))
        .data.thread;

      // Agent 2 claims it on B.
      const sent = performance.now();
      const claim = await call<{ version: number }>(b.url, 'messages.claim', agent2OnB, {
        threadId,
      });
      expect(claim.status).toBe(200);
      const seen = await feed.next(isThread, created.index + 1, 5_000);
      // Reported, not asserted: on a loaded machine any fixed bound is a coin toss (the claim
      // request alone took 1.5 s under CI-like load). How fast is the bench's business.
      console.log(
        `[two-instances] claim on B → SSE event on A: ${(seen.at - sent).toFixed(1)} ms (including the claim request)`,
      );

      // A's screen refetches on the event and sees the new owner and a newer version: the
      // collision notice ("changed while you were reading") shows on A.
      const after = (
        await call<Thread>(a.url, 'messages.thread', agentOnA, { id: threadId }, 'GET')
      ).data.thread;
      expect(open.assigneeId).toBeNull();
      expect(after.assigneeId).not.toBeNull();
      expect(after.version).toBe(claim.data.version);
      expect(after.version).toBeGreaterThan(open.version);

      // The event reached A once (no echo through NOTIFY on the emitting side either).
      expect(feed.received.filter((r, i) => i > created.index && isThread(r.data))).toHaveLength(1);
    } finally {
      await feed.close();
    }
  });

  it('a lost LISTEN connection comes back, and its clients are told to refetch', async () => {
    const agentOnA = await signIn(a.url, 'agent');
    const agent2OnB = await signIn(b.url, 'agent2');
    const onA = subscribe(a.url, 'system.changes', agentOnA);
    const onB = subscribe(b.url, 'system.changes', agent2OnB);
    try {
      await Promise.all([onA.ready, onB.ready]);
      // What a database restart or failover does to the listening connections.
      const admin = openPostgres(databaseUrl, { max: 1 }).db;
      try {
        const killed = await sql<{ pid: number }>`
          select pg_terminate_backend(pid) as ok, pid from pg_stat_activity
          where datname = current_database() and query = ${`LISTEN ${EVENTS_CHANNEL}`}
        `.execute(admin);
        expect(killed.rows.length).toBeGreaterThanOrEqual(2);
      } finally {
        await admin.destroy();
      }
      const isAll = (d: unknown) => (d as { area?: string }).area === 'all';
      const [backOnA, backOnB] = await Promise.all([
        onA.next(isAll, 0, 10_000),
        onB.next(isAll, 0, 10_000),
      ]);
      // Events flow both ways again.
      b.deps.events.emit('changed', { area: 'calendar', id: 'b-after-reconnect' });
      a.deps.events.emit('changed', { area: 'calendar', id: 'a-after-reconnect' });
      const id = (want: string) => (d: unknown) => (d as { id?: string }).id === want;
      await onA.next(id('b-after-reconnect'), backOnA.index + 1, 10_000);
      await onB.next(id('a-after-reconnect'), backOnB.index + 1, 10_000);
      // Each instance resyncs its own clients only: one 'all' each, not one per instance. (Each
      // instance's NOTIFYs arrive in the order sent, so an 'all' B had wrongly sent on would
      // have reached A before B's event above: no fixed wait needed to rule it out.)
      expect(onA.received.filter((r) => isAll(r.data))).toHaveLength(1);
      expect(onB.received.filter((r) => isAll(r.data))).toHaveLength(1);
    } finally {
      await onA.close();
      await onB.close();
    }
  });

  it("the trainer's clock moved on A is the clock of B too", async () => {
    const trainerOnA = await signIn(a.url, 'trainer');
    const ahead = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const moved = await call(a.url, 'training.setClock', trainerOnA, {
      date: ahead,
      time: '10:00',
      running: false,
    });
    expect(moved.status).toBe(200);
    const nowOn = async (base: string) =>
      ((await (await fetch(`${base}/healthz`)).json()) as { now: string }).now;
    const target = await nowOn(a.url);
    expect(new Date(target).getTime()).toBeGreaterThan(Date.now() + 2 * 86_400_000);
    await vi.waitFor(async () => expect(await nowOn(b.url), 'B kept its own clock').toBe(target), {
      timeout: 5_000,
      interval: 50,
    });
  });

  it('presence crosses instances: A sees who is replying on B', async () => {
    const agentOnA = await signIn(a.url, 'agent');
    const agent2OnB = await signIn(b.url, 'agent2');
    const { customerId, accountNumber } = await customerWithAccount(a.deps.db, 2);
    const intake = await fetch(`${a.url}/api/portal/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-portal-key': 'training-portal-key' },
      body: JSON.stringify({ customerId, accountNumber, topic: 'payments-easypay', text: 'Hi.' }),
    });
    const { threadId } = (await intake.json()) as { threadId: number };
    type Entry = { name: string; mode: string };
    const onA = subscribe(a.url, 'messages.presence', agentOnA, { threadId, mode: 'viewing' });
    const onB = subscribe(b.url, 'messages.presence', agent2OnB, { threadId, mode: 'replying' });
    try {
      const both = (d: unknown) =>
        (d as Entry[]).some((e) => e.name === 'Brooke Agent' && e.mode === 'replying') &&
        (d as Entry[]).some((e) => e.name === 'Alex Agent' && e.mode === 'viewing');
      const seenOnA = await onA.next(both, 0, 5_000);
      await onB.next(both, 0, 5_000);
      // Agent 2 closes the thread on B: A's list drops them.
      await onB.close();
      const gone = await onA.next(
        (d) => (d as Entry[]).every((e) => e.name !== 'Brooke Agent'),
        seenOnA.index + 1,
        5_000,
      );
      expect(gone.data).toEqual([expect.objectContaining({ name: 'Alex Agent', mode: 'viewing' })]);
    } finally {
      await onA.close();
      await onB.close();
    }
  });

  it('runs the e-mail outbox and sweeps on one instance at a time, with failover', async () => {
    const running = new Set<string>();
    const worker = (name: string) =>
      runWhileLeader(
        databaseUrl,
        () => {
          running.add(name);
          return { stop: async () => void running.delete(name) };
        },
        { retryMs: 50, key: 4242 },
      );
    const until = (check: () => boolean) =>
      vi.waitFor(() => expect(check()).toBe(true), { timeout: 10_000, interval: 20 });
    const first = worker('A');
    const second = worker('B');
    try {
      await until(() => running.size === 1);
      // eslint-disable-next-line no-restricted-syntax -- how long we watch for a second leader (it would retry every 50 ms); nothing to wait for
      await new Promise((r) => setTimeout(r, 300));
      expect(running.size).toBe(1);
      const [leader] = [...running];
      // The leader stops (or dies): the other instance takes the work over.
      await (leader === 'A' ? first : second).stop();
      await until(() => running.size === 1 && !running.has(leader!));
      expect([...running]).toEqual([leader === 'A' ? 'B' : 'A']);
    } finally {
      await first.stop();
      await second.stop();
    }
    expect(running.size).toBe(0);
  });
});
