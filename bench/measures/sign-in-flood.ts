import { size, type BenchContext } from '../lib/context.ts';
import { openRaw } from '../lib/datasets.ts';
import { DeskClient } from '../lib/http.ts';
import { notAvailable, type Row } from '../lib/output.ts';
import { missing } from '../lib/procedures.ts';
import { ms, summarize, type Summary } from '../lib/stats.ts';
import { queryMaker, SEARCH_KINDS } from './search.ts';

/** Wrong sign-ins kept in flight at once. */
const FLOOD = 50;

/** The agent's searches, one after another; milliseconds each. */
async function searchTimes(client: DeskClient, queries: readonly string[]): Promise<Summary> {
  const times: number[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    await client.query('customers.search', { q });
    times.push(performance.now() - t0);
  }
  return summarize(times);
}

/**
 * Issue 21: a signed-in agent's latency while an outsider keeps 50 wrong sign-ins in flight.
 * The same agent searches (drawn from the data) are timed once on a quiet desk and once under
 * the flood; the flood uses its own connections (global fetch), so the agent's client-side
 * sockets are not what is measured.
 */
export async function measureSignInFlood(ctx: BenchContext): Promise<Row[]> {
  const label = `agent search p99 while ${FLOOD} wrong sign-ins run`;
  if (missing('customers.search', 'auth.login').length > 0) {
    return [notAvailable(label, 'p99 ≤ quiet p99 + 50 ms', 'not available')];
  }
  const n = size(ctx, 400, 100);
  const raw = openRaw(ctx.dir, true);
  const make = queryMaker(raw, 'bench-sign-in-flood');
  const queries = Array.from({ length: 2 * n + 20 }, (_, i) => make(SEARCH_KINDS[i % 4]!));
  raw.close();
  const agent = new DeskClient(ctx.url).useSession(ctx.sessions.agent.token);
  await searchTimes(agent, queries.slice(0, 20)); // warm-up
  const quiet = await searchTimes(agent, queries.slice(20, 20 + n));

  let running = true;
  let attempts = 0;
  let refused = 0;
  const intruder = async (w: number) => {
    while (running) {
      const res = await fetch(`${ctx.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: `bench-intruder-${w}`, password: 'not-the-password' }),
      });
      await res.arrayBuffer();
      attempts += 1;
      if (res.status !== 200) refused += 1;
    }
  };
  const flood = Array.from({ length: FLOOD }, (_, w) => intruder(w));
  await new Promise((resolve) => setTimeout(resolve, 200)); // the flood is under way
  const t0 = performance.now();
  const loaded = await searchTimes(agent, queries.slice(20 + n));
  const seconds = (performance.now() - t0) / 1000;
  running = false;
  await Promise.all(flood);
  const target = quiet.p99 + 50;
  return [
    {
      measure: label,
      target: `p99 ≤ quiet p99 + 50 ms (${ms(target)})`,
      result: `p99 ${ms(loaded.p99)}, p50 ${ms(loaded.p50)} (quiet: p99 ${ms(quiet.p99)}, p50 ${ms(quiet.p50)}); ${attempts} sign-ins refused in ${seconds.toFixed(1)} s`,
      pass: loaded.p99 <= target && refused === attempts,
      method: `${n} sequential GET customers.search (agent session, queries from the data, fixed seed) on a quiet desk, then ${n} more while ${FLOOD} POST auth.login with wrong passwords are kept in flight from one client address (unknown usernames; production scrypt); nearest-rank p99`,
      data: { quiet, loaded, attempts, refused, seconds },
    },
  ];
}
