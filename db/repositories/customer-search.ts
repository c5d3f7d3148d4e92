import { sql } from 'kysely';
import type { SearchPlan } from '../../server/domain/customer-search.ts';
import type { IsoDate } from '../../server/domain/dates.ts';
import { isPostgres, type DbOrTrx } from '../database.ts';
import type { CustomerKind } from '../schema/index.ts';
import { inEffectOn } from './customer-addresses.ts';

/**
 * The one search box of the desk (account number, VIN, phone, e-mail, name), over indexes and
 * FTS only; split from customers.ts, which reads and writes the customer's own rows.
 */
/** The smallest string greater than every string starting with `prefix` (for index range scans). */
function prefixUpperBound(prefix: string): string {
  return `${prefix}\uffff`;
}

export type SearchMatch = 'account' | 'vin' | 'phone' | 'email' | 'name';

export interface SearchHit {
  customerId: number;
  displayName: string;
  kind: CustomerKind;
  language: 'en' | 'fr';
  /** What the query matched, best first. */
  matchedOn: SearchMatch;
  /** The account the query matched (account number or VIN), when it did. */
  accountId: number | null;
  city: string | null;
  region: string | null;
  accounts: Array<{
    id: number;
    accountNumber: string;
    type: 'lease' | 'loan';
    status: string;
    vehicle: string;
    vinLast8: string;
  }>;
}

/** Name matches are ranked by relevance only when there are at most this many. */
const RANK_AT_MOST = 500;

interface Candidate {
  customerId: number;
  matchedOn: SearchMatch;
  accountId: number | null;
}

/**
 * Runs the one search box's plan (server/domain/customer-search.ts reads what was typed):
 * account number, VIN (full, prefix or last 8), phone, e-mail or name (prefix,
 * accent-insensitive, any word order). Every branch is an index range scan or an FTS5
 * lookup with a LIMIT, so it stays fast at 200k customers. Returns at most `limit` customers,
 * exact identifier matches before name matches.
 *
 * @example await searchCustomers(db, planSearch('helene trem'), { today: '2026-11-23' })
 */
