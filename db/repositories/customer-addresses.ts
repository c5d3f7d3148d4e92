import type { ExpressionBuilder, Selectable } from 'kysely';
import type { IsoDate } from '../../server/domain/dates.ts';
import type { DbOrTrx } from '../database.ts';
import type { Country, CustomerAddressesTable, DB } from '../schema/index.ts';

/**
 * Customer addresses, effective-dated: a change adds a row from a date and closes the one
 * before, so the address on any date (letters, the 360's history) can be read back.
 */

export interface Address {
  id: number;
  customerId: number;
  line1: string;
  line2: string | null;
  city: string;
  region: string;
  postalCode: string;
  country: Country;
  effectiveFrom: IsoDate;
  /** Exclusive; null while it has no successor. */
  effectiveTo: IsoDate | null;
  source: string;
  createdAt: string;
  createdBy: number | null;
}

export function toAddress(row: Selectable<CustomerAddressesTable>): Address {
  return {
    id: row.id,
    customerId: row.customer_id,
    line1: row.line1,
    line2: row.line2,
    city: row.city,
    region: row.region,
    postalCode: row.postal_code,
    country: row.country,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    source: row.source,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/**
 * The effective-dating rule of addresses as a Kysely filter: the row in effect on `date`
 * (`effective_from` inclusive, `effective_to` exclusive). Every "address on date D" query uses it.
 *
 * @example db.selectFrom('customer_addresses').selectAll().where(inEffectOn('2026-11-20'))
 */
export function inEffectOn(date: IsoDate) {
  return (eb: ExpressionBuilder<DB, 'customer_addresses'>) =>
    eb.and([
      eb('effective_from', '<=', date),
      eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', date)]),
    ]);
}

/**
 * The address in effect for a customer on `date` (effective_from <= date < effective_to), or
 * null when none was (yet).
 *
 * @example await addressAsOf(db, 42, '2026-11-23')
 */
export async function addressAsOf(
  db: DbOrTrx,
  customerId: number,
  date: IsoDate,
): Promise<Address | null> {
  const row = await db
    .selectFrom('customer_addresses')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where(inEffectOn(date))
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toAddress(row) : null;
}

/** Every address the customer has had or will have, newest first. */
export async function addressHistory(db: DbOrTrx, customerId: number): Promise<Address[]> {
  const rows = await db
    .selectFrom('customer_addresses')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toAddress);
}

export interface NewAddress {
  customerId: number;
  line1: string;
  line2?: string | null;
  city: string;
  region: string;
  postalCode: string;
  country: Country;
  effectiveFrom: IsoDate;
  source: string;
  createdBy?: number | null;
}

/**
 * Adds an address to the history, effective from `effectiveFrom`. Earlier rows are never
 * rewritten: the address in effect on that day gets `effective_to = effectiveFrom` (one that
 * started the same day gets an empty range: superseded), and the new one ends where the next
 * later address (a future-dated move) begins.
 * Run it inside the caller's transaction.
 */
export async function addAddress(db: DbOrTrx, input: NewAddress, at: string): Promise<Address> {
  const later = await db
    .selectFrom('customer_addresses')
    .select('effective_from')
    .where('customer_id', '=', input.customerId)
    .where('effective_from', '>', input.effectiveFrom)
    .orderBy('effective_from')
    .limit(1)
    .executeTakeFirst();
  // Rows starting the same day end that day: an empty range, i.e. superseded before it applied.
  await db
    .updateTable('customer_addresses')
    .set({ effective_to: input.effectiveFrom })
    .where('customer_id', '=', input.customerId)
    .where('effective_from', '<=', input.effectiveFrom)
    .where((eb) =>
      eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', input.effectiveFrom)]),
    )
    .execute();
  const row = await db
    .insertInto('customer_addresses')
    .values({
      customer_id: input.customerId,
      line1: input.line1,
      line2: input.line2 ?? null,
      city: input.city,
      region: input.region,
      postal_code: input.postalCode,
      country: input.country,
      effective_from: input.effectiveFrom,
      effective_to: later?.effective_from ?? null,
      source: input.source,
      created_at: at,
      created_by: input.createdBy ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAddress(row);
}
