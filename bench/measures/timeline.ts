import { Prng } from '../../server/training/seed/prng.ts';
import { size, type BenchContext } from '../lib/context.ts';
import { openRaw } from '../lib/datasets.ts';
import { DeskClient } from '../lib/http.ts';
import { notAvailable, type Row } from '../lib/output.ts';
import { missing } from '../lib/procedures.ts';
import { ms, summarize, timeRuns } from '../lib/stats.ts';

/**
 * The customer timeline's first page, as the 360 opens it: calls.timeline (UNION ALL of every
 * source, keyset-paged) for customers with a history — half of them callers, half drawn from
 * all customers — over HTTP.
 */
export async function measureTimeline(ctx: BenchContext): Promise<Row[]> {
  const label = 'customer timeline, first page of 25 (HTTP)';
  const gone = missing('calls.timeline');
  if (gone.length > 0)
    return [notAvailable(label, 'p95 ≤ 25 ms', `not available: ${gone.join(', ')}`)];
  const n = size(ctx, 500, 100);
  const warm = size(ctx, 50, 10);
  const raw = openRaw(ctx.dir, true);
  const hasCalls =
    raw.prepare("select 1 from sqlite_master where name = 'interactions'").get() !== undefined;
  const callers = hasCalls
    ? (raw
        .prepare(
          'select distinct customer_id from interactions where customer_id is not null limit 20000',
        )
        .pluck()
        .all() as number[])
    : [];
  const maxId = raw.prepare('select max(id) from customers').pluck().get() as number;
  raw.close();
  const rng = new Prng('bench-timeline');
  const ids = Array.from({ length: n + warm }, () =>
    callers.length > 0 && rng.next() < 0.5 ? rng.pick(callers) : rng.int(1, maxId),
  );
  const client = new DeskClient(ctx.url).useSession(ctx.sessions.agent.token);
  let items = 0;
  const times = await timeRuns(n, warm, async (i) => {
    const page = await client.query<{ items: unknown[] }>('calls.timeline', {
      customerId: ids[i]!,
      limit: 25,
    });
    if (i >= warm) items += page.items.length;
  });
  const s = summarize(times);
  return [
    {
      measure: label,
      target: 'p95 ≤ 25 ms',
      result: `p50 ${ms(s.p50)} / p95 ${ms(s.p95)} / p99 ${ms(s.p99)} (avg ${(items / n).toFixed(1)} items)`,
      pass: s.p95 <= 25,
      method: `${n} customers (half with calls, half any; fixed PRNG seed) after ${warm} warm-up: GET calls.timeline {limit 25}, sequential; nearest-rank p95`,
      data: s,
    },
  ];
}
