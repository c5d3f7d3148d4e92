import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPostgres } from '../../db/database.ts';
import { customerWithAccount } from '../integration/messages-fixtures.ts';
import { subscribe } from '../integration/sse-client.ts';
import { throwawayDatabase, type ThrowawayDatabase } from './lib/pg-cluster.ts';
import { ServerProcess } from './lib/server-process.ts';
import { recordReliabilityRow } from './lib/summary.ts';

/**
 * Two real server processes (`node server/main.ts`) on one PostgreSQL database, as behind a load
 * balancer. Agent 2 works on A, agent 1 watches the queue on B: every claim made on A reaches
 * B's SSE feed. Then A — which runs the background work — is SIGKILLed: B takes the background
 * work over, agent 2's session (opened on A) goes on working on B, and B's feed keeps flowing.
 */
const CLAIMS = 20;

let db: ThrowawayDatabase;
let dataDir: string;
let a: ServerProcess;
let b: ServerProcess;

async function login(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBe(200);
  const cookie = /cic_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

async function post(base: string, proc: string, cookie: string, input: unknown) {
  const res = await fetch(`${base}/trpc/${proc}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

/** Waits for `check` (vi.waitFor, polled every 50 ms); resolves with how long it took. */
async function until(check: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const t0 = performance.now();
  await vi.waitFor(() => expect(check(), what).toBe(true), { timeout: timeoutMs, interval: 50 });
  return performance.now() - t0;
}

beforeAll(async () => {
  db = await throwawayDatabase('cic_two_instances');
  dataDir = mkdtempSync(path.join(tmpdir(), 'cic-two-'));
  const env = { CIC_DATABASE_URL: db.url };
  a = new ServerProcess(dataDir, env);
  await a.start();
  b = new ServerProcess(dataDir, env);
  await b.start();
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await db?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('two server processes on one PostgreSQL database', () => {
  it('claims on A reach B live; B carries on when A is killed', async () => {
    // Threads to claim, written in through A's portal intake.
    const { db: handle } = openPostgres(db.url, { max: 1 });
    const threads: number[] = [];
    try {
      for (let i = 0; i < CLAIMS + 1; i++) {
        const { customerId, accountNumber } = await customerWithAccount(handle, i + 1);
        const res = await fetch(`${a.url}/api/portal/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-portal-key': 'training-portal-key' },
          body: JSON.stringify({ customerId, accountNumber, topic: 'other', text: `Hello ${i}` }),
        });
        expect(res.status).toBe(201);
        threads.push(((await res.json()) as { threadId: number }).threadId);
      }
    } finally {
      await handle.destroy();
    }

    const watcher = await login(b.url, 'agent', 'agent-demo-2026');
    const worker = await login(a.url, 'agent2', 'agent-demo-2026');
    const feed = subscribe(b.url, 'system.changes', watcher);
    const latencies: number[] = [];
    try {
      await feed.ready;
      let from = feed.received.length;
      for (const threadId of threads.slice(0, CLAIMS)) {
        const sent = performance.now();
        expect((await post(a.url, 'messages.claim', worker, { threadId })).status).toBe(200);
        const seen = await feed.next((d) => (d as { id?: number }).id === threadId, from, 5_000);
        latencies.push(seen.at - sent);
        from = seen.index + 1;
      }
      expect(latencies.every((ms) => ms < 1_000)).toBe(true);

      // A runs the background work (it took the lock first). Kill it like a power cut.
      expect(a.log.some((l) => l.includes('runs the background work'))).toBe(true);
      await a.kill();
      const takeover = await until(
        () => b.log.some((l) => l.includes('runs the background work')),
        30_000,
        'B takes over the background work',
      );
      // Agent 2's session, opened on A, works on B (the balancer sends them there now).
      const last = threads[CLAIMS]!;
      const claimed = await post(b.url, 'messages.claim', worker, { threadId: last });
      expect(claimed.status).toBe(200);
      await feed.next((d) => (d as { id?: number }).id === last, from, 5_000);

      const sorted = [...latencies].sort((x, y) => x - y);
      recordReliabilityRow({
        test: 'two server processes on PostgreSQL: claims on A → SSE on B; A SIGKILLed',
        faults: 1,
        attempted: CLAIMS + 1,
        acknowledged: CLAIMS + 1,
        found: latencies.length + 1,
        passed: true,
        details: `claim→event p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms; background work on B ${(takeover / 1000).toFixed(1)} s after the kill`,
      });
    } finally {
      await feed.close();
    }
  });
});
