/**
 * Queue page latency at scale: `node bench/queue.ts --data-dir D [--runs 300]`.
 * Seed first: `npm run desk -- seed --scale large --data-dir D` (1,000,000 messages).
 *
 * Runs the repository function the `messages.list` procedure runs (filter + sort by SLA due +
 * page of 50 + total count, in one call) for the views an agent flips between, and prints
 * p50 / p95 / p99 per shape and overall, with SQLite's query plan of each page query.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { listQueue, type QueueQuery } from '../db/repositories/message-queue.ts';
import { planQueueSearch } from '../server/domain/queue-search.ts';
import { openDatabase } from '../db/database.ts';
import { databasePath } from '../server/ops/bootstrap.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: process.env.CIC_DATA_DIR ?? 'data' },
    runs: { type: 'string', default: '300' },
  },
});
const dir = path.resolve(values['data-dir'] ?? 'data');
const runs = Number(values.runs);
// Read-only: the bench never changes the data it measures.
const { db, sqlite } = openDatabase(databasePath(dir), { readonly: true });

const count = (q: string) => (sqlite.prepare(q).get() as { n: number }).n;
const messages = count('select count(*) as n from messages');
const threads = count('select count(*) as n from message_threads');
const active = count('select count(*) as n from message_threads where is_active = 1');
const clock = sqlite.prepare("select value from app_meta where key = 'training_clock'").get() as
  { value: string } | undefined;
const now = clock ? (JSON.parse(clock.value) as { at: string }).at : new Date().toISOString();
const agent =
  (
    sqlite
      .prepare(
        'select assignee_id as id from message_threads where is_active = 1 and assignee_id is not null group by assignee_id order by count(*) desc limit 1',
      )
      .get() as { id: number } | undefined
  )?.id ?? 1;
const topic =
  (
    sqlite
      .prepare(
        'select topic from message_threads where is_active = 1 group by topic order by count(*) desc limit 1',
      )
      .get() as { topic: string } | undefined
  )?.topic ?? 'other';
const name =
  (
    sqlite
      .prepare(
        'select last_name from customers c join message_threads t on t.customer_id = c.id where t.is_active = 1 limit 1',
      )
      .get() as { last_name: string } | undefined
  )?.last_name ?? 'Smith';

const base: QueueQuery = {
  view: 'team',
  userId: agent,
  state: 'active',
  sort: 'sla',
  offset: 0,
  limit: 50,
  now,
};
const shapes: Array<[string, QueueQuery]> = [
  ['team, most urgent, page 1', base],
  ['unassigned', { ...base, view: 'unassigned' }],
  ['breached', { ...base, view: 'breached' }],
  ['mine', { ...base, view: 'mine' }],
  [`team, topic ${topic}`, { ...base, topic }],
  ['team, page 2', { ...base, offset: 50 }],
  ['team, page 100 (offset 4,950)', { ...base, offset: 4_950 }],
  ['team, latest activity', { ...base, sort: 'activity' }],
  [`search "${name}"`, { ...base, search: planQueueSearch(name) }],
  ['closed, latest activity', { ...base, state: 'closed', sort: 'activity' }],
];

function pct(sorted: number[], p: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
    NaN
  );
}
const fmt = (x: number) => `${x.toFixed(2)} ms`;

console.log(`data: ${dir}`);
console.log(
  `${messages.toLocaleString('en-US')} messages in ${threads.toLocaleString('en-US')} threads (${active.toLocaleString('en-US')} active); now ${now}; ${runs} runs per shape after 20 warm-up`,
);
console.log('');
const all: number[] = [];
for (const [label, q] of shapes) {
  for (let i = 0; i < 20; i++) await listQueue(db, q);
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await listQueue(db, q);
    times.push(performance.now() - t0);
    total = r.total;
  }
  times.sort((a, b) => a - b);
  all.push(...times);
  console.log(
    `${label.padEnd(34)} total ${String(total).padStart(8)}   p50 ${fmt(pct(times, 50)).padStart(9)}   p95 ${fmt(pct(times, 95)).padStart(9)}   p99 ${fmt(pct(times, 99)).padStart(9)}`,
  );
}
all.sort((a, b) => a - b);
console.log('');
console.log(
  `ALL SHAPES (${all.length} calls)               p50 ${fmt(pct(all, 50))}   p95 ${fmt(pct(all, 95))}   p99 ${fmt(pct(all, 99))}`,
);

console.log('\nquery plans (page query):');
for (const [label, q] of shapes.slice(0, 5)) {
  const where =
    q.view === 'mine'
      ? sql`t.assignee_id = ${agent} AND t.is_active = 1`
      : q.view === 'unassigned'
        ? sql`t.assignee_id IS NULL AND t.is_active = 1`
        : q.view === 'breached'
          ? sql`t.is_active = 1 AND t.sla_sort < ${now}`
          : q.topic
            ? sql`t.is_active = 1 AND t.topic = ${q.topic}`
            : sql`t.is_active = 1`;
  const plan = await sql<{
    detail: string;
  }>`EXPLAIN QUERY PLAN SELECT t.* FROM message_threads t WHERE ${where} ORDER BY t.sla_sort, t.id LIMIT 50`.execute(
    db,
  );
  console.log(`  ${label}: ${plan.rows.map((r) => r.detail).join(' | ')}`);
}
await db.destroy();
