import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Prng } from '../../server/training/seed/prng.ts';
import type { BenchContext } from '../lib/context.ts';
import { openRaw } from '../lib/datasets.ts';
import { notAvailable, type Row } from '../lib/output.ts';
import { missing } from '../lib/procedures.ts';
import { ms, summarize, type Summary } from '../lib/stats.ts';
import { drain } from './load.ts';
import { queryMaker, SEARCH_KINDS } from './search.ts';

export type Kind = 'refresh' | 'open' | 'search' | 'reply' | 'claim';
/** What an agent's screen sends, by share of arrivals (issue 20). */
export const OPEN_MIX: ReadonlyArray<readonly [Kind, number]> = [
  ['refresh', 35],
  ['open', 30],
  ['search', 15],
  ['reply', 10],
  ['claim', 10],
];

/** One step of the open-loop run: a nominal arrival rate, and which repetition of it. */
export interface OpenLoopStep {
  /** The rate the targets are written for (150 / 300 / 600 req/s). */
  nominal: number;
  /** The rate actually offered (the nominal one, or a fraction of it in quick mode). */
  rate: number;
  repetition: number;
  of: number;
}

export interface OpenLoopOptions {
  agents: number;
  seconds: number;
  steps: OpenLoopStep[];
  /** The arrivals' mix (default: the agents' mix above). */
  mix?: ReadonlyArray<readonly [Kind, number]>;
}

/** The issue's targets, by nominal rate; a rate without one is reported only (still 0 errors). */
const P99_TARGET: Record<number, number> = { 300: 100, 600: 250 };

/** The full run: 150, three times 300, 600 req/s. Quick mode offers a fifth of each rate. */
export function openLoopSteps(quick: boolean): OpenLoopStep[] {
  const factor = quick ? 0.2 : 1;
  const plan: Array<[number, number]> = [
    [150, 1],
    [300, 3],
    [600, 1],
  ];
  return plan.flatMap(([nominal, of]) =>
    Array.from({ length: of }, (_, i) => ({
      nominal,
      rate: Math.round(nominal * factor),
      repetition: i + 1,
      of,
    })),
  );
}

/** `--open-rates 100,300x3`: chosen rates (each offered as given), `xN` repeats a rate N times. */
export function customSteps(spec: string): OpenLoopStep[] {
  return spec.split(',').flatMap((part) => {
    const [rate, times] = part.split('x').map(Number);
    if (!rate || rate <= 0) throw new Error(`--open-rates: bad rate "${part}"`);
    const of = times && times > 0 ? times : 1;
    return Array.from({ length: of }, (_, i) => ({ nominal: rate, rate, repetition: i + 1, of }));
  });
}

interface Agent {
  cookie: string;
  /** Active threads the agent may open. */
  open: number[];
  /** The agent's own slice of unassigned threads, to claim. */
  unclaimed: number[];
  /** Threads this agent claimed → current version (taken out while a reply is in flight). */
  mine: Map<number, number>;
}

interface Sample {
  kind: Kind;
  /** Milliseconds from the SCHEDULED send time to the end of the response body. */
  latency: number;
  /** HTTP status, or 0 when the request failed (socket error, 10 s timeout). */
  status: number;
}

/** Linux: the server child's user + system CPU in milliseconds, from /proc/<pid>/stat. */
let ticksPerSecond: number | null = null;
function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may contain spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return ((utime + stime) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}

const q = (proc: string, input: unknown) =>
  `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`;
const sleep = (msec: number) => new Promise<void>((r) => setTimeout(r, msec));

