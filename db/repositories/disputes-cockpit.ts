import { sql } from 'kysely';
import type { IsoDate } from '../../server/domain/dates.ts';
import type { DayCount } from '../../server/domain/weekly-trend.ts';
import { isPostgres, type DbOrTrx } from '../database.ts';

/**
 * The supervisor's dispute cockpit: aggregates over the stored clock dates (dispute_clocks),
 * so a request is a handful of indexed SQL queries whatever the number of cases, never a run
 * of the deadline engine per case. The state rules are those of clockStateOn
 * (server/domain/dispute-deadlines.ts) applied to the stored dates for `today`:
 *   open      = started, not completed, case not closed (frozen_on null), kind 'deadline'
 *   suspended = open and suspended_from <= today (another clock's outcome lifted the duty)
 *   breached  = open, not suspended, and legal_due_on < today
 *   at risk   = open, not suspended, and at_risk_from <= today <= legal_due_on
 *   due today = open, not suspended, and target_on = today
 */

export type CockpitFilter = 'open' | 'due_today' | 'at_risk' | 'breached' | 'suspended';

/**
 * SQLite is told which covering index to walk (its planner otherwise picks a narrower one);
 * PostgreSQL has no such hint and plans these from its statistics.
 */
const indexedBy = (db: DbOrTrx, index: string) =>
  isPostgres(db) ? sql`` : sql.raw(`indexed by ${index}`);

/** How many rows meet a condition (SQLite's `sum(bool)`, written so PostgreSQL reads it too). */
const countIf = (condition: ReturnType<typeof sql>) =>
  sql<number>`sum(case when ${condition} then 1 else 0 end)`;

const OPEN = sql`c.completed_on is null and c.frozen_on is null and c.start_on is not null and c.kind = 'deadline'`;

/** Not suspended on `today` (a suspended clock is never due, at risk or breached). */
const live = (today: IsoDate) => sql`(c.suspended_from is null or c.suspended_from > ${today})`;
const suspendedOn = (today: IsoDate) => sql`c.suspended_from <= ${today}`;

export interface ClockCounts {
  clockId: string;
  owner: 'lender' | 'customer';
  open: number;
  dueToday: number;
  atRisk: number;
  breached: number;
  suspended: number;
}

export async function countsPerClock(db: DbOrTrx, today: IsoDate): Promise<ClockCounts[]> {
  // Two passes: a plain count of every open clock (a covering index scan), then the states over
  // only the clocks already at risk or worse (due today implies at risk).
  const open = await sql<{ clock_id: string; owner: 'lender' | 'customer'; open: number }>`
    select c.clock_id, c.owner, count(*) as open
    from dispute_clocks c ${indexedBy(db, 'dispute_clocks_open')}
    where ${OPEN}
    group by c.clock_id, c.owner`.execute(db);
  const risky = await sql<{
    clock_id: string;
    due_today: number;
    at_risk: number;
    breached: number;
    suspended: number;
  }>`
    select c.clock_id,
      ${countIf(sql`c.target_on = ${today} and ${live(today)}`)} as due_today,
      ${countIf(sql`c.legal_due_on >= ${today} and ${live(today)}`)} as at_risk,
      ${countIf(sql`c.legal_due_on < ${today} and ${live(today)}`)} as breached,
      ${countIf(suspendedOn(today))} as suspended
    from dispute_clocks c ${indexedBy(db, 'dispute_clocks_open_risk')}
    where ${OPEN} and c.at_risk_from <= ${today}
    group by c.clock_id`.execute(db);
  const byClock = new Map(risky.rows.map((r) => [r.clock_id, r]));
  return open.rows.map((x) => ({
    clockId: x.clock_id,
    owner: x.owner,
    open: x.open,
    dueToday: byClock.get(x.clock_id)?.due_today ?? 0,
    atRisk: byClock.get(x.clock_id)?.at_risk ?? 0,
    breached: byClock.get(x.clock_id)?.breached ?? 0,
    suspended: byClock.get(x.clock_id)?.suspended ?? 0,
  }));
}

export interface AgentCounts {
  userId: number | null;
  name: string;
  openCases: number;
  dueToday: number;
  atRisk: number;
  breached: number;
}

/**
 * Lender clocks per assigned agent (customer windows are not an agent's breach). Only clocks at
 * risk or worse are read (due today implies at risk: the at-risk date is never after the target).
 */
