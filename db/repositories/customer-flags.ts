import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../database.ts';
import type { AccountFlagsTable, CustomerFlagsTable } from '../schema/index.ts';

/**
 * Customer and account flags: verification locks (address changes), NSF (mail payments), and
 * the like. A flag is raised and later cleared, never deleted, so the 360 can show what was and
 * when.
 */
export interface Flag {
  id: number;
  kind: string;
  note: string | null;
  raisedAt: string;
  raisedBy: number | null;
  clearedAt: string | null;
  clearedBy: number | null;
  clearReason: string | null;
}

function toFlag(row: Selectable<CustomerFlagsTable> | Selectable<AccountFlagsTable>): Flag {
  return {
    id: row.id,
    kind: row.kind,
    note: row.note,
    raisedAt: row.raised_at,
    raisedBy: row.raised_by,
    clearedAt: row.cleared_at,
    clearedBy: row.cleared_by,
    clearReason: row.clear_reason,
  };
}

export async function customerFlags(
  db: DbOrTrx,
  customerId: number,
  options: { includeCleared?: boolean } = {},
): Promise<Flag[]> {
  let q = db.selectFrom('customer_flags').selectAll().where('customer_id', '=', customerId);
  if (!options.includeCleared) q = q.where('cleared_at', 'is', null);
  return (await q.orderBy('raised_at', 'desc').orderBy('id', 'desc').execute()).map(toFlag);
}

export async function accountFlags(
  db: DbOrTrx,
  accountId: number,
  options: { includeCleared?: boolean } = {},
): Promise<Flag[]> {
  let q = db.selectFrom('account_flags').selectAll().where('account_id', '=', accountId);
  if (!options.includeCleared) q = q.where('cleared_at', 'is', null);
  return (await q.orderBy('raised_at', 'desc').orderBy('id', 'desc').execute()).map(toFlag);
}

export async function raiseCustomerFlag(
  db: DbOrTrx,
  input: { customerId: number; kind: string; note?: string | null; by?: number | null },
  at: string,
): Promise<Flag> {
  const row = await db
    .insertInto('customer_flags')
    .values({
      customer_id: input.customerId,
      kind: input.kind,
      note: input.note ?? null,
      raised_at: at,
      raised_by: input.by ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toFlag(row);
}

export async function raiseAccountFlag(
  db: DbOrTrx,
  input: { accountId: number; kind: string; note?: string | null; by?: number | null },
  at: string,
): Promise<Flag> {
  const row = await db
    .insertInto('account_flags')
    .values({
      account_id: input.accountId,
      kind: input.kind,
      note: input.note ?? null,
      raised_at: at,
      raised_by: input.by ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toFlag(row);
}

/** Clears an open flag; returns false when it was already cleared or does not exist. */
export async function clearCustomerFlag(
  db: DbOrTrx,
  flagId: number,
  input: { by?: number | null; reason: string },
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('customer_flags')
    .set({ cleared_at: at, cleared_by: input.by ?? null, clear_reason: input.reason })
    .where('id', '=', flagId)
    .where('cleared_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function clearAccountFlag(
  db: DbOrTrx,
  flagId: number,
  input: { by?: number | null; reason: string },
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('account_flags')
    .set({ cleared_at: at, cleared_by: input.by ?? null, clear_reason: input.reason })
    .where('id', '=', flagId)
    .where('cleared_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