/** One open-loop step: Poisson arrivals at `rate` for `seconds`, each from a random agent. */
export async function runStep(ctx: BenchContext, o: OpenLoopOptions, step: OpenLoopStep) {
  const raw = openRaw(ctx.dir, true);
  const active = raw
    .prepare('select id from message_threads where is_active = 1 order by id')
    .pluck()
    .all() as number[];
  const unassigned = raw
    .prepare(
      'select id from message_threads where is_active = 1 and assignee_id is null order by id',
    )
    .pluck()
    .all() as number[];
  const benchIds = ctx.sessions.agents.slice(0, o.agents).map((x) => x.id);
  // Threads the bench agents claimed in earlier steps: their replies can start at once.
  const held = raw
    .prepare(
      `select id, version, assignee_id as assignee from message_threads where is_active = 1 and assignee_id in (${benchIds.map(() => '?').join(',')})`,
    )
    .all(...benchIds) as Array<{ id: number; version: number; assignee: number }>;
  const label = `open-${step.nominal}-${step.repetition}`;
  const make = queryMaker(raw, `bench-${label}`);
  const searches = Array.from({ length: 2000 }, (_, i) =>
    make(SEARCH_KINDS[i % SEARCH_KINDS.length]!),
  );
  raw.close();
  if (active.length === 0) throw new Error('no active threads in the dataset');
  const agents: Agent[] = ctx.sessions.agents.slice(0, o.agents).map((s) => ({
    cookie: `cic_session=${s.token}`,
    open: [],
    unclaimed: [],
    mine: new Map(),
  }));
  active.forEach((id, k) => agents[k % agents.length]!.open.push(id));
  unassigned.forEach((id, k) => agents[k % agents.length]!.unclaimed.push(id));
  const byUser = new Map(benchIds.map((id, i) => [id, agents[i]!]));
  for (const t of held) byUser.get(t.assignee)?.mine.set(t.id, t.version);
  const rng = new Prng(`bench-${label}`);
  const mix = o.mix ?? OPEN_MIX;
  const total = mix.reduce((s, [, w]) => s + w, 0);
  const samples: Sample[] = [];
  const sampleErrors: string[] = [];

  const send = async (scheduled: number): Promise<void> => {
    let roll = rng.next() * total;
    let kind: Kind = 'refresh';
    for (const [k, w] of mix) {
      if (roll < w) {
        kind = k;
        break;
      }
      roll -= w;
    }
    // A reply comes from an agent who has a thread claimed (any of them); other kinds from anyone.
    const holders = kind === 'reply' ? agents.filter((x) => x.mine.size > 0) : [];
    const a = holders.length > 0 ? rng.pick(holders) : rng.pick(agents);
    if (kind === 'reply' && a.mine.size === 0) kind = 'claim';
    if (kind === 'claim' && a.unclaimed.length === 0) kind = 'refresh';
    const headers: Record<string, string> = { cookie: a.cookie };
    let path: string;
    let body: string | undefined;
    let threadId: number | undefined;
    switch (kind) {
      case 'refresh':
        path = q('messages.list', {
          view: rng.pick(['mine', 'unassigned', 'team'] as const),
          state: 'active',
          sort: 'sla',
          limit: 50,
        });
        break;
      case 'open': {
        const own = [...a.mine.keys()];
        threadId = own.length > 0 && rng.next() < 0.5 ? rng.pick(own) : rng.pick(a.open);
        path = q('messages.thread', { id: threadId });
        break;
      }
      case 'search':
        path = q('customers.search', { q: rng.pick(searches) });
        break;
      case 'reply': {
        const [id, version] = [...a.mine.entries()][rng.int(0, a.mine.size - 1)]!;
        threadId = id;
        a.mine.delete(id); // one reply at a time per thread: the next one needs the new version
        path = '/trpc/messages.reply';
        body = JSON.stringify({
          threadId: id,
          expectedVersion: version,
          kind: 'reply',
          body: 'Thank you for your message, we are looking into it.',
          then: 'wait',
        });
        break;
      }
      case 'claim':
        threadId = a.unclaimed.pop()!;
        path = '/trpc/messages.claim';
        body = JSON.stringify({ threadId });
        break;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    let status = 0;
    let text: string;
    try {
      const res = await fetch(`${ctx.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      text = await res.text();
    } catch (error) {
      text = error instanceof Error ? error.message : String(error);
    }
    samples.push({ kind, latency: performance.now() - scheduled, status });
    if (status !== 200) {
      if (sampleErrors.length < 5) sampleErrors.push(`${kind} ${status}: ${text.slice(0, 200)}`);
      return;
    }
    if (threadId === undefined) return;
    if (kind === 'claim' || kind === 'reply') {
      const data = (JSON.parse(text) as { result: { data: { version: number } } }).result.data;
      a.mine.set(threadId, data.version);
    } else if (kind === 'open' && a.mine.has(threadId)) {
      const data = (JSON.parse(text) as { result: { data: { thread: { version: number } } } })
        .result.data;
      a.mine.set(threadId, data.thread.version);
    }
  };

  const cpuBefore = processCpuMs(ctx.serverPid);
  const inflight = new Set<Promise<void>>();
  const start = performance.now() + 20;
  const end = start + o.seconds * 1000;
  let next = start;
  let offered = 0;
  let maxLag = 0;
  for (;;) {
    next += (-Math.log(1 - rng.next()) * 1000) / step.rate;
    if (next >= end) break;
    const wait = next - performance.now();
    if (wait >= 1) await sleep(wait);
    maxLag = Math.max(maxLag, performance.now() - next);
    const p = send(next);
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
    offered++;
  }
  await Promise.all(inflight);
  const wallS = (performance.now() - start) / 1000;
  const cpuAfter = processCpuMs(ctx.serverPid);
  const cpuMs = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
  return { samples, sampleErrors, offered, cpuMs, wallS, maxLag };
}

const fmtKind = (s: Summary) => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)}`;

/**
 * Open-loop load (issue 20): Poisson arrivals at 150, 300 (three times) and 600 req/s from
 * `agents` agent sessions, the agents' mix, latency from each request's scheduled send time.
 */
export async function measureOpenLoop(ctx: BenchContext, o: OpenLoopOptions): Promise<Row[]> {
  const gone = missing(
    'messages.list',
    'messages.thread',
    'messages.reply',
    'messages.claim',
    'customers.search',
  );
  if (gone.length > 0)
    return [
      notAvailable(
        'open-loop arrivals',
        'p99 targets, 0 errors',
        `not available: ${gone.join(', ')}`,
      ),
    ];
  if (ctx.sessions.agents.length < o.agents) throw new Error('not enough bench agent sessions');
  const rows: Row[] = [];
  for (const step of o.steps) {
    const repeat = step.of > 1 ? `, run ${step.repetition} of ${step.of}` : '';
    const offeredText = step.rate === step.nominal ? '' : ` (quick: ${step.rate} req/s offered)`;
    const measure = `open loop ${step.nominal} req/s${repeat}${offeredText}, ${o.agents} agents${ctx.engine === 'postgres' ? ' — PostgreSQL' : ''}`;
    ctx.log(`${measure}: ${o.seconds} s …`);
    const drained = await drain(ctx.url);
    const r = await runStep(ctx, o, step);
    const all = summarize(r.samples.map((s) => s.latency));
    const failures = new Map<string, number>();
    for (const s of r.samples)
      if (s.status !== 200) {
        const key = `${s.kind} ${s.status || 'no response'}`;
        failures.set(key, (failures.get(key) ?? 0) + 1);
      }
    const errors = [...failures.values()].reduce((a, b) => a + b, 0);
    const perKind = Object.fromEntries(
      OPEN_MIX.map(([k]) => [
        k,
        summarize(r.samples.filter((s) => s.kind === k).map((s) => s.latency)),
      ]),
    );
    const answered = r.samples.filter((s) => s.status !== 0).length;
    const cpuPerRequest = r.cpuMs !== null && answered > 0 ? r.cpuMs / answered : null;
    const p99Target = P99_TARGET[step.nominal];
    const target = ctx.quick
      ? '0 errors (latency targets: full run)'
      : p99Target !== undefined
        ? `p99 ≤ ${p99Target} ms, 0 errors`
        : '0 errors (latency reported)';
    const pass = errors === 0 && (ctx.quick || p99Target === undefined || all.p99 <= p99Target);
    const kinds = OPEN_MIX.map(([k]) => `${k} ${fmtKind(perKind[k]!)} (n ${perKind[k]!.n})`).join(
      '; ',
    );
    const failText = failures.size
      ? ` [${[...failures].map(([k, n]) => `${k}×${n}`).join(', ')}]`
      : '';
    rows.push({
      measure,
      target,
      result: `p50 ${ms(all.p50)} / p95 ${ms(all.p95)} / p99 ${ms(all.p99)}, ${errors} errors${failText}, ${(answered / r.wallS).toFixed(0)} req/s answered, server CPU ${cpuPerRequest === null ? 'n/a' : `${cpuPerRequest.toFixed(2)} ms`}/request — per kind p50 / p95 / p99: ${kinds}`,
      pass,
      method: `open loop: Poisson arrivals (exponential gaps, seeded) at ${step.rate} req/s for ${o.seconds} s, each arrival from a random one of ${o.agents} agent sessions with the mix ${OPEN_MIX.map(([k, w]) => `${k} ${w}%`).join(', ')} (a reply comes from an agent holding claimed threads — claimed in this or an earlier step — to one of them with its current version; claims from the agent's own slice of unassigned threads; a reply when nobody holds a thread becomes a claim, a claim with nothing left a refresh); Node fetch (undici, keep-alive), 10 s timeout; latency from the SCHEDULED send time to the end of the body (queueing in client or server shows); server CPU = utime + stime of the server process (/proc/<pid>/stat) across the step ÷ requests answered (timeouts excluded: the server may still be working on them); ${r.offered} sent, client's worst scheduling lag ${ms(r.maxLag)}; server drained a previous backlog in ${Math.round(drained)} ms first`,
      data: {
        step,
        overall: all,
        perKind,
        errors,
        failures: Object.fromEntries(failures),
        sampleErrors: r.sampleErrors,
        offered: r.offered,
        serverCpuMs: r.cpuMs,
        cpuPerRequestMs: cpuPerRequest,
        wallSeconds: r.wallS,
        maxClientLagMs: r.maxLag,
      },
      ...(errors > 0 ? { error: `${errors} failed requests${failText}` } : {}),
    });
  }
  return rows;
}
