import { sql } from 'kysely';
import type { IsoDate } from '../../server/domain/dates.ts';
import type { DbOrTrx } from '../database.ts';
import type { DisputeChannel, DisputeStage } from '../schema/index.ts';

// The dispute work list: open cases (or one stage, or one customer's) by next deadline.

export interface CaseListQuery {
  stage?: DisputeStage | null;
  assignedTo?: number | null;
  customerId?: number | null;
  limit: number;
  offset: number;
}

export interface CaseListRow {
  id: number;
  stage: DisputeStage;
  noticeOn: IsoDate;
  channel: DisputeChannel;
  disputedCents: number;
  massachusetts: boolean;
  lateNotice: boolean;
  nextClock: string | null;
  nextTargetOn: IsoDate | null;
  accountNumber: string;
  customerName: string;
  assignedName: string | null;
}

/** Open cases (or one stage, or one customer's cases) by their next deadline. */
export async function listCases(db: DbOrTrx, q: CaseListQuery): Promise<CaseListRow[]> {
  let query = db
    .selectFrom('disputes as d')
    .innerJoin('customers as cu', 'cu.id', 'd.customer_id')
    .innerJoin('accounts as a', 'a.id', 'd.account_id')
    .leftJoin('users as u', 'u.id', 'd.assigned_to')
    .select([
      'd.id',
      'd.stage',
      'd.notice_on',
      'd.channel',
      'd.disputed_cents',
      'd.massachusetts',
      'd.late_notice',
      'd.next_clock',
      'd.next_target_on',
      'a.account_number',
      'u.display_name as assigned_name',
      sql<string>`coalesce(cu.business_name, cu.first_name || ' ' || cu.last_name)`.as(
        'customer_name',
      ),
    ]);
  if (q.stage) query = query.where('d.stage', '=', q.stage);
  else if (!q.customerId) query = query.where('d.stage', '<>', 'closed');
  if (q.assignedTo) query = query.where('d.assigned_to', '=', q.assignedTo);
  if (q.customerId) query = query.where('d.customer_id', '=', q.customerId);
  const rows = await query
    .orderBy(sql`d.next_target_on is null`)
    .orderBy('d.next_target_on')
    .orderBy('d.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    stage: r.stage,
    noticeOn: r.notice_on,
    channel: r.channel,
    disputedCents: r.disputed_cents,
    massachusetts: r.massachusetts === 1,
    lateNotice: r.late_notice === 1,
    nextClock: r.next_clock,
    nextTargetOn: r.next_target_on,
    accountNumber: r.account_number,
    customerName: r.customer_name,
    assignedName: r.assigned_name,
  }));
}
