import type { IsoDate } from '../../server/domain/dates.ts';
import type { SearchPlan } from '../../server/domain/customer-search.ts';
import { isPostgres, type DbOrTrx } from '../database.ts';
import { searchCustomers } from './customer-search.ts';
import { inEffectOn } from './customer-addresses.ts';

/**
 * Research tools of the exceptions queue: who sent this check? The one customer search box
 * (name, VIN, account number, phone, e-mail), plus current street address and payment amount,
 * which the customer search does not cover.
 */
export interface ResearchHit {
  customerId: number;
  displayName: string;
  matchedOn: string;
  city: string | null;
  region: string | null;
  accounts: Array<{
    id: number;
    accountNumber: string;
    type: 'lease' | 'loan';
    status: string;
    vehicle: string;
    vinLast8: string;
    paymentCents: number;
  }>;
}

async function accountsFor(db: DbOrTrx, customerIds: number[]) {
  if (customerIds.length === 0) return [];
  return db
    .selectFrom('accounts')
    .select([
      'id',
      'account_number',
      'type',
      'status',
      'vehicle_year',
      'vehicle_make',
      'vehicle_model',
      'vin_last8',
      'payment_cents',
      'holder_customer_id',
      'co_holder_customer_id',
    ])
    .where((eb) =>
      eb.or([
        eb('holder_customer_id', 'in', customerIds),
        eb('co_holder_customer_id', 'in', customerIds),
      ]),
    )
    .orderBy('id')
    .execute();
}

/**
 * @example await researchRemitter(db, { search: planSearch('tremblay'), amountCents: 45210, today: '2026-11-20' })
 */
export async function researchRemitter(
  db: DbOrTrx,
  input: {
    search?: SearchPlan | null;
    address?: string;
    amountCents?: number | null;
    today: IsoDate;
  },
): Promise<ResearchHit[]> {
  const found = new Map<number, { matchedOn: string; displayName?: string }>();
  const names = new Map<
    number,
    { displayName: string; city: string | null; region: string | null }
  >();
  if (input.search) {
    for (const hit of await searchCustomers(db, input.search, { today: input.today, limit: 15 })) {
      found.set(hit.customerId, { matchedOn: hit.matchedOn });
      names.set(hit.customerId, {
        displayName: hit.displayName,
        city: hit.city,
        region: hit.region,
      });
    }
  }
  if (input.address && input.address.trim().length >= 3) {
    const text = input.address.trim();
    // SQLite's LIKE ignores ASCII case; PostgreSQL's needs ILIKE for the same answer.
    const like = isPostgres(db) ? 'ilike' : 'like';
    const rows = await db
      .selectFrom('customer_addresses')
      .select('customer_id')
      .where(inEffectOn(input.today))
      .where((eb) => eb.or([eb('line1', like, `%${text}%`), eb('postal_code', like, `${text}%`)]))
      .limit(15)
      .execute();
    for (const r of rows)
      if (!found.has(r.customer_id)) found.set(r.customer_id, { matchedOn: 'address' });
  }
  if (input.amountCents && input.amountCents > 0) {
    const rows = await db
      .selectFrom('accounts')
      .select('holder_customer_id')
      .where('payment_cents', '=', input.amountCents)
      .where('status', '=', 'active')
      .limit(15)
      .execute();
    for (const r of rows)
      if (!found.has(r.holder_customer_id))
        found.set(r.holder_customer_id, { matchedOn: 'amount' });
  }
  const ids = [...found.keys()].slice(0, 30);
  if (ids.length === 0) return [];
  const missing = ids.filter((id) => !names.has(id));
  if (missing.length > 0) {
    const [people, places] = await Promise.all([
      db
        .selectFrom('customers')
        .select(['id', 'first_name', 'last_name', 'business_name'])
        .where('id', 'in', missing)
        .execute(),
      db
        .selectFrom('customer_addresses')
        .select(['customer_id', 'city', 'region'])
        .where('customer_id', 'in', missing)
        .where(inEffectOn(input.today))
        .execute(),
    ]);
    const where = new Map(places.map((p) => [p.customer_id, p]));
    for (const p of people) {
      names.set(p.id, {
        displayName: p.business_name ?? `${p.first_name} ${p.last_name}`,
        city: where.get(p.id)?.city ?? null,
        region: where.get(p.id)?.region ?? null,
      });
    }
  }
  const accounts = await accountsFor(db, ids);
  return ids.flatMap((id) => {
    const who = names.get(id);
    if (!who) return [];
    return [
      {
        customerId: id,
        displayName: who.displayName,
        matchedOn: found.get(id)?.matchedOn ?? 'name',
        city: who.city,
        region: who.region,
        accounts: accounts
          .filter((a) => a.holder_customer_id === id || a.co_holder_customer_id === id)
          .map((a) => ({
            id: a.id,
            accountNumber: a.account_number,
            type: a.type,
            status: a.status,
            vehicle: `${a.vehicle_year} ${a.vehicle_make} ${a.vehicle_model}`,
            vinLast8: a.vin_last8,
            paymentCents: a.payment_cents,
          })),
      },
    ];
  });
}
