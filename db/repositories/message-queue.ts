import { sql, type Selectable } from 'kysely';
import { isPostgres, type DbOrTrx } from '../database.ts';
import type { SlaClock } from '../../server/domain/message-sla.ts';
import type { QueueSearch } from '../../server/domain/queue-search.ts';
import type { MessageThreadsTable, ThreadStateName } from '../schema/index.ts';
import { toThread, type MessageThread } from './messages.ts';

/**
 * The secure-message queue: pages of a view with totals, counts, load per agent, the next
 * thread to take, auto-close candidates, round-robin state. Split from messages.ts, which reads
 * and writes threads, messages and attachments.
 */
export type QueueView = 'mine' | 'unassigned' | 'team' | 'breached';
export type QueueSort = 'sla' | 'activity' | 'newest' | 'oldest';

export interface QueueQuery {
  view: QueueView;
  /** The signed-in user ("mine"). */
  userId: number;
  topic?: string | null;
  /** A state, 'active' (new, open, waiting: the default) or 'any'. */
  state?: ThreadStateName | 'active' | 'any';
  /** What the search box asked for, read by planQueueSearch (server/domain/queue-search.ts). */
  search?: QueueSearch | null;
  sort?: QueueSort;
  offset?: number;
  limit?: number;
  /** "Now" for the breached view (UTC ISO). */
  now: string;
}

/**
 * A row of a queue page: what the queue screen and the command palette show, and the clock
 * the row's SLA status is computed from (the thread screen reads the rest of a thread).
 */
export interface QueueRow {
  id: number;
  customerName: string;
  accountNumber: string | null;
  topic: string;
  state: ThreadStateName;
  assigneeName: string | null;
  preview: string;
  sla: SlaClock;
  lastActivityAt: string;
}

/** The queue's filters as one WHERE clause (shared by the page and its count). */
function queueFilter(db: DbOrTrx, q: QueueQuery) {
  const parts = [];
  const search = q.search ?? null;
  // A search narrows to a handful of customers or accounts: let SQLite start from those (their
  // own indexes) rather than walk the view's index checking membership. The unary + keeps the
  // view's columns out of index selection. (PostgreSQL has no such trick, nor needs it.)
  const c = search && !isPostgres(db) ? sql.raw('+t.') : sql.raw('t.');
  const state = q.state ?? 'active';
  if (state === 'active') parts.push(sql`${c}is_active = 1`);
  else if (state !== 'any') parts.push(sql`${c}state = ${state}`);
  if (q.view === 'mine') parts.push(sql`${c}assignee_id = ${q.userId}`);
  if (q.view === 'unassigned') parts.push(sql`${c}assignee_id IS NULL`);
  if (q.view === 'breached') parts.push(sql`${c}sla_sort < ${q.now}`);
  if (q.topic) parts.push(sql`${c}topic = ${q.topic}`);
  if (search) {
    if (search.kind === 'account') {
      parts.push(
        sql`t.account_id IN (SELECT id FROM accounts WHERE account_number = ${search.accountNumber})`,
      );
    } else if (search.kind === 'thread') {
      parts.push(sql`t.id = ${search.threadId}`);
    } else {
      const tokens = search.words;
      if (tokens.length === 0) parts.push(sql`1 = 0`);
      else if (isPostgres(db)) {
        parts.push(
          sql`t.customer_id IN (SELECT id FROM customers WHERE customer_search_document(search_name, email) @@ customer_search_query(${tokens.join(' ')}))`,
        );
      } else {
        const match = tokens.map((t) => `"${t.replace(/"/g, '')}"*`).join(' AND ');
        parts.push(
          sql`t.customer_id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ${match})`,
        );
      }
    }
  }
  return parts.length ? sql.join(parts, sql` AND `) : sql`1 = 1`;
}

function queueOrder(sort: QueueSort) {
  switch (sort) {
    case 'sla':
      return sql`t.sla_sort, t.id`;
    case 'activity':
      return sql`t.last_activity_at DESC, t.id DESC`;
    case 'newest':
      return sql`t.id DESC`;
    case 'oldest':
      return sql`t.id`;
  }
}

