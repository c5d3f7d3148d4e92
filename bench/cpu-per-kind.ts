/**
 * CPU per request, by kind, in process: `node bench/cpu-per-kind.ts [scale] [n]`. Builds the
 * real HTTP app (buildHttpApp: cookie, helmet, edge checks, tRPC) on a scratch copy of the
 * bench dataset and sends each kind of the open-loop mix `n` times through `app.inject`
 * (no sockets), reading `process.cpuUsage()` around each kind. CPU time, not wall time: far
 * less disturbed by other work on a shared machine than latencies, so it shows what a change
 * to the per-request path saves. The socket layer (≈ 0.05–0.1 ms a request) is not included;
 * the open-loop row's /proc figure is the one the targets use.
 *
 * The scratch copy (bench/data/cpu-<scale>/) and its sessions are kept between runs; delete
 * the folder to start again from the dataset.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../db/database.ts';
import type { ScaleName } from '../server/training/seed/index.ts';
import { Prng } from '../server/training/seed/prng.ts';
import { DEFAULT_SCRYPT } from '../server/auth/password.ts';
import { DeskEvents } from '../server/events/desk-events.ts';
import { buildHttpApp } from '../server/http/app.ts';
import { CONFIG_AREAS, CONFIG_CACHE_MS } from '../server/http/start.ts';
import { ReadWorkers } from '../server/http/read-workers.ts';
import { cacheConfigReads } from '../db/repositories/settings.ts';
import { DATABASE_FILE } from '../server/ops/bootstrap.ts';
import { loadClockState, TrainingClock } from '../server/training/clock.ts';
import { systemClock } from '../server/domain/clock.ts';
import type { AppDeps } from '../server/trpc/base.ts';
import { prepareSessions, type BenchSessions } from './lib/agents.ts';
import { DATA_ROOT, ensureDataset, openRaw } from './lib/datasets.ts';
import { queryMaker, SEARCH_KINDS } from './measures/search.ts';

const scale = (process.argv[2] ?? 'large') as ScaleName;
const n = Number(process.argv[3] ?? 300);
const dataset = await ensureDataset(scale, { log: (m) => console.error(m) });
const dir = path.join(DATA_ROOT, `cpu-${scale}`);
const sessionsFile = path.join(dir, 'sessions.json');
if (!existsSync(sessionsFile)) {
  mkdirSync(dir, { recursive: true });
  copyFileSync(dataset.file, path.join(dir, DATABASE_FILE));
  writeFileSync(sessionsFile, JSON.stringify(await prepareSessions(dir, 300)));
}
const sessions = JSON.parse(readFileSync(sessionsFile, 'utf8')) as BenchSessions;

const raw = openRaw(dir, true);
const active = raw
  .prepare('select id from message_threads where is_active = 1 order by id limit 20000')
  .pluck()
  .all() as number[];
const unassigned = raw
  .prepare(
    'select id from message_threads where is_active = 1 and assignee_id is null order by random() limit ?',
  )
  .pluck()
  .all(n * 2) as number[];
const make = queryMaker(raw, 'cpu-per-kind');
const searches = Array.from({ length: n }, (_, i) => make(SEARCH_KINDS[i % SEARCH_KINDS.length]!));
raw.close();

/** SQLSTAT=1: CPU time spent in each statement (SQL text), printed per kind. */
const sqlStats = new Map<string, { n: number; ms: number }>();
if (process.env.SQLSTAT) {
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (this: Database.Database, text: string) {
    const st = prepare.call(this, text);
    for (const m of ['all', 'run', 'get'] as const) {
      const orig = st[m].bind(st) as (...a: unknown[]) => unknown;
      (st as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
        // The process's CPU time, not wall time (a preempted statement's wall time is noise on
        // a shared machine). Not process.threadCpuUsage(): on Linux it only advances at ticks and
        // context switches (steps of 0.1–4 ms), so every statement that sleeps (the commit's
        // fsync) was charged all the CPU since the last tick: `commit` read ≈ 1.3 ms per
        // mutation when it costs ≈ 0.3 ms. GC helper threads running meanwhile count here.
        const t0 = process.cpuUsage();
        try {
          return orig(...a);
        } finally {
          const e = sqlStats.get(text) ?? { n: 0, ms: 0 };
          const used = process.cpuUsage(t0);
          e.n++;
          e.ms += (used.user + used.system) / 1000;
          sqlStats.set(text, e);
        }
      };
    }
    return st;
  } as typeof prepare;
}
const { db, sqlite } = openDatabase(path.join(dir, DATABASE_FILE));
const deps: AppDeps = {
  db,
  clock: new TrainingClock(systemClock, await loadClockState(db)),
  events: new DeskEvents(),
  databaseKind: 'training',
  dataDir: dir,
  scrypt: DEFAULT_SCRYPT,
  log: (m, e) => console.error(m, e ?? ''),
};
cacheConfigReads(db, CONFIG_CACHE_MS); // as startServer does
// READERS=N: signed-in queries go to N reader threads (server/http/read-workers.ts), as with
// CIC_READ_WORKERS; the main thread's own CPU is then reported apart (the hop's cost there).
const readerCount = Number(process.env.READERS ?? 0);
const readers =
  readerCount > 0
    ? await ReadWorkers.start(
        readerCount,
        {
          file: path.join(dir, DATABASE_FILE),
          dataDir: dir,
          databaseKind: 'training',
          fastHash: false,
          quiet: true,
          configCacheMs: CONFIG_CACHE_MS,
          configAreas: [...CONFIG_AREAS],
        },
        deps,
      )
    : null;
