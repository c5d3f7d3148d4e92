import type { Selectable } from 'kysely';
import type { IsoDate } from '../../server/domain/dates.ts';
import type { DbOrTrx } from '../database.ts';
import type { DisputePoliciesTable } from '../schema/index.ts';

// Dispute policy versions: stored rows only (parsed and validated by server/disputes/policies.ts).

/** A stored policy version; `document` is the JSON as stored (parsed by the use case). */
export interface PolicyRow {
  version: number;
  effectiveFrom: IsoDate;
  reviewedBy: string;
  reviewedOn: IsoDate;
  notes: string | null;
  createdAt: string;
  document: unknown;
}

function toPolicyRow(r: Selectable<DisputePoliciesTable>): PolicyRow {
  return {
    version: r.version,
    effectiveFrom: r.effective_from,
    reviewedBy: r.reviewed_by,
    reviewedOn: r.reviewed_on,
    notes: r.notes,
    createdAt: r.created_at,
    document: JSON.parse(r.policy_json) as unknown,
  };
}

/** Every policy version, newest first. */
export async function policyRows(db: DbOrTrx): Promise<PolicyRow[]> {
  const rows = await db
    .selectFrom('dispute_policies')
    .selectAll()
    .orderBy('version', 'desc')
    .execute();
  return rows.map(toPolicyRow);
}

export async function policyRow(db: DbOrTrx, version: number): Promise<PolicyRow | null> {
  const row = await db
    .selectFrom('dispute_policies')
    .selectAll()
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? toPolicyRow(row) : null;
}

/** The newest version effective on or before a date. */
export async function policyRowInEffect(db: DbOrTrx, on: IsoDate): Promise<PolicyRow | null> {
  const row = await db
    .selectFrom('dispute_policies')
    .selectAll()
    .where('effective_from', '<=', on)
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toPolicyRow(row) : null;
}

/** Inserts a published policy version (rows are immutable once written). */
export async function insertPolicy(
  db: DbOrTrx,
  row: Omit<PolicyRow, 'document'> & { document: unknown },
): Promise<void> {
  await db
    .insertInto('dispute_policies')
    .values({
      version: row.version,
      effective_from: row.effectiveFrom,
      reviewed_by: row.reviewedBy,
      reviewed_on: row.reviewedOn,
      policy_json: JSON.stringify(row.document),
      notes: row.notes,
      created_at: row.createdAt,
    })
    .execute();
}
