import type Database from 'better-sqlite3';
import type { BenchContext } from '../lib/context.ts';
import { openRaw } from '../lib/datasets.ts';
import type { CurvePoint } from '../lib/output.ts';
import { missing } from '../lib/procedures.ts';
import { startBenchServer } from '../lib/server.ts';
import { measureQueue } from './queue.ts';
import { searchTimes } from './search.ts';

function count(sqlite: Database.Database, table: string): number {
  return sqlite.prepare(`select count(*) from ${table}`).pluck().get() as number;
}

/** Tables whose foreign key points at `parent`, with the column. */
function children(
  sqlite: Database.Database,
  parent: string,
): Array<{ table: string; column: string }> {
  const tables = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    .pluck()
    .all() as string[];
  const out: Array<{ table: string; column: string }> = [];
  for (const table of tables) {
    let fks: Array<{ table: string; from: string }>;
    try {
      fks = sqlite.prepare(`pragma foreign_key_list(${JSON.stringify(table)})`).all() as Array<{
        table: string;
        from: string;
      }>;
    } catch {
      continue; // virtual tables
    }
    for (const fk of fks) if (fk.table === parent) out.push({ table, column: fk.from });
  }
  return out;
}

/**
 * Keeps one customer in `factor` (id % factor = 0) with everything the search and the queue
 * read about them: their accounts, phones, addresses and flags, their message threads with
 * the threads' messages and other child rows, and the name index (FTS5, rebuilt). Same
 * generator, same distributions, a tenth of the people. Rows the two measures never read
 * (ledgers, disputes, lockbox items) are left as they are.
 */
export function trim(dir: string, factor: number): void {
  const sqlite = openRaw(dir);
  sqlite.pragma('foreign_keys = OFF');
  const triggers = sqlite
    .prepare(
      "select name, sql from sqlite_master where type = 'trigger' and tbl_name in ('customers', 'message_threads', 'messages')",
    )
    .all() as Array<{ name: string; sql: string }>;
  sqlite.exec('BEGIN');
  try {
    for (const t of triggers) sqlite.exec(`DROP TRIGGER ${t.name}`);
    sqlite.prepare('delete from customers where id % ? != 0').run(factor);
    sqlite.exec('delete from accounts where holder_customer_id not in (select id from customers)');
    sqlite.exec(
      'update accounts set co_holder_customer_id = null where co_holder_customer_id not in (select id from customers)',
    );
    for (const t of ['customer_phones', 'customer_addresses', 'customer_flags'])
      sqlite.exec(`delete from ${t} where customer_id not in (select id from customers)`);
    sqlite.exec('delete from account_flags where account_id not in (select id from accounts)');
    sqlite.exec('delete from message_threads where customer_id not in (select id from customers)');
    for (const parent of ['message_threads', 'messages']) {
      for (const { table, column } of children(sqlite, parent)) {
        if (table === 'message_threads') continue;
        sqlite.exec(
          `delete from ${table} where ${column} is not null and ${column} not in (select id from ${parent})`,
        );
      }
    }
    sqlite.exec("insert into customer_search(customer_search) values ('rebuild')");
    for (const t of triggers) sqlite.exec(t.sql);
    sqlite.exec('COMMIT');
    sqlite.exec('ANALYZE');
  } catch (error) {
    sqlite.exec('ROLLBACK');
    throw error;
  } finally {
    sqlite.close();
  }
}

/**
 * Queue page and search at three sizes of the same data: the full work copy, then trimmed to
 * a tenth, then to a hundredth (1M → 100k → 10k messages, 200k → 20k → 2k customers at the
 * large scale). Same method at each point; the server is restarted on each size.
 */
export async function measureCurve(
  ctx: Omit<BenchContext, 'url'>,
  factors: number[],
  requests: number,
  perKind: number,
): Promise<CurvePoint[]> {
  if (missing('messages.list', 'customers.search').length > 0) return [];
  const points: CurvePoint[] = [];
  let applied = 1;
  for (const factor of factors) {
    if (factor !== applied) {
      ctx.log(`curve: keeping 1 customer in ${factor} …`);
      trim(ctx.dir, factor);
      applied = factor;
    }
    const raw = openRaw(ctx.dir, true);
    const sizes = {
      messages: count(raw, 'messages'),
      threads: count(raw, 'message_threads'),
      customers: count(raw, 'customers'),
    };
    raw.close();
    const server = await startBenchServer(ctx.dir);
    try {
      const run = { ...ctx, url: server.url };
      const queue = await measureQueue(run, requests);
      const search = await searchTimes(run, perKind, Math.max(5, Math.round(perKind / 10)));
      points.push({
        ...sizes,
        queueP50: queue.http?.p50 ?? Number.NaN,
        queueP95: queue.http?.p95 ?? Number.NaN,
        searchP50: search.all.p50,
        searchP95: search.all.p95,
      });
      ctx.log(
        `curve: ${sizes.messages} messages / ${sizes.customers} customers: queue p95 ${queue.http?.p95.toFixed(2)} ms, search p95 ${search.all.p95.toFixed(2)} ms`,
      );
    } finally {
      await server.stop();
    }
  }
  return points;
}
