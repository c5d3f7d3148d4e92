import type { IsoDate } from '../../server/domain/dates.ts';
import type { DbOrTrx } from '../database.ts';
import type { DisputeStage } from '../schema/index.ts';

// Clocks: the computed dates, stored so the cockpit can aggregate with indexed SQL. The dates
// are computed by server/disputes/refresh-clocks.ts (the rule lives in server/domain/).

/** A clock's stored dates (what `dispute_clocks` holds per case and clock). */
export interface StoredClock {
  id: string;
  owner: 'lender' | 'customer';
  kind: 'deadline' | 'not_before';
  applicable: boolean;
  startOn: IsoDate | null;
  legalDue: IsoDate | null;
  target: IsoDate | null;
  atRiskFrom: IsoDate | null;
  completedOn: IsoDate | null;
  suspendedFrom: IsoDate | null;
}

/** Replaces a case's stored clocks; `closedOn` freezes the open ones. */
export async function writeClocks(
  db: DbOrTrx,
  disputeId: number,
  clocks: readonly StoredClock[],
  closedOn: IsoDate | null,
): Promise<void> {
  await db.deleteFrom('dispute_clocks').where('dispute_id', '=', disputeId).execute();
  if (clocks.length === 0) return;
  await db
    .insertInto('dispute_clocks')
    .values(
      clocks.map((s) => ({
        dispute_id: disputeId,
        clock_id: s.id,
        owner: s.owner,
        kind: s.kind,
        applicable: s.applicable ? 1 : 0,
        start_on: s.startOn,
        legal_due_on: s.legalDue,
        target_on: s.target,
        at_risk_from: s.atRiskFrom,
        completed_on: s.completedOn,
        frozen_on: closedOn && !s.completedOn ? closedOn : null,
        suspended_from: s.suspendedFrom,
      })),
    )
    .execute();
}

/** Stores the stage and next deadline derived from the clocks (list order, filters). */
export async function writeCaseSchedule(
  db: DbOrTrx,
  id: number,
  schedule: {
    stage: DisputeStage;
    nextClock: string | null;
    nextTargetOn: IsoDate | null;
    lateNotice: boolean;
  },
): Promise<void> {
  await db
    .updateTable('disputes')
    .set({
      stage: schedule.stage,
      late_notice: schedule.lateNotice ? 1 : 0,
      next_clock: schedule.nextClock,
      next_target_on: schedule.nextTargetOn,
    })
    .where('id', '=', id)
    .execute();
}

/** Ids and policy versions of every open case. */
export async function openCaseIds(
  db: DbOrTrx,
): Promise<Array<{ id: number; policyVersion: number }>> {
  const rows = await db
    .selectFrom('disputes')
    .select(['id', 'policy_version'])
    .where('stage', '<>', 'closed')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, policyVersion: r.policy_version }));
}