export async function countsPerAgent(db: DbOrTrx, today: IsoDate): Promise<AgentCounts[]> {
  const clocks = await sql<{
    user_id: number | null;
    due_today: number;
    at_risk: number;
    breached: number;
  }>`
    select d.assigned_to as user_id,
      ${countIf(sql`c.target_on = ${today} and ${live(today)}`)} as due_today,
      ${countIf(sql`c.at_risk_from <= ${today} and c.legal_due_on >= ${today} and ${live(today)}`)} as at_risk,
      ${countIf(sql`c.legal_due_on < ${today} and ${live(today)}`)} as breached
    from dispute_clocks c ${indexedBy(db, 'dispute_clocks_open_risk')}
    join disputes d on d.id = c.dispute_id
    where ${OPEN} and c.owner = 'lender' and c.at_risk_from <= ${today}
    group by d.assigned_to`.execute(db);
  const open = await sql<{ user_id: number | null; n: number }>`
    select assigned_to as user_id, count(*) as n from disputes ${indexedBy(db, 'disputes_open_age')}
    where stage <> 'closed' group by assigned_to`.execute(db);
  const users = await db.selectFrom('users').select(['id', 'display_name']).execute();
  const nameOf = new Map(users.map((u) => [u.id, u.display_name]));
  const byUser = new Map<number | null, AgentCounts>();
  const get = (id: number | null) => {
    let row = byUser.get(id);
    if (!row) {
      row = {
        userId: id,
        name: id === null ? '' : (nameOf.get(id) ?? `#${id}`),
        openCases: 0,
        dueToday: 0,
        atRisk: 0,
        breached: 0,
      };
      byUser.set(id, row);
    }
    return row;
  };
  for (const o of open.rows) get(o.user_id).openCases = o.n;
  for (const c of clocks.rows)
    Object.assign(get(c.user_id), {
      dueToday: c.due_today ?? 0,
      atRisk: c.at_risk ?? 0,
      breached: c.breached ?? 0,
    });
  return [...byUser.values()].sort(
    (a, b) => b.breached - a.breached || b.atRisk - a.atRisk || b.openCases - a.openCases,
  );
}

export interface AgingBucket {
  bucket: string;
  cases: number;
}

/** Open cases by calendar days since the notice. */
export async function agingBuckets(db: DbOrTrx, today: IsoDate): Promise<AgingBucket[]> {
  const r = await sql<{ bucket: string; n: number }>`
    select case
        when age <= 10 then '0-10'
        when age <= 20 then '11-20'
        when age <= 45 then '21-45'
        when age <= 90 then '46-90'
        else '90+' end as bucket,
      count(*) as n
    from (select ${
      isPostgres(db)
        ? sql`cast(${today} as date) - cast(notice_on as date)`
        : sql`cast(julianday(${today}) - julianday(notice_on) as integer)`
    } as age
          from disputes ${indexedBy(db, 'disputes_open_age')} where stage <> 'closed') as open_cases
    group by bucket`.execute(db);
  const order = ['0-10', '11-20', '21-45', '46-90', '90+'];
  const map = new Map(r.rows.map((x) => [x.bucket, x.n]));
  return order.map((bucket) => ({ bucket, cases: map.get(bucket) ?? 0 }));
}

/**
 * Cases opened and closed, and lender deadlines breached, per calendar day from `first` through
 * `today` (summed into weeks by weeklyTrend, server/domain/weekly-trend.ts).
 */
export async function dailyTrendCounts(
  db: DbOrTrx,
  first: IsoDate,
  today: IsoDate,
): Promise<{ opened: DayCount[]; closed: DayCount[]; breaches: DayCount[] }> {
  // Grouped by day (a streaming group-by over each covering index); the caller sums weeks.
  const opened = await sql<DayCount>`
    select notice_on as d, count(*) as n from disputes ${indexedBy(db, 'disputes_notice')}
    where notice_on >= ${first} and notice_on <= ${today} group by notice_on`.execute(db);
  const closed = await sql<DayCount>`
    select closed_on as d, count(*) as n from disputes ${indexedBy(db, 'disputes_closed')}
    where closed_on is not null and closed_on >= ${first} and closed_on <= ${today} group by closed_on`.execute(
    db,
  );
  // A breach is counted in the week its legal date passed: met late, or still open after it.
  const late = await sql<DayCount>`
    select legal_due_on as d, count(*) as n from dispute_clocks ${indexedBy(db, 'dispute_clocks_late')}
    where completed_on > legal_due_on and legal_due_on >= ${first} and legal_due_on < ${today}
      and owner = 'lender' and kind = 'deadline'
      and (suspended_from is null or suspended_from > completed_on)
    group by legal_due_on`.execute(db);
  const stillOpen = await sql<DayCount>`
    select c.legal_due_on as d, count(*) as n from dispute_clocks c ${indexedBy(db, 'dispute_clocks_open_risk')}
    where ${OPEN} and c.at_risk_from <= ${today} and c.owner = 'lender' and ${live(today)}
      and c.legal_due_on >= ${first} and c.legal_due_on < ${today}
    group by c.legal_due_on`.execute(db);
  return { opened: opened.rows, closed: closed.rows, breaches: [...late.rows, ...stillOpen.rows] };
}

