import { sql, type Selectable } from 'kysely';
import type { DbOrTrx } from '../database.ts';
import type {
  ApprovalStatus,
  AuthorityApprovalsTable,
  AuthorityRulesTable,
  MoneyAction,
  Role,
} from '../schema/index.ts';

/** The authority matrix's rows (migration 0011): reads and writes only; rules are in server/. */

export interface AuthorityRuleRow {
  role: Role;
  action: MoneyAction;
  perItemCents: number | null;
  perCaseCents: number | null;
  perDayCents: number | null;
  secondPerson: boolean;
  updatedAt: string;
  updatedBy: number | null;
}

function toRule(row: Selectable<AuthorityRulesTable>): AuthorityRuleRow {
  return {
    role: row.role,
    action: row.action,
    perItemCents: row.per_item_cents === null ? null : Number(row.per_item_cents),
    perCaseCents: row.per_case_cents === null ? null : Number(row.per_case_cents),
    perDayCents: row.per_day_cents === null ? null : Number(row.per_day_cents),
    secondPerson: Number(row.second_person) === 1,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by === null ? null : Number(row.updated_by),
  };
}

export async function listAuthorityRules(db: DbOrTrx): Promise<AuthorityRuleRow[]> {
  const rows = await db
    .selectFrom('authority_rules')
    .selectAll()
    .orderBy('role')
    .orderBy('action')
    .execute();
  return rows.map(toRule);
}

export async function findAuthorityRule(
  db: DbOrTrx,
  role: Role,
  action: MoneyAction,
): Promise<AuthorityRuleRow | null> {
  const row = await db
    .selectFrom('authority_rules')
    .selectAll()
    .where('role', '=', role)
    .where('action', '=', action)
    .executeTakeFirst();
  return row ? toRule(row) : null;
}

export async function saveAuthorityRule(
  db: DbOrTrx,
  rule: Omit<AuthorityRuleRow, 'updatedAt' | 'updatedBy'>,
  at: string,
  by: number,
): Promise<void> {
  const values = {
    per_item_cents: rule.perItemCents,
    per_case_cents: rule.perCaseCents,
    per_day_cents: rule.perDayCents,
    second_person: rule.secondPerson ? 1 : 0,
    updated_at: at,
    updated_by: by,
  };
  await db
    .insertInto('authority_rules')
    .values({ role: rule.role, action: rule.action, ...values })
    .onConflict((oc) => oc.columns(['role', 'action']).doUpdateSet(values))
    .execute();
}

/** Cents already moved under `action`: on the case by anyone, and by the user on the day. */
export async function authorityUsage(
  db: DbOrTrx,
  q: { userId: number; action: MoneyAction; caseKey: string; localDate: string },
): Promise<{ caseCents: number; dayCents: number }> {
  const row = await db
    .selectFrom('authority_usage')
    .select([
      sql<number>`coalesce(sum(case when case_key = ${q.caseKey} then amount_cents else 0 end), 0)`.as(
        'case_cents',
      ),
      sql<number>`coalesce(sum(case when user_id = ${q.userId} and local_date = ${q.localDate} then amount_cents else 0 end), 0)`.as(
        'day_cents',
      ),
    ])
    .where('action', '=', q.action)
    .where((eb) =>
      eb.or([
        eb('case_key', '=', q.caseKey),
        eb.and([eb('user_id', '=', q.userId), eb('local_date', '=', q.localDate)]),
      ]),
    )
    .executeTakeFirst();
  return { caseCents: Number(row?.case_cents ?? 0), dayCents: Number(row?.day_cents ?? 0) };
}

export async function recordAuthorityUsage(
  db: DbOrTrx,
  usage: {
    userId: number;
    action: MoneyAction;
    caseKey: string;
    amountCents: number;
    localDate: string;
    at: string;
    approvalId: number | null;
  },
): Promise<void> {
  await db
    .insertInto('authority_usage')
    .values({
      user_id: usage.userId,
      action: usage.action,
      case_key: usage.caseKey,
      amount_cents: usage.amountCents,
      local_date: usage.localDate,
      at: usage.at,
      approval_id: usage.approvalId,
    })
    .execute();
}