export async function searchCustomers(
  db: DbOrTrx,
  plan: SearchPlan,
  options: { today: IsoDate; limit?: number },
): Promise<SearchHit[]> {
  const limit = Math.min(Math.max(options.limit ?? 10, 1), 50);
  // The limit is written into each statement (an integer from 1 to 50, so a handful of texts):
  // SQLite re-plans a statement on every run when its LIMIT is a bound parameter (a prefix
  // lookup on the large data: 9.6 µs a run with `limit ?`, 3.1 µs with `limit 10`).
  const first = sql.lit(limit);
  const found: Candidate[] = [];

  const accountMatches = async (
    column: 'account_number' | 'vin' | 'vin_last8',
    prefix: string,
    matchedOn: SearchMatch,
  ) => {
    const rows = await db
      .selectFrom('accounts')
      .select(['id', 'holder_customer_id', 'co_holder_customer_id'])
      .where(column, '>=', prefix)
      .where(column, '<', prefixUpperBound(prefix))
      .orderBy(column)
      .limit(first)
      .execute();
    for (const r of rows) {
      found.push({ customerId: r.holder_customer_id, matchedOn, accountId: r.id });
      if (r.co_holder_customer_id !== null)
        found.push({ customerId: r.co_holder_customer_id, matchedOn, accountId: r.id });
    }
  };

  if (plan.accountPrefix) await accountMatches('account_number', plan.accountPrefix, 'account');
  if (plan.vinPrefix) await accountMatches('vin', plan.vinPrefix, 'vin');
  if (plan.vinLast8Prefix) await accountMatches('vin_last8', plan.vinLast8Prefix, 'vin');
  if (plan.phonePrefix) {
    const rows = await db
      .selectFrom('customer_phones')
      .select('customer_id')
      .where('number', '>=', plan.phonePrefix)
      .where('number', '<', prefixUpperBound(plan.phonePrefix))
      .orderBy('number')
      .limit(first)
      .execute();
    for (const r of rows)
      found.push({ customerId: r.customer_id, matchedOn: 'phone', accountId: null });
  }
  if (plan.emailPrefix) {
    const rows = await db
      .selectFrom('customers')
      .select('id')
      .where('email', '>=', plan.emailPrefix)
      .where('email', '<', prefixUpperBound(plan.emailPrefix))
      .orderBy('email')
      .limit(first)
      .execute();
    for (const r of rows) found.push({ customerId: r.id, matchedOn: 'email', accountId: null });
  }
  if (plan.ftsQuery && found.length < limit) {
    // Ranking (bm25) costs time per match: rank a narrow match set, take a broad one ("m",
    // "jo") as it comes: the agent is still typing and a letter more narrows it. Whether it is
    // broad is asked for one row past RANK_AT_MOST, not for all of them (on the large data a
    // 3-letter prefix: 40 µs instead of 85 µs for the 501 rows it used to fetch and drop).
    const fts = plan.ftsQuery;
    // PostgreSQL: the GIN full-text index of migration 0002 (same folding, prefix per word).
    const words = plan.nameWords ?? '';
    const pgMatch = sql`customer_search_document(search_name, email) @@ customer_search_query(${words})`;
    const past = sql.lit(RANK_AT_MOST);
    const broad =
      (isPostgres(db)
        ? await sql<{ id: number }>`
            select id from customers where ${pgMatch} limit 1 offset ${past}
          `.execute(db)
        : await sql<{ id: number }>`
            select rowid as id from customer_search where customer_search match ${fts}
            limit 1 offset ${past}
          `.execute(db)
      ).rows.length > 0;
    const rows = isPostgres(db)
      ? (
          await (
            broad
              ? sql<{ id: number }>`select id from customers where ${pgMatch} limit ${first}`
              : sql<{ id: number }>`
                select id from customers where ${pgMatch}
                order by ts_rank(customer_search_document(search_name, email), customer_search_query(${words})) desc, id
                limit ${first}
              `
          ).execute(db)
        ).rows
      : (
          await (
            broad
              ? sql<{ id: number }>`
                select rowid as id from customer_search where customer_search match ${fts}
                limit ${first}
              `
              : sql<{ id: number }>`
                select rowid as id from customer_search
                where customer_search match ${fts} order by rank limit ${first}
              `
          ).execute(db)
        ).rows;
    for (const r of rows) found.push({ customerId: r.id, matchedOn: 'name', accountId: null });
  }

  const seen = new Set<number>();
  const picked = found
    .filter((c) => (seen.has(c.customerId) ? false : (seen.add(c.customerId), true)))
    .slice(0, limit);
  if (picked.length === 0) return [];
  const ids = picked.map((c) => c.customerId);

  const [customers, addresses, accounts] = await Promise.all([
    db
      .selectFrom('customers')
      .select(['id', 'kind', 'first_name', 'last_name', 'business_name', 'language'])
      .where('id', 'in', ids)
      .execute(),
    db
      .selectFrom('customer_addresses')
      .select(['customer_id', 'city', 'region'])
      .where('customer_id', 'in', ids)
      .where(inEffectOn(options.today))
      .execute(),
    db
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
        'holder_customer_id',
        'co_holder_customer_id',
      ])
      .where((eb) =>
        eb.or([eb('holder_customer_id', 'in', ids), eb('co_holder_customer_id', 'in', ids)]),
      )
      .orderBy('id')
      .execute(),
  ]);
  const byId = new Map(customers.map((c) => [c.id, c]));
  const where = new Map(addresses.map((a) => [a.customer_id, a]));
  return picked.flatMap((c) => {
    const row = byId.get(c.customerId);
    if (!row) return [];
    const place = where.get(c.customerId);
    return [
      {
        customerId: row.id,
        displayName: row.business_name ?? `${row.first_name} ${row.last_name}`,
        kind: row.kind,
        language: row.language,
        matchedOn: c.matchedOn,
        accountId: c.accountId,
        city: place?.city ?? null,
        region: place?.region ?? null,
        accounts: accounts
          .filter((a) => a.holder_customer_id === row.id || a.co_holder_customer_id === row.id)
          .map((a) => ({
            id: a.id,
            accountNumber: a.account_number,
            type: a.type,
            status: a.status,
            vehicle: `${a.vehicle_year} ${a.vehicle_make} ${a.vehicle_model}`,
            vinLast8: a.vin_last8,
          })),
      },
    ];
  });
}