/**
 * Totals of large views. Counting a view walks its index entry by entry: 64,000 active threads
 * at the large scale cost ≈ 1.4 ms of CPU per queue page, half of the page's SQL. A count is
 * first taken up to LARGE_COUNT (cheap, exact below it); a view with more threads than that
 * shows a total recounted at most once every LARGE_COUNT_MS per server and filter (a handful of
 * threads claimed or closed in that second are not in it yet; the page's rows are always read
 * fresh). While that recount is fresh, the capped count is not taken again either (it walked
 * 1,001 index entries per page to learn what the recount already says: ≈ 0.1 ms of a large
 * view's refresh). On PostgreSQL the page statement carries the exact total (one round trip);
 * while a large total is fresh the page is read alone. Inside a transaction (a decision that
 * writes) counts are always exact.
 */
const LARGE_COUNT = 1_000;
export const LARGE_COUNT_MS = 1_000;
interface LargeCount {
  at: number;
  n: Promise<number>;
  /** The count once known, when it is over LARGE_COUNT. */
  large?: number;
}
const largeCounts = new WeakMap<object, Map<string, LargeCount>>();

/** Where a filter's large total is kept on this handle (none inside a transaction: exact). */
interface LargeCountSlot {
  cache: Map<string, LargeCount>;
  key: string;
}

function largeCountSlot(db: DbOrTrx, where: ReturnType<typeof sql>): LargeCountSlot | null {
  if (db.isTransaction) return null;
  let cache = largeCounts.get(db);
  if (!cache) largeCounts.set(db, (cache = new Map()));
  const compiled = fullCount(where).compile(db);
  return { cache, key: `${compiled.sql}\u0000${JSON.stringify(compiled.parameters)}` };
}

/** The filter's total when it is large and was counted less than LARGE_COUNT_MS ago. */
function freshLargeCount(slot: LargeCountSlot | null): number | undefined {
  const hit = slot?.cache.get(slot.key);
  return hit?.large !== undefined && performance.now() - hit.at < LARGE_COUNT_MS
    ? hit.large
    : undefined;
}

/** A total just counted exactly (PostgreSQL's page statement): kept when large. */
function rememberCount(slot: LargeCountSlot | null, total: number): void {
  if (!slot) return;
  if (total <= LARGE_COUNT) {
    slot.cache.delete(slot.key);
    return;
  }
  if (slot.cache.size > 500) slot.cache.clear();
  slot.cache.set(slot.key, { at: performance.now(), n: Promise.resolve(total), large: total });
}

function fullCount(where: ReturnType<typeof sql>) {
  return sql<{ n: number }>`SELECT count(*) AS n FROM message_threads t WHERE ${where}`;
}

async function countThreads(db: DbOrTrx, where: ReturnType<typeof sql>): Promise<number> {
  const slot = largeCountSlot(db, where);
  const known = freshLargeCount(slot);
  if (known !== undefined) return known;
  const countAll = async () => (await fullCount(where).execute(db)).rows[0]?.n ?? 0;
  const capped = await sql<{
    n: number;
  }>`SELECT count(*) AS n FROM (SELECT 1 FROM message_threads t WHERE ${where} LIMIT ${sql.lit(LARGE_COUNT + 1)}) capped`.execute(
    db,
  );
  const n = capped.rows[0]?.n ?? 0;
  if (n <= LARGE_COUNT) return n;
  if (!slot) return countAll();
  const { cache, key } = slot;
  const now = performance.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < LARGE_COUNT_MS) return hit.n;
  if (cache.size > 500) cache.clear();
  const entry: LargeCount = { at: now, n: countAll() };
  cache.set(key, entry);
  entry.n.then(
    (total) => {
      if (total > LARGE_COUNT) entry.large = total;
    },
    () => cache.delete(key),
  );
  return entry.n;
}

/**
 * The thread columns a page needs: what QueueRow carries, the join keys and the sort keys (a
 * queue page used to read `t.*`, 24 columns, through the CTE, the sort and the joins, for the
 * 9 it shows).
 */
const PAGE_COLUMNS = sql`t.id, t.customer_id, t.account_id, t.assignee_id, t.topic, t.state,
  t.preview, t.sla_kind, t.sla_consumed_minutes, t.sla_running_since, t.sla_due_at, t.sla_sort,
  t.last_activity_at`;

/** The rows of the `page` CTE with the names the queue shows (customer, account, assignee). */
const PAGE_WITH_NAMES = sql`
  SELECT t.id, t.topic, t.state, t.preview, t.sla_kind, t.sla_consumed_minutes,
    t.sla_running_since, t.sla_due_at, t.sla_sort, t.last_activity_at,
    coalesce(c.business_name, c.first_name || ' ' || c.last_name) AS customer_name,
    a.account_number AS account_number,
    u.display_name AS assignee_name
  FROM page t
  JOIN customers c ON c.id = t.customer_id
  LEFT JOIN accounts a ON a.id = t.account_id
  LEFT JOIN users u ON u.id = t.assignee_id`;

