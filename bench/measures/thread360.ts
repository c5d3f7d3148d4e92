import { Prng } from '../../server/training/seed/prng.ts';
import { size, type BenchContext } from '../lib/context.ts';
import { openRaw } from '../lib/datasets.ts';
import { DeskClient } from '../lib/http.ts';
import { notAvailable, type Row } from '../lib/output.ts';
import { missing } from '../lib/procedures.ts';
import { ms, summarize, timeRuns } from '../lib/stats.ts';

/**
 * Open a thread with its 360 panel, as the thread screen does: messages.thread, then (from its
 * customer) customers.get360 — a waterfall, so the two requests' times add up.
 */
export async function measureThread360(ctx: BenchContext): Promise<Row[]> {
  const label = 'open a thread + its 360 panel (HTTP)';
  const gone = missing('messages.thread', 'customers.get360');
  if (gone.length > 0)
    return [notAvailable(label, 'p95 ≤ 25 ms', `not available: ${gone.join(', ')}`)];
  const n = size(ctx, 500, 100);
  const warm = size(ctx, 50, 10);
  const raw = openRaw(ctx.dir, true);
  const active = raw
    .prepare('select id from message_threads where is_active = 1 order by id')
    .pluck()
    .all() as number[];
  const any = raw
    .prepare('select id from message_threads order by id desc limit 20000')
    .pluck()
    .all() as number[];
  raw.close();
  const rng = new Prng('bench-thread360');
  // 80% active threads (the queue), 20% recent history (search, customer screen).
  const ids = Array.from({ length: n + warm }, () =>
    rng.next() < 0.8 && active.length ? rng.pick(active) : rng.pick(any),
  );
  const client = new DeskClient(ctx.url).useSession(ctx.sessions.agent.token);
  const threadMs: number[] = [];
  const times = await timeRuns(n, warm, async (i) => {
    const t0 = performance.now();
    const t = await client.query<{ customer: { id: number } | null }>('messages.thread', {
      id: ids[i]!,
    });
    threadMs.push(performance.now() - t0);
    if (t.customer) await client.query('customers.get360', { customerId: t.customer.id });
  });
  const s = summarize(times);
  const th = summarize(threadMs.slice(warm));
  return [
    {
      measure: label,
      target: 'p95 ≤ 25 ms',
      result: `p50 ${ms(s.p50)} / p95 ${ms(s.p95)} / p99 ${ms(s.p99)} (thread alone p95 ${ms(th.p95)})`,
      pass: s.p95 <= 25,
      method: `${n} threads (80% active, 20% recent history, fixed PRNG seed) after ${warm} warm-up: GET messages.thread then GET customers.get360 for its customer, sequential; nearest-rank p95 of the pair`,
      data: { pair: s, threadOnly: th },
    },
  ];
}
