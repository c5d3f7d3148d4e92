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

/**
 * Customer and account flags are two tables of one shape (only the owner column differs): each
 * query is written once and names its table. Kysely types the statement as the customer table;
 * the account table has the same columns but its owner's, so the cast is exact for what is used.
 */
const TABLES = {
  customer: { table: 'customer_flags', owner: 'customer_id' },
  account: { table: 'account_flags', owner: 'account_id' },
} as const;
type FlagOwner = keyof typeof TABLES;
const tableOf = (owner: FlagOwner) => TABLES[owner].table as 'customer_flags';
const ownerColumnOf = (owner: FlagOwner) => TABLES[owner].owner as 'customer_id';

async function flagsOf(
  db: DbOrTrx,
  owner: FlagOwner,
  ownerId: number,
  options: { includeCleared?: boolean },
): Promise<Flag[]> {
  let q = db.selectFrom(tableOf(owner)).selectAll().where(ownerColumnOf(owner), '=', ownerId);
  if (!options.includeCleared) q = q.where('cleared_at', 'is', null);
  return (await q.orderBy('raised_at', 'desc').orderBy('id', 'desc').execute()).map(toFlag);
}

async function raiseFlag(
  db: DbOrTrx,
  owner: FlagOwner,
  input: { ownerId: number; kind: string; note?: string | null; by?: number | null },
  at: string,
): Promise<Flag> {
  const row = await db
    .insertInto(tableOf(owner))
    .values({
      [ownerColumnOf(owner)]: input.ownerId,
      kind: input.kind,
      note: input.note ?? null,
      raised_at: at,
      raised_by: input.by ?? null,
    } as {
      customer_id: number;
      kind: string;
      note: string | null;
      raised_at: string;
      raised_by: number | null;
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toFlag(row);
}

/** Clears an open flag; returns false when it was already cleared or does not exist. */
async function clearFlag(
  db: DbOrTrx,
  owner: FlagOwner,
  flagId: number,
  input: { by?: number | null; reason: string },
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable(tableOf(owner))
    .set({ cleared_at: at, cleared_by: input.by ?? null, clear_reason: input.reason })
    .where('id', '=', flagId)
    .where('cleared_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

type FlagInput = { kind: string; note?: string | null; by?: number | null };
type ClearInput = { by?: number | null; reason: string };

export const customerFlags = (
  db: DbOrTrx,
  customerId: number,
  options: { includeCleared?: boolean } = {},
) => flagsOf(db, 'customer', customerId, options);
export const accountFlags = (
  db: DbOrTrx,
  accountId: number,
  options: { includeCleared?: boolean } = {},
) => flagsOf(db, 'account', accountId, options);
export const raiseCustomerFlag = (
  db: DbOrTrx,
  input: FlagInput & { customerId: number },
  at: string,
) => raiseFlag(db, 'customer', { ...input, ownerId: input.customerId }, at);
export const raiseAccountFlag = (
  db: DbOrTrx,
  input: FlagInput & { accountId: number },
  at: string,
) => raiseFlag(db, 'account', { ...input, ownerId: input.accountId }, at);
export const clearCustomerFlag = (db: DbOrTrx, flagId: number, input: ClearInput, at: string) =>
  clearFlag(db, 'customer', flagId, input, at);
export const clearAccountFlag = (db: DbOrTrx, flagId: number, input: ClearInput, at: string) =>
  clearFlag(db, 'account', flagId, input, at);