type PageRow = Pick<
  Selectable<MessageThreadsTable>,
  | 'id'
  | 'topic'
  | 'state'
  | 'preview'
  | 'sla_kind'
  | 'sla_consumed_minutes'
  | 'sla_running_since'
  | 'sla_due_at'
  | 'last_activity_at'
> & { customer_name: string; account_number: string | null; assignee_name: string | null };

function toQueueRow(r: PageRow): QueueRow {
  return {
    id: r.id,
    customerName: r.customer_name,
    accountNumber: r.account_number,
    topic: r.topic,
    state: r.state,
    assigneeName: r.assignee_name,
    preview: r.preview,
    sla: {
      kind: r.sla_kind,
      consumedMinutes: r.sla_consumed_minutes,
      runningSince: r.sla_running_since,
      dueAt: r.sla_due_at,
    },
    lastActivityAt: r.last_activity_at,
  };
}

/**
 * One page of the queue and the total it is a page of. The page is chosen on the thread
 * table alone (an index walk: filter columns, then sla_sort/id), and only its rows are joined
 * to customers, accounts and users.
 */
export async function listQueue(
  db: DbOrTrx,
  q: QueueQuery,
): Promise<{ rows: QueueRow[]; total: number }> {
  const where = queueFilter(db, q);
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
  const offset = Math.max(q.offset ?? 0, 0);
  // PostgreSQL counts in the page statement unless the view's large total is fresh.
  // The page size is written into the text, not bound: SQLite re-plans (re-prepares) a
  // statement on every run when a LIMIT inside a subquery is a parameter (≈ 37 µs of a 57 µs
  // page here). A whole number from 1 to 200, and a handful of distinct texts.
  const pageLimit = sql.lit(Math.trunc(limit));
  const slot = isPostgres(db) ? largeCountSlot(db, where) : null;
  const knownTotal = freshLargeCount(slot);
  let pageRows: PageRow[];
  let totalRows: number;
  if (isPostgres(db) && knownTotal === undefined) {
    // One round trip instead of two (on PostgreSQL each is a network exchange): the total
    // rides on every row of the page, and on a lone all-null row when the page is empty.
    const r = await sql<(PageRow & { total_n: number }) | { id: null; total_n: number }>`
      WITH page AS (
        SELECT ${PAGE_COLUMNS} FROM message_threads t WHERE ${where} ORDER BY ${queueOrder(q.sort ?? 'sla')} LIMIT ${pageLimit} OFFSET ${offset}
      ), total AS (
        SELECT count(*) AS total_n FROM message_threads t WHERE ${where}
      )
      SELECT t.*, total.total_n
      FROM total LEFT JOIN (${PAGE_WITH_NAMES}) t ON true
      ORDER BY ${queueOrder(q.sort ?? 'sla')}
    `.execute(db);
    totalRows = Number(r.rows[0]?.total_n ?? 0);
    pageRows = r.rows.filter((row): row is PageRow & { total_n: number } => row.id !== null);
    rememberCount(slot, totalRows);
  } else {
    // The page alone (on PostgreSQL too when the view's large total is fresh: its count is
    // what walked the view's index on every refresh).
    const page = await sql<PageRow>`
    WITH page AS (
      SELECT ${PAGE_COLUMNS} FROM message_threads t WHERE ${where} ORDER BY ${queueOrder(q.sort ?? 'sla')} LIMIT ${pageLimit} OFFSET ${offset}
    )
    ${PAGE_WITH_NAMES}
    ORDER BY ${queueOrder(q.sort ?? 'sla')}
  `.execute(db);
    pageRows = page.rows;
    // A page that is not full ends the view: its total is known without counting.
    totalRows =
      pageRows.length < limit && (pageRows.length > 0 || offset === 0)
        ? offset + pageRows.length
        : (knownTotal ?? (await countThreads(db, where)));
  }
  return { total: totalRows, rows: pageRows.map(toQueueRow) };
}

/** Counts for the view tabs (each a covering-index count; large ones as in `countThreads`). */
export async function queueCounts(
  db: DbOrTrx,
  userId: number,
  now: string,
): Promise<Record<QueueView, number>> {
  const count = (where: ReturnType<typeof sql>) => countThreads(db, where);
  const [mine, unassigned, team, breached] = await Promise.all([
    count(sql`t.assignee_id = ${userId} AND t.is_active = 1`),
    count(sql`t.assignee_id IS NULL AND t.is_active = 1`),
    count(sql`t.is_active = 1`),
    count(sql`t.is_active = 1 AND t.sla_sort < ${now}`),
  ]);
  return { mine, unassigned, team, breached };
}

