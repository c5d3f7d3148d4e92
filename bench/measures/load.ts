import autocannon from 'autocannon';
import { Prng } from '../../server/training/seed/prng.ts';
import type { BenchContext } from '../lib/context.ts';
import { openRaw } from '../lib/datasets.ts';
import { notAvailable, type Row } from '../lib/output.ts';
import { missing } from '../lib/procedures.ts';
import { queryMaker, SEARCH_KINDS } from './search.ts';

type Kind = 'refresh' | 'open' | 'search' | 'reply' | 'claim';
/** What an agent's screen sends, by share of requests. */
const MIX: Array<[Kind, number]> = [
  ['refresh', 35],
  ['open', 30],
  ['search', 15],
  ['reply', 10],
  ['claim', 10],
];

/** One simulated agent's screen state (kept outside autocannon's context, which resets per request). */
interface Agent {
  cookie: string;
  rng: Prng;
  open: number[];
  unclaimed: number[];
  /** Threads this agent claimed → their current version. */
  mine: Map<number, number>;
}

/** What a connection sent last: autocannon keeps `context` from setupRequest to onResponse. */
interface RequestState {
  agent?: number;
  kind?: Kind;
  threadId?: number;
}

export interface LoadOptions {
  agents: number;
  seconds: number;
  /** Requests per second each simulated agent sends in the paced run. */
  ratePerAgent: number;
  /** Seconds of the unthrottled run that finds the maximum sustained rate. */
  saturateSeconds: number;
}

const q = (proc: string, input: unknown) =>
  `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`;

/** One autocannon run with the agents' mix; returns autocannon's result and per-kind failures. */
async function run(ctx: BenchContext, o: LoadOptions, seconds: number, paced: boolean) {
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
  const make = queryMaker(raw, `bench-load-${paced ? 'paced' : 'max'}`);
  const searches = Array.from({ length: 4000 }, (_, i) =>
    make(SEARCH_KINDS[i % SEARCH_KINDS.length]!),
  );
  raw.close();
  const sessions = ctx.sessions.agents.slice(0, o.agents);
  const failures = new Map<string, number>();
  const sampleErrors: string[] = [];
  const perKind = new Map<Kind, number>();
  const total = MIX.reduce((s, [, w]) => s + w, 0);
  const agents: Agent[] = sessions.map((session, i) => ({
    cookie: `cic_session=${session.token}`,
    rng: new Prng(`bench-agent-${i}-${paced}`),
    open: [],
    unclaimed: [],
    mine: new Map(),
  }));
  active.forEach((id, k) => agents[k % agents.length]!.open.push(id));
  unassigned.forEach((id, k) => agents[k % agents.length]!.unclaimed.push(id));
  // An agent has one request in flight at a time: each connection takes a free agent.
  const free = agents.map((_, i) => i);
  const pick = new Prng(`bench-load-pick-${paced}`);

  const setupRequest = (req: autocannon.Request, context: object): autocannon.Request => {
    const c = context as RequestState;
    const index = free.length > 0 ? free.splice(pick.int(0, free.length - 1), 1)[0]! : -1;
    const a = agents[index >= 0 ? index : pick.int(0, agents.length - 1)]!;
    const rng = a.rng;
    let roll = rng.next() * total;
    let kind: Kind = 'refresh';
    for (const [k, w] of MIX) {
      if (roll < w) {
        kind = k;
        break;
      }
      roll -= w;
    }
    // No free agent (a request timed out): a read-only refresh under someone's session.
    if (index < 0) kind = 'refresh';
    if (kind === 'reply' && a.mine.size === 0) kind = 'claim';
    if (kind === 'claim' && a.unclaimed.length === 0) kind = 'refresh';
    perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
    c.agent = index;
    c.kind = kind;
    c.threadId = undefined;
    const headers = { cookie: a.cookie, 'content-type': 'application/json' };
    switch (kind) {
      case 'refresh': {
        const view = rng.pick(['mine', 'unassigned', 'team'] as const);
        return {
          ...req,
          method: 'GET',
          path: q('messages.list', { view, state: 'active', sort: 'sla', limit: 50 }),
          headers,
          body: undefined,
        };
      }
      case 'open': {
        const own = [...a.mine.keys()];
        const id =
          own.length > 0 && rng.next() < 0.5
            ? rng.pick(own)
            : a.open.length
              ? rng.pick(a.open)
              : rng.pick(active);
        c.threadId = id;
        return {
          ...req,
          method: 'GET',
          path: q('messages.thread', { id }),
          headers,
          body: undefined,
        };
      }
      case 'search':
        return {
          ...req,
          method: 'GET',
          path: q('customers.search', { q: rng.pick(searches) }),
          headers,
          body: undefined,
        };
      case 'reply': {
        const [id, version] = [...a.mine.entries()][rng.int(0, a.mine.size - 1)]!;
        c.threadId = id;
        const body = JSON.stringify({
          threadId: id,
          expectedVersion: version,
          kind: 'reply',
          body: 'Thank you for your message, we are looking into it.',
          then: 'wait',
        });
        return { ...req, method: 'POST', path: '/trpc/messages.reply', headers, body };
      }
      case 'claim': {
        const id = a.unclaimed.pop()!;
        c.threadId = id;
        return {
          ...req,
          method: 'POST',
          path: '/trpc/messages.claim',
          headers,
          body: JSON.stringify({ threadId: id }),
        };
      }
    }
  };

  const onResponse = (status: number, body: string, context: object) => {
    const c = context as RequestState;
    if (c.kind === undefined || c.agent === undefined) return;
    const a = c.agent >= 0 ? agents[c.agent] : undefined;
    if (c.agent >= 0) free.push(c.agent);
    if (status !== 200) {
      const key = `${c.kind} ${status}`;
      failures.set(key, (failures.get(key) ?? 0) + 1);
      if (sampleErrors.length < 5) sampleErrors.push(`${key}: ${body.slice(0, 200)}`);
      if (a && c.threadId !== undefined) a.mine.delete(c.threadId);
      return;
    }
    if (!a || c.threadId === undefined) return;
    if (c.kind === 'claim' || c.kind === 'reply') {
      a.mine.set(
        c.threadId,
        (JSON.parse(body) as { result: { data: { version: number } } }).result.data.version,
      );
    } else if (c.kind === 'open' && a.mine.has(c.threadId)) {
      a.mine.set(
        c.threadId,
        (JSON.parse(body) as { result: { data: { thread: { version: number } } } }).result.data
          .thread.version,
      );
    }
  };

  const result = await autocannon({
    url: ctx.url,
    connections: sessions.length,
    duration: seconds,
    timeout: 10,
    ...(paced ? { connectionRate: o.ratePerAgent } : {}),
    requests: [{ setupRequest, onResponse }],
  });
  return { result, failures, sampleErrors, perKind };
}

