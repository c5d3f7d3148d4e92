import type { DbOrTrx } from '../database.ts';

/** Letters produced from a call (the payoff quote), with their PDF (migration 0015). */

export interface CallLetter {
  id: number;
  interactionId: number;
  customerId: number;
  accountId: number;
  kind: 'payoff-quote';
  language: 'en' | 'fr';
  addressedTo: string;
  asOf: string;
  goodThrough: string;
  payoffCents: number;
  perDiemCents: number;
  createdAt: string;
}

export async function insertCallLetter(
  db: DbOrTrx,
  input: Omit<CallLetter, 'id'> & { body: string; pdf: Buffer; sha256: string; createdBy: number },
): Promise<CallLetter> {
  const row = await db
    .insertInto('call_letters')
    .values({
      interaction_id: input.interactionId,
      customer_id: input.customerId,
      account_id: input.accountId,
      kind: input.kind,
      language: input.language,
      addressed_to: input.addressedTo,
      body: input.body,
      pdf: input.pdf,
      sha256: input.sha256,
      as_of: input.asOf,
      good_through: input.goodThrough,
      payoff_cents: input.payoffCents,
      per_diem_cents: input.perDiemCents,
      created_at: input.createdAt,
      created_by: input.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { body: _b, pdf: _p, sha256: _s, createdBy: _c, ...letter } = input;
  return { id: Number(row.id), ...letter };
}

/** One call letter with its PDF and text, or null. */
export async function findCallLetter(db: DbOrTrx, id: number) {
  const row = await db
    .selectFrom('call_letters')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: Number(row.id),
    interactionId: Number(row.interaction_id),
    customerId: Number(row.customer_id),
    kind: row.kind,
    language: row.language,
    body: row.body,
    pdf: Buffer.from(row.pdf),
  };
}
