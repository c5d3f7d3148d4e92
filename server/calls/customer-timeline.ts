import { accountsOfCustomer } from '../../db/repositories/accounts.ts';
import { requireCustomer } from '../customers/load-customer.ts';
import {
  timelinePage,
  type TimelineCursor,
  type TimelineKind,
} from '../../db/repositories/timeline.ts';
import type { DbOrTrx } from '../../db/database.ts';

/** One page of the customer's timeline (the 360's Timeline tab), newest first. */
export async function customerTimeline(
  db: DbOrTrx,
  input: {
    customerId: number;
    kinds?: TimelineKind[];
    cursor?: TimelineCursor | null;
    limit?: number;
  },
) {
  await requireCustomer(db, input.customerId);
  const accounts = await accountsOfCustomer(db, input.customerId);
  const byId = new Map(accounts.map((a) => [a.id, a.accountNumber]));
  const page = await timelinePage(db, {
    customerId: input.customerId,
    accountIds: accounts.map((a) => a.id),
    kinds: input.kinds ?? [],
    after: input.cursor ?? null,
    limit: input.limit ?? 25,
  });
  return {
    items: page.rows.map((r) => ({
      ...r,
      accountNumber: r.accountId === null ? null : (byId.get(r.accountId) ?? null),
    })),
    nextCursor: page.next,
  };
}
