import { sql, type RawBuilder } from 'kysely';
import type { DbOrTrx } from '../database.ts';

/**
 * The customer timeline (SPEC 8a): calls, secure messages, letters, disputes and their steps,
 * address changes, payments posted and returned, EasyPay changes, newest first, in one
 * statement: a UNION ALL of one branch per source, each read through its (customer, time) index
 * and cut to the page size, merged and cut again. Keyset paging on (at, kind, ref) so the
 * hundredth page costs what the first does. Plain SQL both engines run (row values, `||`).
 */

export const TIMELINE_KINDS = [
  'call',
  'message',
  'letter',
  'dispute',
  'dispute-step',
  'address-change',
  'payment',
  'payment-return',
  'easypay-change',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineCursor {
  at: string;
  kind: TimelineKind;
  ref: number;
}

export interface TimelineRow {
  at: string;
  kind: TimelineKind;
  refId: number;
  parentId: number | null;
  accountId: number | null;
  label: string;
  detail: string | null;
  status: string | null;
  amountCents: number | null;
  /** Ledger items carry a date only; they sort at noon UTC of it. */
  dateOnly: boolean;
}

/** Date-only ledger items sort at this time of their day. */
const DATE_ONLY_SUFFIX = 'T12:00:00.000Z';

interface RawRow {
  at: string;
  kind: string;
  ref_id: number | string;
  parent_id: number | string | null;
  account_id: number | string | null;
  label: string;
  detail: string | null;
  status: string | null;
  amount_cents: number | string | null;
}

/**
 * One source of the timeline: where its rows live and what each column of a timeline row is.
 * Every expression is plain SQL both engines run; `at` and `ref` are also the keyset, and
 * `orderBy` walks the source's (owner, time) index in that order.
 */
interface TimelineSource {
  kind: TimelineKind;
  /** FROM (with joins). */
  from: RawBuilder<unknown>;
  /** Rows of the customer (`customer`: a customer id column) or of their accounts (`account`). */
  owner: { customer: RawBuilder<unknown> } | { account: RawBuilder<unknown> };
  at: RawBuilder<unknown>;
  ref: RawBuilder<unknown>;
  parent?: RawBuilder<unknown>;
  account?: RawBuilder<unknown>;
  label: RawBuilder<unknown>;
  detail?: RawBuilder<unknown>;
  status?: RawBuilder<unknown>;
  amount?: RawBuilder<unknown>;
  orderBy: RawBuilder<unknown>;
  /** More conditions (given the cursor), e.g. a plain column bound an index can cut on. */
  where?: (after: TimelineCursor | null) => RawBuilder<unknown>[];
}

const col = (name: string) => sql.ref(name);
const NULL_INT = sql`cast(null as bigint)`;
const NULL_TEXT = sql`cast(null as text)`;

/** A ledger source (payments or returns): date-only lines, sorted at noon UTC of their day. */
function ledgerSource(kind: TimelineKind, ledgerKind: 'payment' | 'return'): TimelineSource {
  return {
    kind,
    from: sql`ledger_entries le`,
    owner: { account: col('le.account_id') },
    at: sql`${col('le.posted_on')} || ${DATE_ONLY_SUFFIX}`,
    ref: col('le.id'),
    account: col('le.account_id'),
    label: sql`coalesce(${col('le.code')}, ${sql.lit(ledgerKind)})`,
    detail: col('le.description'),
    status: col('le.reference'),
    amount: col('le.amount_cents'),
    orderBy: sql`le.posted_on desc, le.id desc`,
    // The plain column bound first, so the (account_id, posted_on) index does the cutting.
    where: (after) => [
      sql`le.kind = ${ledgerKind}`,
      ...(after ? [sql`le.posted_on <= ${after.at.slice(0, 10)}`] : []),
    ],
  };
}

/** Every source, in no particular order (the page is merged by time). */
const SOURCES: readonly TimelineSource[] = [
  {
    kind: 'call',
    from: sql`interactions i`,
    owner: { customer: col('i.customer_id') },
    at: col('i.started_at'),
    ref: col('i.id'),
    label: col('i.channel'),
    detail: col('i.notes'),
    status: sql`coalesce(${col('i.outcome')}, ${col('i.status')})`,
    orderBy: sql`i.started_at desc, i.id desc`,
  },
  {
    kind: 'message',
    from: sql`message_threads t`,
    owner: { customer: col('t.customer_id') },
    at: col('t.created_at'),
    ref: col('t.id'),
    account: col('t.account_id'),
    label: col('t.topic'),
    detail: col('t.preview'),
    status: col('t.state'),
    orderBy: sql`t.created_at desc, t.id desc`,
  },
  {
    kind: 'letter',
    from: sql`dispute_letters l inner join disputes d on d.id = l.dispute_id`,
    owner: { customer: col('d.customer_id') },
    at: col('l.created_at'),
    ref: col('l.id'),
    parent: col('d.id'),
    account: col('d.account_id'),
    label: sql`${sql.lit('dispute-')} || ${col('l.kind')}`,
    detail: col('l.channel'),
    status: col('l.language'),
    orderBy: sql`l.created_at desc, l.id desc`,
  },
  {
    // Address-change letters share the 'letter' kind: their ids are kept apart by a negative ref.
    kind: 'letter',
    from: sql`address_change_letters l inner join address_changes a on a.id = l.change_id`,
    owner: { customer: col('a.customer_id') },
    at: col('l.sent_at'),
    ref: sql`-${col('l.id')}`,
    parent: col('a.id'),
    label: sql`${sql.lit('address-change-')} || ${col('l.recipient')}`,
    detail: col('l.mailing_address'),
    status: col('l.language'),
    orderBy: sql`l.sent_at desc, l.id asc`,
  },
  {
    kind: 'dispute',
    from: sql`disputes d`,
    owner: { customer: col('d.customer_id') },
    at: col('d.created_at'),
    ref: col('d.id'),
    account: col('d.account_id'),
    label: col('d.error_type'),
    detail: col('d.reason'),
    status: col('d.stage'),
    amount: col('d.disputed_cents'),
    orderBy: sql`d.created_at desc, d.id desc`,
  },
  {
    kind: 'dispute-step',
    from: sql`dispute_events e inner join disputes d on d.id = e.dispute_id`,
    owner: { customer: col('d.customer_id') },
    at: col('e.at'),
    ref: col('e.id'),
    parent: col('d.id'),
    account: col('d.account_id'),
    label: col('e.kind'),
    detail: col('e.summary'),
    status: col('e.actor_name'),
    orderBy: sql`e.at desc, e.id desc`,
  },
  {
    kind: 'address-change',
    from: sql`address_changes a`,
    owner: { customer: col('a.customer_id') },
    at: col('a.created_at'),
    ref: col('a.id'),
    label: col('a.channel'),
    detail: sql`${col('a.line1')} || ', ' || ${col('a.city')} || ' ' || ${col('a.region')} || ' ' || ${col('a.postal_code')}`,
    status: col('a.status'),
    orderBy: sql`a.created_at desc, a.id desc`,
  },
  ledgerSource('payment', 'payment'),
  ledgerSource('payment-return', 'return'),
  {
    kind: 'easypay-change',
    from: sql`easypay_changes x`,
    owner: { customer: col('x.customer_id') },
    at: col('x.created_at'),
    ref: col('x.id'),
    account: col('x.account_id'),
    label: col('x.kind'),
    detail: col('x.explanation'),
    orderBy: sql`x.created_at desc, x.id desc`,
  },
];

/**
 * The keyset condition of a source whose kind is the constant `kind`: rows after the cursor in
 * the page order (at desc, kind desc, ref desc).
 */
function before(s: TimelineSource, c: TimelineCursor | null) {
  if (c === null) return sql`1 = 1`;
  if (s.kind < c.kind) return sql`${s.at} <= ${c.at}`;
  if (s.kind > c.kind) return sql`${s.at} < ${c.at}`;
  return sql`(${s.at} < ${c.at} or (${s.at} = ${c.at} and ${s.ref} < ${c.ref}))`;
}

/** One source's branch: its rows of this customer after the cursor, cut to `take`. */
function branch(
  s: TimelineSource,
  input: { customerId: number; accountIds: readonly number[] },
  c: TimelineCursor | null,
  take: number,
) {
  const owner =
    'customer' in s.owner
      ? sql`${s.owner.customer} = ${input.customerId}`
      : sql`${s.owner.account} in (${sql.join(input.accountIds)})`;
  const where = [owner, ...(s.where?.(c) ?? []), before(s, c)];
  return sql`select ${s.at} as at, ${sql.lit(s.kind)} as kind, ${s.ref} as ref_id,
      ${s.parent ?? NULL_INT} as parent_id, ${s.account ?? NULL_INT} as account_id,
      ${s.label} as label, ${s.detail ?? NULL_TEXT} as detail, ${s.status ?? NULL_TEXT} as status,
      ${s.amount ?? NULL_INT} as amount_cents
    from ${s.from}
    where ${sql.join(where, sql` and `)}
    order by ${s.orderBy}
    limit ${take}`;
}

/**
 * One page of a customer's timeline, newest first.
 *
 * @example
 * const first = await timelinePage(db, { customerId: 7, accountIds: [3], limit: 25 });
 * const next = await timelinePage(db, { customerId: 7, accountIds: [3], limit: 25, after: first.next! });
 */
export async function timelinePage(
  db: DbOrTrx,
  input: {
    customerId: number;
    /** Accounts the customer holds or co-holds (their payments are on the timeline). */
    accountIds: readonly number[];
    kinds?: readonly TimelineKind[];
    after?: TimelineCursor | null;
    limit: number;
  },
): Promise<{ rows: TimelineRow[]; next: TimelineCursor | null }> {
  const wanted = new Set(input.kinds && input.kinds.length > 0 ? input.kinds : TIMELINE_KINDS);
  const take = input.limit + 1;
  const c = input.after ?? null;
  const sources = SOURCES.filter(
    (s) => wanted.has(s.kind) && ('customer' in s.owner || input.accountIds.length > 0),
  );
  if (sources.length === 0) return { rows: [], next: null };

  // Each branch is wrapped (ORDER BY / LIMIT inside a compound SELECT needs a subquery on SQLite).
  const union = sql.join(
    sources.map((s, i) => sql`select * from (${branch(s, input, c, take)}) as ${sql.raw(`b${i}`)}`),
    sql` union all `,
  );
  const { rows: raw } = await sql<RawRow>`
    select * from (${union}) as t
    order by ${col('at')} desc, ${col('kind')} desc, ${col('ref_id')} desc
    limit ${take}`.execute(db);

  const num = (v: number | string | null) => (v === null ? null : Number(v));
  const rows = raw.slice(0, input.limit).map((r): TimelineRow => ({
    at: r.at,
    kind: r.kind as TimelineKind,
    refId: Number(r.ref_id),
    parentId: num(r.parent_id),
    accountId: num(r.account_id),
    label: r.label,
    detail: r.detail,
    status: r.status,
    amountCents: num(r.amount_cents),
    dateOnly: r.kind === 'payment' || r.kind === 'payment-return',
  }));
  const last = rows.at(-1);
  return {
    rows,
    next:
      raw.length > input.limit && last ? { at: last.at, kind: last.kind, ref: last.refId } : null,
  };
}
