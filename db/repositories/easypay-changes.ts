import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../database.ts';
import type { EasyPayChangesTable } from '../schema/index.ts';

/** EasyPay change records (cancellations, enrolments) and the account's enrolment flag: rows only. */

export interface EasyPayChange {
  id: number;
  accountId: number;
  customerId: number;
  interactionId: number | null;
  kind: 'cancel' | 'enrol';
  channel: 'phone' | 'mail' | 'portal';
  requestedOn: string;
  stopsDueOn: string | null;
  stopsDebitOn: string | null;
  goesAheadDueOn: string | null;
  goesAheadDebitOn: string | null;
  explanation: string;
  createdAt: string;
}

function toEasyPayChange(r: Selectable<EasyPayChangesTable>): EasyPayChange {
  return {
    id: r.id,
    accountId: r.account_id,
    customerId: r.customer_id,
    interactionId: r.interaction_id,
    kind: r.kind,
    channel: r.channel,
    requestedOn: r.requested_on,
    stopsDueOn: r.stops_due_on,
    stopsDebitOn: r.stops_debit_on,
    goesAheadDueOn: r.goes_ahead_due_on,
    goesAheadDebitOn: r.goes_ahead_debit_on,
    explanation: r.explanation,
    createdAt: r.created_at,
  };
}

export async function insertEasyPayChange(
  db: DbOrTrx,
  input: Omit<EasyPayChange, 'id'> & { bankLast4: string | null; createdBy: number | null },
): Promise<EasyPayChange> {
  const row = await db
    .insertInto('easypay_changes')
    .values({
      account_id: input.accountId,
      customer_id: input.customerId,
      interaction_id: input.interactionId,
      kind: input.kind,
      channel: input.channel,
      requested_on: input.requestedOn,
      stops_due_on: input.stopsDueOn,
      stops_debit_on: input.stopsDebitOn,
      goes_ahead_due_on: input.goesAheadDueOn,
      goes_ahead_debit_on: input.goesAheadDebitOn,
      explanation: input.explanation,
      bank_last4: input.bankLast4,
      created_at: input.createdAt,
      created_by: input.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEasyPayChange(row);
}

export async function easyPayChangesOfAccount(
  db: DbOrTrx,
  accountId: number,
): Promise<EasyPayChange[]> {
  const rows = await db
    .selectFrom('easypay_changes')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toEasyPayChange);
}

/** Ends an EasyPay enrolment on the account (the change record says which debit it stops). */
export async function setEasyPayEnrolled(
  db: DbOrTrx,
  accountId: number,
  enrolled: boolean,
  at: string,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ easypay_enrolled: enrolled ? 1 : 0, updated_at: at })
    .where('id', '=', accountId)
    .execute();
}
