import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { listQueue, type QueueQuery } from '../../db/repositories/message-queue.ts';
import type { DB } from '../../db/schema/index.ts';
import { size, type BenchContext } from '../lib/context.ts';
import { openRaw } from '../lib/datasets.ts';
import { DeskClient } from '../lib/http.ts';
import { notAvailable, type Row } from '../lib/output.ts';
import { missing } from '../lib/procedures.ts';
import { ms, summarize, timeRuns, type Summary } from '../lib/stats.ts';

type Shape = { view: 'team' | 'unassigned' | 'breached' | 'mine'; topic?: string; cursor: number };

/** The queue views an agent flips between, each sorted by SLA due, 50 a page, with the total. */
function shapes(topic: string | null): Shape[] {
  const out: Shape[] = [
    { view: 'team', cursor: 0 },
    { view: 'unassigned', cursor: 0 },
    { view: 'breached', cursor: 0 },
    { view: 'team', cursor: 50 },
    { view: 'mine', cursor: 0 },
  ];
  if (topic) out.push({ view: 'team', topic, cursor: 0 });
  return out;
}

/**
 * The exact SQL the router runs for a shape: listQueue called through a Kysely whose log
 * captures the compiled statements (page + total) with their parameters.
 */
async function captureSql(dir: string, q: QueueQuery): Promise<CompiledQuery[]> {
  const sqlite = openRaw(dir, true);
  const captured: CompiledQuery[] = [];
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  await listQueue(db, q);
  await db.destroy();
  return captured;
}

export interface QueueResult {
  rows: Row[];
  http: Summary | null;
}

/** Queue page over HTTP (1,000 requests) and the same SQL through better-sqlite3, same run. */
export async function measureQueue(ctx: BenchContext, requests?: number): Promise<QueueResult> {
  const label = 'queue page over HTTP (filter + SLA sort + 50 + total)';
  const gone = missing('messages.list');
  if (gone.length > 0)
    return { rows: [notAvailable(label, 'p95 ≤ 15 ms', 'not available')], http: null };
  const n = requests ?? size(ctx, 1000, 200);
  const warm = Math.min(100, Math.ceil(n / 5));
  const client = new DeskClient(ctx.url).useSession(ctx.sessions.agent.token);
  const raw = openRaw(ctx.dir, true);
  const topic =
    (raw
      .prepare(
        'select topic from message_threads where is_active = 1 group by topic order by count(*) desc limit 1',
      )
      .pluck()
      .get() as string | undefined) ?? null;
  const list = shapes(topic);
  const input = (s: Shape) => ({
    view: s.view,
    state: 'active',
    sort: 'sla',
    limit: 50,
    cursor: s.cursor,
    ...(s.topic ? { topic: s.topic } : {}),
  });

  let totals = 0;
  const http = await timeRuns(n, warm, async (i) => {
    const r = await client.query<{ total: number; rows: unknown[] }>(
      'messages.list',
      input(list[i % list.length]!),
    );
    totals += r.rows.length;
  });
  const httpSummary = summarize(http);
  const method = `${n} sequential GET messages.list (${list.length} views rotating: team, unassigned, breached, page 2, mine${topic ? `, topic ${topic}` : ''}; state active, sort sla, limit 50) after ${warm} warm-up, one keep-alive connection, agent session; nearest-rank percentiles`;
  const httpRow: Row = {
    measure: ctx.engine === 'postgres' ? `${label} — PostgreSQL` : label,
    target: 'p95 ≤ 15 ms',
    result: `p50 ${ms(httpSummary.p50, 2)} / p95 ${ms(httpSummary.p95, 2)} / p99 ${ms(httpSummary.p99, 2)}`,
    pass: httpSummary.p95 <= 15,
    method,
    data: { http: httpSummary, rowsReturned: totals },
  };
  if (ctx.engine === 'postgres') {
    // The raw comparison below times the statements through better-sqlite3: SQLite only.
    raw.close();
    return { http: httpSummary, rows: [httpRow] };
  }

  // Same statements, same parameters, through better-sqlite3 prepared statements.
  const compiled = await Promise.all(
    list.map((s) =>
      captureSql(ctx.dir, {
        view: s.view,
        userId: ctx.sessions.agent.id,
        topic: s.topic ?? null,
        state: 'active',
        search: null,
        sort: 'sla',
        offset: s.cursor,
        limit: 50,
        now: ctx.sessions.now,
      }),
    ),
  );
  const statements = compiled.map((qs) =>
    qs.map((q) => ({ stmt: raw.prepare(q.sql), params: q.parameters as unknown[] })),
  );
  const rawTimes = await timeRuns(n, warm, (i) => {
    for (const { stmt, params } of statements[i % statements.length]!) stmt.all(...params);
  });
  const rawSummary = summarize(rawTimes);
  const plans = compiled.map((qs) =>
    qs.map((q) =>
      (
        raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as Array<{
          detail: string;
        }>
      ).map((r) => r.detail),
    ),
  );
  raw.close();
  const ratio50 = httpSummary.p50 / rawSummary.p50;
  const ratio95 = httpSummary.p95 / rawSummary.p95;
  return {
    http: httpSummary,
    rows: [
      httpRow,
      {
        measure: 'same queue SQL raw (better-sqlite3), same run',
        target: 'ratio HTTP/raw reported',
        result: `p50 ${ms(rawSummary.p50, 3)} / p95 ${ms(rawSummary.p95, 3)} / p99 ${ms(rawSummary.p99, 3)}; HTTP/raw ×${ratio50.toFixed(1)} (p50), ×${ratio95.toFixed(1)} (p95)`,
        pass: null,
        method: `the exact statements listQueue compiles (page + count, captured via the Kysely log), prepared once, ${n} runs after ${warm} warm-up, second read-only connection`,
        data: {
          raw: rawSummary,
          ratioP50: ratio50,
          ratioP95: ratio95,
          sql: compiled.map((qs) => qs.map((q) => q.sql)),
          plans,
        },
      },
    ],
  };
}