/**
 * Waits until the server has worked off requests still queued from a previous run (sockets
 * autocannon closed do not cancel handlers already running): /healthz answers in < 20 ms.
 */
export async function drain(url: string): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < 120_000) {
    const t = performance.now();
    await fetch(`${url}/healthz`).then((r) => r.text());
    if (performance.now() - t < 20) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return performance.now() - t0;
}

/** 300 simulated agents on loopback: a paced run (p99, errors) and an unthrottled one (max req/s). */
export async function measureLoad(ctx: BenchContext, o: LoadOptions): Promise<Row[]> {
  const label = `${o.agents} simulated agents, ${o.seconds} s, mixed (autocannon, loopback)${ctx.engine === 'postgres' ? ' — PostgreSQL' : ''}`;
  const gone = missing(
    'messages.list',
    'messages.thread',
    'messages.reply',
    'messages.claim',
    'customers.search',
  );
  if (gone.length > 0)
    return [notAvailable(label, 'p99 ≤ 100 ms, 0 errors', `not available: ${gone.join(', ')}`)];
  if (ctx.sessions.agents.length < o.agents) throw new Error('not enough bench agent sessions');
  ctx.log(`load: ${o.agents} agents × ${o.ratePerAgent} req/s for ${o.seconds} s …`);
  await drain(ctx.url);
  const paced = await run(ctx, o, o.seconds, true);
  const drainedPaced = await drain(ctx.url);
  ctx.log(
    `load: unthrottled for ${o.saturateSeconds} s (server drained its backlog in ${Math.round(drainedPaced)} ms) …`,
  );
  const max = await run(ctx, o, o.saturateSeconds, false);
  const drainedMax = await drain(ctx.url);
  // autocannon's `errors` already counts timeouts.
  const errors = (r: autocannon.Result) => r.errors + r.non2xx;
  const p = paced.result;
  const m = max.result;
  const failText = (f: Map<string, number>) =>
    f.size ? ` [${[...f].map(([k, n]) => `${k}×${n}`).join(', ')}]` : '';
  return [
    {
      measure: label,
      target: 'p99 ≤ 100 ms, 0 errors',
      result: `p50 ${p.latency.p50} ms / p99 ${p.latency.p99} ms, ${errors(p)} errors${failText(paced.failures)}, ${Math.round(p.requests.total / o.seconds)} req/s served (${p.requests.total.toLocaleString('en-US')} requests)`,
      pass: p.latency.p99 <= 100 && errors(p) === 0,
      ...(errors(p) > 0
        ? { error: `${errors(p)} failed requests${failText(paced.failures)}` }
        : {}),
      method: `${o.agents} keep-alive connections, each its own agent user and session, ${o.ratePerAgent} req/s per agent (autocannon connectionRate, latencies corrected for coordinated omission) for ${o.seconds} s; mix ${MIX.map(([k, w]) => `${k} ${w}%`).join(', ')} (reply only to threads the agent claimed, with its current version; claims from the agent's own slice of unassigned threads); errors = socket errors and timeouts (10 s) + non-2xx; after the run the server needed ${Math.round(drainedPaced)} ms to finish requests still queued`,
      data: {
        latency: p.latency,
        requests: p.requests,
        errors: p.errors,
        timeouts: p.timeouts,
        non2xx: p.non2xx,
        failures: Object.fromEntries(paced.failures),
        sampleErrors: paced.sampleErrors,
        mix: Object.fromEntries(paced.perKind),
      },
    },
    {
      measure: `max sustained req/s (same mix, unthrottled)${ctx.engine === 'postgres' ? ' — PostgreSQL' : ''}`,
      target: 'reported',
      result: `${Math.round(m.requests.total / o.saturateSeconds)} req/s (p50 ${m.latency.p50} ms, p99 ${m.latency.p99} ms, ${errors(m)} errors${failText(max.failures)})`,
      pass: null,
      ...(errors(m) > 0 ? { error: `${errors(m)} failed requests${failText(max.failures)}` } : {}),
      method: `${o.agents} connections without a rate limit for ${o.saturateSeconds} s, same mix; completed requests ÷ duration; client and server share the machine's cores; backlog drained in ${Math.round(drainedMax)} ms after the run`,
      data: {
        latency: m.latency,
        requests: m.requests,
        errors: m.errors,
        timeouts: m.timeouts,
        non2xx: m.non2xx,
        failures: Object.fromEntries(max.failures),
        sampleErrors: max.sampleErrors,
      },
    },
  ];
}