const app = await buildHttpApp(deps, { staticDir: null, readers });
await app.ready();
const rng = new Prng('cpu-per-kind');
const agents = sessions.agents.map((a) => ({ cookie: `cic_session=${a.token}`, id: a.id }));
const q = (proc: string, input: unknown) =>
  `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`;
const mine = new Map<number, { cookie: string; version: number }>();

async function call(
  cookie: string,
  url: string,
  body?: unknown,
): Promise<{ result: { data: unknown } }> {
  const res = await app.inject({
    method: body === undefined ? 'GET' : 'POST',
    url,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  if (res.statusCode !== 200)
    throw new Error(`${url.slice(0, 60)} ${res.statusCode}: ${res.body.slice(0, 300)}`);
  return res.json();
}

const kinds: Record<string, (i: number) => Promise<unknown>> = {
  refresh: (i) =>
    call(
      rng.pick(agents).cookie,
      q('messages.list', {
        view: (['mine', 'unassigned', 'team'] as const)[i % 3],
        state: 'active',
        sort: 'sla',
        limit: 50,
      }),
    ),
  open: () => call(rng.pick(agents).cookie, q('messages.thread', { id: rng.pick(active) })),
  search: (i) =>
    call(rng.pick(agents).cookie, q('customers.search', { q: searches[i % searches.length] })),
  claim: async () => {
    const a = rng.pick(agents);
    const threadId = unassigned.pop()!;
    const r = (await call(a.cookie, '/trpc/messages.claim', { threadId })) as {
      result: { data: { version: number } };
    };
    mine.set(threadId, { cookie: a.cookie, version: r.result.data.version });
  },
  reply: async () => {
    const [threadId, m] = mine.entries().next().value!;
    mine.delete(threadId);
    await call(m.cookie, '/trpc/messages.reply', {
      threadId,
      expectedVersion: m.version,
      kind: 'reply',
      body: 'Thank you for your message, we are looking into it.',
      then: 'wait',
      // REPLYKEY=1: with an idempotency key, as the thread view sends every reply.
      ...(process.env.REPLYKEY ? { idempotencyKey: `cpu-per-kind-${threadId}-${rng.next()}` } : {}),
    });
  },
};
// Not in the mix: the fixed cost of the stack (fastify + hooks alone; + tRPC and the session).
kinds.health = async () => {
  const res = await app.inject({ method: 'GET', url: '/healthz' });
  if (res.statusCode !== 200) throw new Error(`/healthz ${res.statusCode}`);
};
kinds.me = () => call(rng.pick(agents).cookie, q('auth.me', {}));
const mix: Record<string, number> = { refresh: 35, open: 30, search: 15, reply: 10, claim: 10 };
const perKind: Record<string, number> = {};
const only = process.env.KINDS?.split(',');
for (const [kind, fn] of Object.entries(kinds)) {
  if (only && !only.includes(kind)) continue;
  const runs = kind === 'claim' || kind === 'reply' ? Math.floor(n / 2) : n;
  for (let i = 0; i < 20; i++) await fn(i); // warm-up
  sqlStats.clear();
  const c0 = process.cpuUsage();
  const m0 = process.threadCpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await fn(i);
  const c = process.cpuUsage(c0);
  // The main thread alone (coarse per call, exact enough over a whole kind).
  const m = process.threadCpuUsage(m0);
  const cpu = (c.user + c.system) / 1000 / runs;
  perKind[kind] = cpu;
  for (const [text, e] of [...sqlStats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8))
    console.log(
      `    ${(e.ms / runs).toFixed(3)} ms/request in ${(e.n / runs).toFixed(2)}× ${text.replace(/\s+/g, ' ').slice(0, 150)}`,
    );
  console.log(
    `${kind.padEnd(8)} ${cpu.toFixed(3)} ms CPU/request (user ${(c.user / 1000 / runs).toFixed(3)}, system ${(c.system / 1000 / runs).toFixed(3)}), wall ${((performance.now() - t0) / runs).toFixed(3)} ms, n ${runs}${readers ? `, main thread ${((m.user + m.system) / 1000 / runs).toFixed(3)} ms` : ''}`,
  );
}
const weighted = Object.entries(mix).reduce((s, [k, w]) => s + (perKind[k] ?? 0) * w, 0) / 100;
console.log(
  `mix-weighted: ${weighted.toFixed(3)} ms CPU/request (${scale}, app.inject, no sockets)`,
);
await app.close();
await readers?.close();
await db.destroy();
if (sqlite.open) sqlite.close();