export interface ApprovalRow {
  id: number;
  action: MoneyAction;
  caseKey: string;
  amountCents: number;
  largestItemCents: number;
  reasons: string[];
  status: ApprovalStatus;
  requestedBy: number;
  requestedByName: string | null;
  requestedAt: string;
  decidedBy: number | null;
  decidedAt: string | null;
  decisionNote: string | null;
  usedAt: string | null;
}

type ApprovalSelect = Selectable<AuthorityApprovalsTable> & { requested_by_name: string | null };

function toApproval(row: ApprovalSelect): ApprovalRow {
  return {
    id: Number(row.id),
    action: row.action,
    caseKey: row.case_key,
    amountCents: Number(row.amount_cents),
    largestItemCents: Number(row.largest_item_cents),
    reasons: JSON.parse(row.reasons) as string[],
    status: row.status,
    requestedBy: Number(row.requested_by),
    requestedByName: row.requested_by_name,
    requestedAt: row.requested_at,
    decidedBy: row.decided_by === null ? null : Number(row.decided_by),
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
    usedAt: row.used_at,
  };
}

function approvalsQuery(db: DbOrTrx) {
  return db
    .selectFrom('authority_approvals as a')
    .leftJoin('users as u', 'u.id', 'a.requested_by')
    .selectAll('a')
    .select('u.display_name as requested_by_name');
}

export async function findApproval(db: DbOrTrx, id: number): Promise<ApprovalRow | null> {
  const row = await approvalsQuery(db).where('a.id', '=', id).executeTakeFirst();
  return row ? toApproval(row) : null;
}

/** The maker's newest request for exactly this step still pending or approved (unused). */
export async function findOpenApproval(
  db: DbOrTrx,
  q: { userId: number; action: MoneyAction; caseKey: string; amountCents: number },
): Promise<ApprovalRow | null> {
  const row = await approvalsQuery(db)
    .where('a.requested_by', '=', q.userId)
    .where('a.action', '=', q.action)
    .where('a.case_key', '=', q.caseKey)
    .where('a.amount_cents', '=', q.amountCents)
    .where('a.status', 'in', ['pending', 'approved'])
    .orderBy('a.id', 'desc')
    .executeTakeFirst();
  return row ? toApproval(row) : null;
}

export async function listApprovals(
  db: DbOrTrx,
  status: ApprovalStatus | null,
  limit: number,
): Promise<ApprovalRow[]> {
  let q = approvalsQuery(db);
  if (status) q = q.where('a.status', '=', status);
  const rows = await q.orderBy('a.id', 'desc').limit(limit).execute();
  return rows.map(toApproval);
}

export async function insertApproval(
  db: DbOrTrx,
  a: {
    action: MoneyAction;
    caseKey: string;
    amountCents: number;
    largestItemCents: number;
    reasons: string[];
    requestedBy: number;
    at: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('authority_approvals')
    .values({
      action: a.action,
      case_key: a.caseKey,
      amount_cents: a.amountCents,
      largest_item_cents: a.largestItemCents,
      reasons: JSON.stringify(a.reasons),
      status: 'pending',
      requested_by: a.requestedBy,
      requested_at: a.at,
      decided_by: null,
      decided_at: null,
      decision_note: null,
      used_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Moves a request from `from` to `to`; false when it was no longer in `from` (a race). */
export async function setApprovalStatus(
  db: DbOrTrx,
  id: number,
  from: ApprovalStatus,
  to: ApprovalStatus,
  fields: { decidedBy?: number; decidedAt?: string; decisionNote?: string | null; usedAt?: string },
): Promise<boolean> {
  const result = await db
    .updateTable('authority_approvals')
    .set({
      status: to,
      ...(fields.decidedBy !== undefined ? { decided_by: fields.decidedBy } : {}),
      ...(fields.decidedAt !== undefined ? { decided_at: fields.decidedAt } : {}),
      ...(fields.decisionNote !== undefined ? { decision_note: fields.decisionNote } : {}),
      ...(fields.usedAt !== undefined ? { used_at: fields.usedAt } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