export interface CockpitCaseRow {
  disputeId: number;
  clockId: string;
  owner: 'lender' | 'customer';
  targetOn: IsoDate;
  legalDueOn: IsoDate;
  atRiskFrom: IsoDate | null;
  suspendedFrom: IsoDate | null;
  noticeOn: IsoDate;
  stage: string;
  massachusetts: boolean;
  customerName: string;
  accountNumber: string;
  assignedTo: number | null;
  assignedName: string | null;
  disputedCents: number;
}

export interface CockpitCasesQuery {
  today: IsoDate;
  filter: CockpitFilter;
  clockId?: string | null;
  /** Assigned agent; 0 = unassigned; undefined = everyone. */
  agentId?: number | null;
  limit: number;
  offset?: number;
}

/** The clocks behind a cockpit number (drill-down and CSV), earliest target first. */
export async function cockpitCases(db: DbOrTrx, q: CockpitCasesQuery): Promise<CockpitCaseRow[]> {
  const t = q.today;
  const stateFilter =
    q.filter === 'due_today'
      ? sql`c.target_on = ${t} and ${live(t)}`
      : q.filter === 'at_risk'
        ? sql`c.at_risk_from <= ${t} and c.legal_due_on >= ${t} and ${live(t)}`
        : q.filter === 'breached'
          ? sql`c.legal_due_on < ${t} and ${live(t)}`
          : q.filter === 'suspended'
            ? suspendedOn(t)
            : sql`1 = 1`;
  const clockFilter = q.clockId ? sql`and c.clock_id = ${q.clockId}` : sql``;
  const agentFilter =
    q.agentId === undefined || q.agentId === null
      ? sql``
      : q.agentId === 0
        ? sql`and d.assigned_to is null and c.owner = 'lender'`
        : sql`and d.assigned_to = ${q.agentId} and c.owner = 'lender'`;
  const r = await sql<{
    dispute_id: number;
    clock_id: string;
    owner: 'lender' | 'customer';
    target_on: string;
    legal_due_on: string;
    at_risk_from: string | null;
    suspended_from: string | null;
    notice_on: string;
    stage: string;
    massachusetts: number;
    customer_name: string;
    account_number: string;
    assigned_to: number | null;
    assigned_name: string | null;
    disputed_cents: number;
  }>`
    select c.dispute_id, c.clock_id, c.owner, c.target_on, c.legal_due_on, c.at_risk_from,
      c.suspended_from, d.notice_on, d.stage, d.massachusetts, d.assigned_to, d.disputed_cents,
      coalesce(cu.business_name, cu.first_name || ' ' || cu.last_name) as customer_name,
      a.account_number, u.display_name as assigned_name
    from dispute_clocks c ${indexedBy(db, 'dispute_clocks_open_target')}
    join disputes d on d.id = c.dispute_id
    join customers cu on cu.id = d.customer_id
    join accounts a on a.id = d.account_id
    left join users u on u.id = d.assigned_to
    where ${OPEN} and c.target_on is not null and ${stateFilter} ${clockFilter} ${agentFilter}
    order by c.target_on, c.dispute_id, c.clock_id
    limit ${q.limit} offset ${q.offset ?? 0}`.execute(db);
  return r.rows.map((x) => ({
    disputeId: x.dispute_id,
    clockId: x.clock_id,
    owner: x.owner,
    targetOn: x.target_on,
    legalDueOn: x.legal_due_on,
    atRiskFrom: x.at_risk_from,
    suspendedFrom: x.suspended_from,
    noticeOn: x.notice_on,
    stage: x.stage,
    massachusetts: x.massachusetts === 1,
    customerName: x.customer_name,
    accountNumber: x.account_number,
    assignedTo: x.assigned_to,
    assignedName: x.assigned_name,
    disputedCents: x.disputed_cents,
  }));
}
