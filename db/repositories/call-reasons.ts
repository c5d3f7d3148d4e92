import type { DbOrTrx } from '../database.ts';

/** Call reason codes (configuration): rows only. */

export interface CallReason {
  code: string;
  labelEn: string;
  labelFr: string;
  active: boolean;
}

export interface CallReasonRow extends CallReason {
  sortOrder: number;
}

/** Every reason code (retired ones too: old calls still name them), in display order. */
export async function callReasonRows(db: DbOrTrx): Promise<CallReasonRow[]> {
  const rows = await db
    .selectFrom('call_reasons')
    .selectAll()
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    labelEn: r.label_en,
    labelFr: r.label_fr,
    active: r.active === 1,
    sortOrder: Number(r.sort_order),
  }));
}

export async function findCallReason(db: DbOrTrx, code: string): Promise<CallReasonRow | null> {
  return (await callReasonRows(db)).find((r) => r.code === code) ?? null;
}

export async function insertCallReason(db: DbOrTrx, row: CallReasonRow): Promise<void> {
  await db
    .insertInto('call_reasons')
    .values({
      code: row.code,
      label_en: row.labelEn,
      label_fr: row.labelFr,
      sort_order: row.sortOrder,
      active: row.active ? 1 : 0,
    })
    .execute();
}

export async function updateCallReason(
  db: DbOrTrx,
  code: string,
  patch: Partial<Omit<CallReasonRow, 'code'>>,
): Promise<void> {
  await db
    .updateTable('call_reasons')
    .set({
      ...(patch.labelEn !== undefined && { label_en: patch.labelEn }),
      ...(patch.labelFr !== undefined && { label_fr: patch.labelFr }),
      ...(patch.sortOrder !== undefined && { sort_order: patch.sortOrder }),
      ...(patch.active !== undefined && { active: patch.active ? 1 : 0 }),
    })
    .where('code', '=', code)
    .execute();
}

/** The reason codes as the call screen offers them (retired ones included, flagged). */
export async function listCallReasons(db: DbOrTrx): Promise<CallReason[]> {
  return (await callReasonRows(db)).map(({ sortOrder: _sortOrder, ...reason }) => reason);
}
