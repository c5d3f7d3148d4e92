import { sql, type RawBuilder } from 'kysely';
import type { DbOrTrx } from '../database.ts';
import { storedMessage } from './calls.ts';
import type { ServerMessage } from '../../server/domain/shared/server-messages.ts';

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
  /**
   * The detail as a keyed message, for a screen in the agent's language (a call's action since
   * migration 0019); null where the detail is data (a note, a preview) or predates the key.
   */
  message: ServerMessage | null;
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
  message_json: string | null;
  status: string | null;
  amount_cents: number | string | null;
}

/** A column (`'alias.column'`) or any SQL expression. */
type Expr = string | RawBuilder<unknown>;
const expr = (e: Expr) => (typeof e === 'string' ? sql.ref(e) : e);

/**
 * One source of the timeline: where its rows live and what each column of a timeline row is.
 * Every expression is plain SQL both engines run; `at` and `ref` are also the keyset, and the
 * order (`at desc, ref desc` unless `orderBy` says otherwise) walks the source's (owner, time)
 * index. Columns left out are null.
 */
type TimelineSource = (
  | { /** The customer id column. */ customer: Expr; accountOwned?: never }
  | {
      /** The account id column: rows of the customer's accounts (the ledger). */
      accountOwned: Expr;
      customer?: never;
    }
) & {
  kind: TimelineKind;
  /** FROM (with joins). */
  from: RawBuilder<unknown>;
  at: Expr;
  ref: Expr;
  parent?: Expr;
  account?: Expr;
  label: Expr;
  detail?: Expr;
  /** The detail's keyed message (JSON of a ServerMessage), where the source keeps one. */
  message?: Expr;
  status?: Expr;
  amount?: Expr;
  orderBy?: RawBuilder<unknown>;
  /** More conditions (given the cursor), e.g. a plain column bound an index can cut on. */
  where?: (after: TimelineCursor | null) => RawBuilder<unknown>[];
};

const NULL_INT = sql`cast(null as bigint)`;
const NULL_TEXT = sql`cast(null as text)`;

/** A ledger source (payments or returns): date-only lines, sorted at noon UTC of their day. */
function ledgerSource(kind: TimelineKind, ledgerKind: 'payment' | 'return'): TimelineSource {
  return {
    kind,
    from: sql`ledger_entries le`,
    accountOwned: 'le.account_id',
    at: sql`${sql.ref('le.posted_on')} || ${DATE_ONLY_SUFFIX}`,
    ref: 'le.id',
    account: 'le.account_id',
    label: sql`coalesce(${sql.ref('le.code')}, ${sql.lit(ledgerKind)})`,
    detail: 'le.description',
    status: 'le.reference',
    amount: 'le.amount_cents',
    orderBy: sql`le.posted_on desc, le.id desc`,
    // The plain column bound first, so the (account_id, posted_on) index does the cutting.
    where: (after) => [
      sql`le.kind = ${ledgerKind}`,
      // The cursor's `at` is a sort key in UTC (a ledger line's is posted_on + 'T12:00:00.000Z'),
      // so its UTC date bounds posted_on exactly; no calendar date is shown from it.
      // eslint-disable-next-line no-restricted-syntax -- a UTC sort key's date, compared with keys of the same form
      ...(after ? [sql`le.posted_on <= ${after.at.slice(0, 10)}`] : []),
    ],
  };
}

