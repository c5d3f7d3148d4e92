import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { DbOrTrx } from '../database.ts';
import type { DB } from '../schema/index.ts';

/**
 * The customer timeline (SPEC 8a): calls (and the letters, messages and disputes sent or started
 * from them), secure messages, letters, disputes and their steps,
 * address changes, payments posted and returned, EasyPay changes, newest first, in one
 * statement: a UNION ALL of one branch per source, each read through its (customer, time) index
 * and cut to the page size, merged and cut again. Keyset paging on (at, kind, ref) so the
 * hundredth page costs what the first does. Plain SQL both engines run (row values, `||`).
 */

export const TIMELINE_KINDS = [
  'call',
  'call-action',
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

/** The call actions that put something in front of the customer: they are timeline items. */
const CONTACT_ACTIONS = ['payoff_letter', 'secure_message', 'dispute_started'] as const;

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

const nullInt = sql<number | null>`cast(null as bigint)`;

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

  /** The keyset condition for a branch whose kind is the constant `kind`. */
  const before = (kind: TimelineKind, at: Expression<string>, ref: Expression<number>) =>
    sql<SqlBool>`${
      c === null
        ? sql`1 = 1`
        : kind < c.kind
          ? sql`${at} <= ${c.at}`
          : kind > c.kind
            ? sql`${at} < ${c.at}`
            : sql`(${at} < ${c.at} or (${at} = ${c.at} and ${ref} < ${c.ref}))`
    }`;

  const id = input.customerId;
  // Every branch selects the same columns (RawRow); typed loosely so they can be unioned.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const branches: Array<SelectQueryBuilder<DB, any, any>> = [];

  if (wanted.has('call')) {
    branches.push(
      db
        .selectFrom('interactions as i')
        .select([
          'i.started_at as at',
          sql.lit('call').as('kind'),
          'i.id as ref_id',
          nullInt.as('parent_id'),
          nullInt.as('account_id'),
          'i.channel as label',
          'i.notes as detail',
          sql<string | null>`coalesce(${sql.ref('i.outcome')}, ${sql.ref('i.status')})`.as(
            'status',
          ),
          nullInt.as('amount_cents'),
        ])
        .where('i.customer_id', '=', id)
        .where(before('call', sql.ref('i.started_at'), sql.ref('i.id')))
        .orderBy('i.started_at', 'desc')
        .orderBy('i.id', 'desc')
        .limit(take),
    );
  }
  if (wanted.has('call-action')) {
    // What a call sent or started for the customer (a letter, a secure message, a dispute):
    // status is "<target type>:<target id>", so the screen can open the letter or the case.
    branches.push(
      db
        .selectFrom('interaction_actions as x')
        .innerJoin('interactions as i', 'i.id', 'x.interaction_id')
        .select([
          'x.at as at',
          sql.lit('call-action').as('kind'),
          'x.id as ref_id',
          'i.id as parent_id',
          nullInt.as('account_id'),
          'x.kind as label',
          'x.summary as detail',
          sql<string | null>`${sql.ref('x.target_type')} || ':' || ${sql.ref('x.target_id')}`.as(
            'status',
          ),
          nullInt.as('amount_cents'),
        ])
        .where('i.customer_id', '=', id)
        .where('x.kind', 'in', CONTACT_ACTIONS)
        .where(before('call-action', sql.ref('x.at'), sql.ref('x.id')))
        .orderBy('x.at', 'desc')
        .orderBy('x.id', 'desc')
        .limit(take),
    );
  }
  if (wanted.has('message')) {
    branches.push(
      db
        .selectFrom('message_threads as t')
        .select([
          't.created_at as at',
          sql.lit('message').as('kind'),
          't.id as ref_id',
          nullInt.as('parent_id'),
          't.account_id as account_id',
          't.topic as label',
          't.preview as detail',
          't.state as status',
          nullInt.as('amount_cents'),
        ])
        .where('t.customer_id', '=', id)
        .where(before('message', sql.ref('t.created_at'), sql.ref('t.id')))
        .orderBy('t.created_at', 'desc')
        .orderBy('t.id', 'desc')
        .limit(take),
    );
  }
  if (wanted.has('letter')) {
    branches.push(
      db
        .selectFrom('dispute_letters as l')
        .innerJoin('disputes as d', 'd.id', 'l.dispute_id')
        .select([
          'l.created_at as at',
          sql.lit('letter').as('kind'),
          'l.id as ref_id',
          'd.id as parent_id',
          'd.account_id as account_id',
          sql<string>`${sql.lit('dispute-')} || ${sql.ref('l.kind')}`.as('label'),
          'l.channel as detail',
          'l.language as status',
          nullInt.as('amount_cents'),
        ])
        .where('d.customer_id', '=', id)
        .where(before('letter', sql.ref('l.created_at'), sql.ref('l.id')))
        .orderBy('l.created_at', 'desc')
        .orderBy('l.id', 'desc')
        .limit(take),
    );
    // Address-change letters share the 'letter' kind: their ids are kept apart by a negative ref.
    branches.push(
      db
        .selectFrom('address_change_letters as l')
        .innerJoin('address_changes as a', 'a.id', 'l.change_id')
        .select([
          'l.sent_at as at',
          sql.lit('letter').as('kind'),
          sql<number>`-${sql.ref('l.id')}`.as('ref_id'),
          'a.id as parent_id',
          nullInt.as('account_id'),
          sql<string>`${sql.lit('address-change-')} || ${sql.ref('l.recipient')}`.as('label'),
          'l.mailing_address as detail',
          'l.language as status',
          nullInt.as('amount_cents'),
        ])
        .where('a.customer_id', '=', id)
        .where(before('letter', sql.ref('l.sent_at'), sql<number>`-${sql.ref('l.id')}`))
        .orderBy('l.sent_at', 'desc')
        .orderBy('l.id', 'asc')
        .limit(take),
    );
  }
  if (wanted.has('dispute')) {
    branches.push(
      db
        .selectFrom('disputes as d')
        .select([
          'd.created_at as at',
          sql.lit('dispute').as('kind'),
          'd.id as ref_id',
          nullInt.as('parent_id'),
          'd.account_id as account_id',
          'd.error_type as label',
          'd.reason as detail',
          'd.stage as status',
          'd.disputed_cents as amount_cents',
        ])
        .where('d.customer_id', '=', id)
        .where(before('dispute', sql.ref('d.created_at'), sql.ref('d.id')))
        .orderBy('d.created_at', 'desc')
        .orderBy('d.id', 'desc')
        .limit(take),
    );
  }
  if (wanted.has('dispute-step')) {
    branches.push(
      db
        .selectFrom('dispute_events as e')
        .innerJoin('disputes as d', 'd.id', 'e.dispute_id')
        .select([
          'e.at as at',
          sql.lit('dispute-step').as('kind'),
          'e.id as ref_id',
          'd.id as parent_id',
          'd.account_id as account_id',
          'e.kind as label',
          'e.summary as detail',
          'e.actor_name as status',
          nullInt.as('amount_cents'),
        ])
        .where('d.customer_id', '=', id)
        .where(before('dispute-step', sql.ref('e.at'), sql.ref('e.id')))
        .orderBy('e.at', 'desc')
        .orderBy('e.id', 'desc')
        .limit(take),
    );
  }
  if (wanted.has('address-change')) {
    branches.push(
      db
        .selectFrom('address_changes as a')
        .select([
          'a.created_at as at',
          sql.lit('address-change').as('kind'),
          'a.id as ref_id',
          nullInt.as('parent_id'),
          nullInt.as('account_id'),
          'a.channel as label',
          sql<string>`${sql.ref('a.line1')} || ', ' || ${sql.ref('a.city')} || ' ' || ${sql.ref('a.region')} || ' ' || ${sql.ref('a.postal_code')}`.as(
            'detail',
          ),
          'a.status as status',
          nullInt.as('amount_cents'),
        ])
        .where('a.customer_id', '=', id)
        .where(before('address-change', sql.ref('a.created_at'), sql.ref('a.id')))
        .orderBy('a.created_at', 'desc')
        .orderBy('a.id', 'desc')
        .limit(take),
    );
  }
  for (const [kind, ledgerKind] of [
    ['payment', 'payment'],
    ['payment-return', 'return'],
  ] as const) {
    if (!wanted.has(kind) || input.accountIds.length === 0) continue;
    const at = sql<string>`${sql.ref('le.posted_on')} || ${DATE_ONLY_SUFFIX}`;
    let q = db
      .selectFrom('ledger_entries as le')
      .select([
        at.as('at'),
        sql.lit(kind).as('kind'),
        'le.id as ref_id',
        nullInt.as('parent_id'),
        'le.account_id as account_id',
        sql<string>`coalesce(${sql.ref('le.code')}, ${sql.lit(ledgerKind)})`.as('label'),
        'le.description as detail',
        'le.reference as status',
        'le.amount_cents as amount_cents',
      ])
      .where('le.account_id', 'in', input.accountIds)
      .where('le.kind', '=', ledgerKind);
    // The plain column bound first, so the (account_id, posted_on) index does the cutting.
    if (c) q = q.where('le.posted_on', '<=', c.at.slice(0, 10));
    branches.push(
      q
        .where(before(kind, at, sql.ref('le.id')))
        .orderBy('le.posted_on', 'desc')
        .orderBy('le.id', 'desc')
        .limit(take),
    );
  }
  if (wanted.has('easypay-change')) {
    branches.push(
      db
        .selectFrom('easypay_changes as x')
        .select([
          'x.created_at as at',
          sql.lit('easypay-change').as('kind'),
          'x.id as ref_id',
          nullInt.as('parent_id'),
          'x.account_id as account_id',
          'x.kind as label',
          'x.explanation as detail',
          sql<string | null>`cast(null as text)`.as('status'),
          nullInt.as('amount_cents'),
        ])
        .where('x.customer_id', '=', id)
        .where(before('easypay-change', sql.ref('x.created_at'), sql.ref('x.id')))
        .orderBy('x.created_at', 'desc')
        .orderBy('x.id', 'desc')
        .limit(take),
    );
  }
  if (branches.length === 0) return { rows: [], next: null };

  // Each branch is wrapped (ORDER BY / LIMIT inside a compound SELECT needs a subquery on SQLite).
  const wrapped = branches.map(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (b, i) => db.selectFrom(b.as(`b${i}`)).selectAll() as SelectQueryBuilder<DB, any, RawRow>,
  );
  let union = wrapped[0]!;
  for (const b of wrapped.slice(1)) union = union.unionAll(b);
  const raw = (await db
    .selectFrom(union.as('t'))
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('kind', 'desc')
    .orderBy('ref_id', 'desc')
    .limit(take)
    .execute()) as unknown as RawRow[];

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