/** Per-queue load for the supervisor: active, unassigned, breached, and the oldest due. */
export async function queueStats(db: DbOrTrx, now: string) {
  const result = await sql<{
    queue: string;
    topic: string;
    active: number;
    unassigned: number;
    waiting: number;
    breached: number;
    next_due: string | null;
  }>`
    SELECT queue, topic,
      count(*) AS active,
      sum(CASE WHEN assignee_id IS NULL THEN 1 ELSE 0 END) AS unassigned,
      sum(CASE WHEN state = 'waiting_on_customer' THEN 1 ELSE 0 END) AS waiting,
      sum(CASE WHEN sla_sort < ${now} THEN 1 ELSE 0 END) AS breached,
      min(sla_due_at) AS next_due
    FROM message_threads WHERE is_active = 1 GROUP BY queue, topic ORDER BY queue, topic
  `.execute(db);
  return result.rows;
}

/** Active threads per assignee (least-loaded assignment, supervisor view). */
export async function activeLoad(
  db: DbOrTrx,
  userIds: readonly number[],
): Promise<Map<number, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('message_threads')
    .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('is_active', '=', 1)
    .where('assignee_id', 'in', userIds)
    .groupBy('assignee_id')
    .execute();
  return new Map(rows.map((r) => [r.assignee_id as number, r.n]));
}

/**
 * The most urgent active thread an agent should take next: their own that still needs an
 * answer first, then unassigned, by SLA due. On PostgreSQL the unassigned pick locks its row
 * and skips rows other agents' transactions hold (`FOR UPDATE SKIP LOCKED`), so agents pressing
 * "next" together get different threads instead of colliding; SQLite's single writer already
 * serialises them.
 */
export async function mostUrgentFor(db: DbOrTrx, userId: number): Promise<number | null> {
  const own = await db
    .selectFrom('message_threads')
    .select('id')
    .where('assignee_id', '=', userId)
    .where('is_active', '=', 1)
    .where('state', '!=', 'waiting_on_customer')
    .orderBy('sla_sort')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (own) return own.id;
  const free = await db
    .selectFrom('message_threads')
    .select('id')
    .where('assignee_id', 'is', null)
    .where('is_active', '=', 1)
    .orderBy('sla_sort')
    .orderBy('id')
    .limit(1)
    .$if(isPostgres(db), (q) => q.forUpdate().skipLocked())
    .executeTakeFirst();
  return free?.id ?? null;
}

/** Threads quiet since before `before` in waiting/resolved (auto-close candidates), oldest first. */
export async function quietThreads(
  db: DbOrTrx,
  before: string,
  limit: number,
): Promise<MessageThread[]> {
  const rows = await db
    .selectFrom('message_threads')
    .selectAll()
    .where('state', 'in', ['waiting_on_customer', 'resolved'])
    .where('last_activity_at', '<', before)
    .orderBy('last_activity_at')
    .limit(limit)
    .execute();
  return rows.map(toThread);
}

/** The staff member a queue's round-robin gave its last thread to. */
export async function lastQueueAssignee(db: DbOrTrx, queue: string): Promise<number | null> {
  const row = await db
    .selectFrom('message_queue_state')
    .select('last_assignee_id')
    .where('queue', '=', queue)
    .executeTakeFirst();
  return row?.last_assignee_id ?? null;
}

export async function rememberQueueAssignee(
  db: DbOrTrx,
  queue: string,
  userId: number,
): Promise<void> {
  await db
    .insertInto('message_queue_state')
    .values({ queue, last_assignee_id: userId })
    .onConflict((oc) => oc.column('queue').doUpdateSet({ last_assignee_id: userId }))
    .execute();
}

/** Active staff a thread can be assigned to, with their count of active threads. */
export async function staffWithThreadLoad(db: DbOrTrx) {
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('message_threads as t', (j) =>
      j.onRef('t.assignee_id', '=', 'u.id').on('t.is_active', '=', 1),
    )
    .select([
      'u.id',
      'u.display_name',
      'u.role',
      'u.available',
      (eb) => eb.fn.count<number>('t.id').as('load'),
    ])
    .where('u.active', '=', 1)
    .groupBy('u.id')
    .orderBy('u.display_name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    role: r.role,
    available: r.available === 1,
    load: r.load,
  }));
}
