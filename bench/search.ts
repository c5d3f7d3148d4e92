/**
 * Search latency at scale: `node bench/search.ts --data-dir D [--queries 2000]`.
 * Seed first: `npm run desk -- seed --seed 1 --scale large --data-dir D`.
 *
 * Draws a deterministic mix of what agents type (name prefixes with and without accents, full
 * and partial account numbers, full VINs and last 8, phones, e-mail prefixes) from the data
 * itself, runs each through the same repository function the search box uses, and prints
 * p50 / p95 / p99 per kind and overall.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDataDir } from '../server/ops/bootstrap.ts';
import { searchCustomers } from '../db/repositories/customer-search.ts';
import { planSearch } from '../server/domain/customer-search.ts';
import { Prng } from '../server/training/seed/prng.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: process.env.CIC_DATA_DIR ?? 'data' },
    queries: { type: 'string', default: '2000' },
  },
});
const dir = path.resolve(values['data-dir'] ?? 'data');
const total = Number(values.queries);
const { db, sqlite } = openDataDir(dir);
const rng = new Prng('bench-search');
const today = '2026-11-23';

const maxCustomer = (sqlite.prepare('select max(id) as n from customers').get() as { n: number }).n;
const maxAccount = (sqlite.prepare('select max(id) as n from accounts').get() as { n: number }).n;
const customer = sqlite.prepare('select first_name, last_name, email from customers where id = ?');
const account = sqlite.prepare('select account_number, vin from accounts where id = ?');
const phone = sqlite.prepare('select number from customer_phones where customer_id = ? limit 1');
const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

type Kind =
  | 'name-prefix'
  | 'full-name'
  | 'accent-folded'
  | 'account'
  | 'account-prefix'
  | 'vin'
  | 'vin-last8'
  | 'phone'
  | 'email-prefix';
const kinds: Kind[] = [
  'name-prefix',
  'full-name',
  'accent-folded',
  'account',
  'account-prefix',
  'vin',
  'vin-last8',
  'phone',
  'email-prefix',
];
function makeQuery(kind: Kind): string {
  const c = customer.get(rng.int(1, maxCustomer)) as {
    first_name: string;
    last_name: string;
    email: string | null;
  };
  const a = account.get(rng.int(1, maxAccount)) as { account_number: string; vin: string };
  switch (kind) {
    case 'name-prefix':
      return c.last_name.slice(0, rng.int(2, 4));
    case 'full-name':
      return `${c.first_name} ${c.last_name}`;
    case 'accent-folded':
      return fold(`${c.first_name.slice(0, 4)} ${c.last_name}`).toLowerCase();
    case 'account':
      return a.account_number;
    case 'account-prefix':
      return a.account_number.slice(0, 6);
    case 'vin':
      return a.vin;
    case 'vin-last8':
      return a.vin.slice(-8);
    case 'phone': {
      const p = phone.get(rng.int(1, maxCustomer)) as { number: string } | undefined;
      return p
        ? `(${p.number.slice(0, 3)}) ${p.number.slice(3, 6)}-${p.number.slice(6)}`
        : '5145554676';
    }
    case 'email-prefix':
      return (c.email ?? 'jsmith@').slice(0, 8);
  }
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const byKind = new Map<Kind, number[]>();
const all: number[] = [];
const slowest: Array<[number, string]> = [];
for (let i = 0; i < 50; i++)
  await searchCustomers(db, planSearch(makeQuery(kinds[i % kinds.length] as Kind)), { today }); // warm-up
for (let i = 0; i < total; i++) {
  const kind = kinds[i % kinds.length] as Kind;
  const q = makeQuery(kind);
  const t0 = performance.now();
  await searchCustomers(db, planSearch(q), { today });
  const ms = performance.now() - t0;
  all.push(ms);
  slowest.push([ms, q]);
  const list = byKind.get(kind) ?? [];
  list.push(ms);
  byKind.set(kind, list);
}
console.log(`${total} searches over ${maxCustomer.toLocaleString('en-US')} customers (${dir})`);
console.log(
  'kind'.padEnd(16),
  'p50 ms'.padStart(8),
  'p95 ms'.padStart(8),
  'p99 ms'.padStart(8),
  'max ms'.padStart(8),
);
for (const [kind, list] of [...byKind.entries(), ['ALL', all] as const]) {
  const s = [...list].sort((a, b) => a - b);
  console.log(
    String(kind).padEnd(16),
    ...[50, 95, 99, 100].map((p) => pct(s, p).toFixed(2).padStart(8)),
  );
}
console.log(
  'slowest:',
  slowest
    .sort((a, b) => b[0] - a[0])
    .slice(0, 5)
    .map(([ms, q]) => `${q} (${ms.toFixed(1)} ms)`)
    .join(', '),
);
await db.destroy();