/** Every source, in no particular order (the page is merged by time). */
const SOURCES: readonly TimelineSource[] = [
  {
    kind: 'call',
    from: sql`interactions i`,
    customer: 'i.customer_id',
    at: 'i.started_at',
    ref: 'i.id',
    label: 'i.channel',
    detail: 'i.notes',
    status: sql`coalesce(${sql.ref('i.outcome')}, ${sql.ref('i.status')})`,
  },
  {
    // What a call sent or started for the customer (a letter, a secure message, a dispute):
    // status is "<target type>:<target id>", so the screen can open the letter or the case.
    kind: 'call-action',
    from: sql`interaction_actions x inner join interactions i on i.id = x.interaction_id`,
    customer: 'i.customer_id',
    at: 'x.at',
    ref: 'x.id',
    parent: 'i.id',
    label: 'x.kind',
    detail: 'x.summary',
    message: 'x.message_json',
    status: sql`${sql.ref('x.target_type')} || ':' || ${sql.ref('x.target_id')}`,
    where: () => [sql`x.kind in (${sql.join([...CONTACT_ACTIONS])})`],
  },
  {
    kind: 'message',
    from: sql`message_threads t`,
    customer: 't.customer_id',
    at: 't.created_at',
    ref: 't.id',
    account: 't.account_id',
    label: 't.topic',
    detail: 't.preview',
    status: 't.state',
  },
  {
    kind: 'letter',
    from: sql`dispute_letters l inner join disputes d on d.id = l.dispute_id`,
    customer: 'd.customer_id',
    at: 'l.created_at',
    ref: 'l.id',
    parent: 'd.id',
    account: 'd.account_id',
    label: sql`${sql.lit('dispute-')} || ${sql.ref('l.kind')}`,
    detail: 'l.channel',
    status: 'l.language',
  },
  {
    // Address-change letters share the 'letter' kind: their ids are kept apart by a negative ref.
    kind: 'letter',
    from: sql`address_change_letters l inner join address_changes a on a.id = l.change_id`,
    customer: 'a.customer_id',
    at: 'l.sent_at',
    ref: sql`-${sql.ref('l.id')}`,
    parent: 'a.id',
    label: sql`${sql.lit('address-change-')} || ${sql.ref('l.recipient')}`,
    detail: 'l.mailing_address',
    status: 'l.language',
    orderBy: sql`l.sent_at desc, l.id asc`,
  },
  {
    kind: 'dispute',
    from: sql`disputes d`,
    customer: 'd.customer_id',
    at: 'd.created_at',
    ref: 'd.id',
    account: 'd.account_id',
    label: 'd.error_type',
    detail: 'd.reason',
    status: 'd.stage',
    amount: 'd.disputed_cents',
  },
  {
    kind: 'dispute-step',
    from: sql`dispute_events e inner join disputes d on d.id = e.dispute_id`,
    customer: 'd.customer_id',
    at: 'e.at',
    ref: 'e.id',
    parent: 'd.id',
    account: 'd.account_id',
    label: 'e.kind',
    detail: 'e.summary',
    status: 'e.actor_name',
  },
  {
    kind: 'address-change',
    from: sql`address_changes a`,
    customer: 'a.customer_id',
    at: 'a.created_at',
    ref: 'a.id',
    label: 'a.channel',
    detail: sql`${sql.ref('a.line1')} || ', ' || ${sql.ref('a.city')} || ' ' || ${sql.ref('a.region')} || ' ' || ${sql.ref('a.postal_code')}`,
    status: 'a.status',
  },
  ledgerSource('payment', 'payment'),
  ledgerSource('payment-return', 'return'),
  {
    kind: 'easypay-change',
    from: sql`easypay_changes x`,
    customer: 'x.customer_id',
    at: 'x.created_at',
    ref: 'x.id',
    account: 'x.account_id',
    label: 'x.kind',
    detail: 'x.explanation',
  },
];

/**
 * The keyset condition of a source whose kind is the constant `kind`: rows after the cursor in
 * the page order (at desc, kind desc, ref desc).
 */
function before(s: TimelineSource, c: TimelineCursor | null) {
  if (c === null) return sql`1 = 1`;
  const [at, ref] = [expr(s.at), expr(s.ref)];
  if (s.kind < c.kind) return sql`${at} <= ${c.at}`;
  if (s.kind > c.kind) return sql`${at} < ${c.at}`;
  return sql`(${at} < ${c.at} or (${at} = ${c.at} and ${ref} < ${c.ref}))`;
}

/** One source's branch: its rows of this customer after the cursor, cut to `take`. */
function branch(
  s: TimelineSource,
  input: { customerId: number; accountIds: readonly number[] },
  c: TimelineCursor | null,
  take: number,
) {
  const owner =
    s.accountOwned === undefined
      ? sql`${expr(s.customer)} = ${input.customerId}`
      : sql`${expr(s.accountOwned)} in (${sql.join(input.accountIds)})`;
  const where = [owner, ...(s.where?.(c) ?? []), before(s, c)];
  const or = (e: Expr | undefined, none: RawBuilder<unknown>) => (e === undefined ? none : expr(e));
  return sql`select ${expr(s.at)} as at, ${sql.lit(s.kind)} as kind, ${expr(s.ref)} as ref_id,
      ${or(s.parent, NULL_INT)} as parent_id, ${or(s.account, NULL_INT)} as account_id,
      ${expr(s.label)} as label, ${or(s.detail, NULL_TEXT)} as detail,
      ${or(s.message, NULL_TEXT)} as message_json,
      ${or(s.status, NULL_TEXT)} as status, ${or(s.amount, NULL_INT)} as amount_cents
    from ${s.from}
    where ${sql.join(where, sql` and `)}
    order by ${s.orderBy ?? sql`${expr(s.at)} desc, ${expr(s.ref)} desc`}
    limit ${sql.lit(Math.trunc(take))}`; // written, not bound: SQLite re-plans a bound LIMIT in a subquery on every run
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
    (s) => wanted.has(s.kind) && (s.accountOwned === undefined || input.accountIds.length > 0),
  );
  if (sources.length === 0) return { rows: [], next: null };

  // Each branch is wrapped (ORDER BY / LIMIT inside a compound SELECT needs a subquery on SQLite).
  const union = sql.join(
    sources.map((s, i) => sql`select * from (${branch(s, input, c, take)}) as ${sql.raw(`b${i}`)}`),
    sql` union all `,
  );
  const { rows: raw } = await sql<RawRow>`
    select * from (${union}) as t
    order by ${sql.ref('at')} desc, ${sql.ref('kind')} desc, ${sql.ref('ref_id')} desc
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
    message: storedMessage(r.message_json),
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
