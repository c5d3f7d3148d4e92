import type Database from 'better-sqlite3';
import { Prng } from '../../server/training/seed/prng.ts';
import { size, type BenchContext } from '../lib/context.ts';
import { openRaw } from '../lib/datasets.ts';
import { DeskClient } from '../lib/http.ts';
import { notAvailable, type Row } from '../lib/output.ts';
import { missing } from '../lib/procedures.ts';
import { ms, summarize, type Summary } from '../lib/stats.ts';

export const SEARCH_KINDS = ['account', 'vin', 'name-prefix', 'phone'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/**
 * What agents type, drawn deterministically from the data itself (as bench/search.ts does):
 * a full account number, a full VIN, 2–4 letters of a last name, a formatted phone number.
 */
export function queryMaker(sqlite: Database.Database, seed = 'bench-search') {
  const rng = new Prng(seed);
  const customerIds = sqlite
    .prepare('select id from customers order by id')
    .pluck()
    .all() as number[];
  const accountIds = sqlite
    .prepare('select id from accounts order by id')
    .pluck()
    .all() as number[];
  const customer = sqlite.prepare('select last_name, business_name from customers where id = ?');
  const account = sqlite.prepare('select account_number, vin from accounts where id = ?');
  const phone = sqlite
    .prepare('select number from customer_phones where customer_id = ? limit 1')
    .pluck();
  return (kind: SearchKind): string => {
    switch (kind) {
      case 'account':
        return (account.get(rng.pick(accountIds)) as { account_number: string }).account_number;
      case 'vin':
        return (account.get(rng.pick(accountIds)) as { vin: string }).vin;
      case 'name-prefix': {
        const c = customer.get(rng.pick(customerIds)) as {
          last_name: string | null;
          business_name: string | null;
        };
        const name = c.last_name ?? c.business_name ?? 'Smith';
        return name.slice(0, rng.int(2, 4));
      }
      case 'phone': {
        for (let i = 0; i < 20; i++) {
          const p = phone.get(rng.pick(customerIds)) as string | undefined;
          if (p && p.length >= 10) return `(${p.slice(0, 3)}) ${p.slice(3, 6)}-${p.slice(6)}`;
        }
        return '(514) 555-4676';
      }
    }
  };
}

/** Per kind, `perKind` searches over HTTP; returns the per-kind summaries and the overall one. */
export async function searchTimes(
  ctx: BenchContext,
  perKind: number,
  warmPerKind: number,
): Promise<{ byKind: Map<SearchKind, Summary>; all: Summary }> {
  const client = new DeskClient(ctx.url).useSession(ctx.sessions.agent.token);
  const raw = openRaw(ctx.dir, true);
  const make = queryMaker(raw);
  const plan = Array.from({ length: (perKind + warmPerKind) * SEARCH_KINDS.length }, (_, i) => {
    const kind = SEARCH_KINDS[i % SEARCH_KINDS.length]!;
    return { kind, q: make(kind) };
  });
  raw.close();
  const times = new Map<SearchKind, number[]>(SEARCH_KINDS.map((k) => [k, []]));
  const warm = warmPerKind * SEARCH_KINDS.length;
  for (const [i, { kind, q }] of plan.entries()) {
    const t0 = performance.now();
    await client.query('customers.search', { q });
    const elapsed = performance.now() - t0;
    if (i >= warm) times.get(kind)!.push(elapsed);
  }
  const byKind = new Map([...times].map(([k, v]) => [k, summarize(v)] as const));
  return { byKind, all: summarize([...times.values()].flat()) };
}

export async function measureSearch(ctx: BenchContext): Promise<Row[]> {
  const label = 'customer search over HTTP, p95 by kind';
  if (missing('customers.search').length > 0)
    return [notAvailable(label, '≤ 25 ms', 'not available')];
  const perKind = size(ctx, 300, 60);
  const warm = size(ctx, 25, 10);
  const { byKind, all } = await searchTimes(ctx, perKind, warm);
  const worst = Math.max(...[...byKind.values()].map((s) => s.p95));
  return [
    {
      measure: label,
      target: 'p95 ≤ 25 ms',
      result: `${[...byKind].map(([k, s]) => `${k} ${ms(s.p95)}`).join(', ')} (all: p50 ${ms(all.p50)}, p99 ${ms(all.p99)})`,
      pass: worst <= 25,
      method: `${perKind} GET customers.search per kind (interleaved, queries drawn from the data with a fixed PRNG seed) after ${warm} warm-up per kind, sequential, agent session; nearest-rank p95`,
      data: { byKind: Object.fromEntries(byKind), all },
    },
  ];
}
