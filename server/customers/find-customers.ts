import { searchCustomers, type SearchHit } from '../../db/repositories/customer-search.ts';
import { planSearch } from '../domain/customer-search.ts';
import type { StaffContext } from '../trpc/base.ts';

/**
 * The one search box: what the agent typed is read by the pure plan (account number, VIN,
 * phone, e-mail or name words) and the repository runs it, at most `limit` customers.
 */
export function findCustomers(ctx: StaffContext, q: string, limit?: number): Promise<SearchHit[]> {
  return searchCustomers(ctx.db, planSearch(q), {
    today: ctx.today,
    ...(limit ? { limit } : {}),
  });
}
