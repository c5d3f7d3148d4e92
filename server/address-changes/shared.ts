import { maskAddress } from '../domain/masking.ts';
import type { DbOrTrx } from '../../db/database.ts';
import {
  addressesNear,
  customerNames,
  customerRequests,
  customersWaitingFor,
  openCasesIn,
  priorChanges,
} from '../../db/repositories/address-changes.ts';
import { accountsOfCustomer, type Account } from '../../db/repositories/accounts.ts';
import { type Address } from '../../db/repositories/customer-addresses.ts';
import { type Customer } from '../../db/repositories/customers.ts';
import {
  addressKey,
  normalizeAddress,
  type NormalizedAddress,
} from '../domain/address-normalize.ts';
import { redFlagsForChange, type RedFlag } from '../domain/address-red-flags.ts';
import { addCalendarDays, type IsoDate } from '../domain/dates.ts';
import { DomainError, msg } from '../domain/errors.ts';
import type { Settings } from '../domain/lender-config.ts';
import type { Context } from '../trpc/base.ts';
import type { Country } from '../../db/schema/index.ts';
import type { AddressInput } from './schemas.ts';

/** What the address-change use cases share. */

export const AREA = 'addressChanges';

export type Ctx = Pick<Context, 'db' | 'now' | 'today' | 'deps'> & {
  user: NonNullable<Context['user']>;
};

/** Normalises or throws a VALIDATION error with per-field messages (keys prefixed `address.`). */
export function normalizedOrThrow(input: AddressInput): NormalizedAddress {
  const result = normalizeAddress(input);
  if (!result.ok) {
    throw new DomainError('VALIDATION', msg('addressChanges.addressInvalid'), {
      fields: Object.fromEntries(
        Object.entries(result.fields).map(([k, v]) => [`address.${k}`, v]),
      ),
    });
  }
  return result.address;
}

export function roleOn(account: Account, customerId: number): 'holder' | 'co_holder' | null {
  if (account.holderCustomerId === customerId) return 'holder';
  if (account.coHolderCustomerId === customerId) return 'co_holder';
  return null;
}

/** The accounts chosen, each of which both the customer and the requester hold or co-hold. */
export async function chosenAccounts(
  db: DbOrTrx,
  customerId: number,
  requesterId: number,
  accountIds: readonly number[],
): Promise<Account[]> {
  const all = await accountsOfCustomer(db, customerId);
  if (accountIds.length === 0) {
    throw new DomainError('VALIDATION', msg('addressChanges.chooseAccount'), {
      fields: { accountIds: msg('fields.chooseAccount') },
    });
  }
  const chosen = accountIds.map((a) => all.find((x) => x.id === a));
  if (chosen.some((a) => !a)) {
    throw new DomainError('VALIDATION', msg('addressChanges.accountNotCustomers'), {
      fields: { accountIds: msg('fields.notCustomersAccount') },
    });
  }
  const accounts = chosen as Account[];
  if (accounts.some((a) => roleOn(a, requesterId) === null)) {
    throw new DomainError('VALIDATION', msg('addressChanges.requesterNotHolder'), {
      fields: { requesterCustomerId: msg('addressChanges.fieldNotHolder') },
    });
  }
  return accounts;
}

export async function openCases(db: DbOrTrx, customerId: number, accountIds: readonly number[]) {
  const [disputes, messages] = await Promise.all([
    openCasesIn(db, 'dispute_cases', customerId, accountIds),
    openCasesIn(db, 'message_threads', customerId, accountIds),
  ]);
  return { disputes, messages };
}

/** How many other customers at the address a red flag names. */
const OTHERS_SHOWN = 10;

/**
 * Other customers whose address in effect on `today` (or starting later) is `address`, by the
 * normalised comparison key; also other customers' changes to it still waiting for approval.
 */
export async function otherCustomersAt(
  db: DbOrTrx,
  customerId: number,
  address: NormalizedAddress,
  day: IsoDate,
): Promise<Array<{ customerId: number; displayName: string }>> {
  const key = addressKey(address);
  const [candidates, waiting] = await Promise.all([
    addressesNear(db, customerId, address, day),
    customersWaitingFor(db, key, customerId),
  ]);
  const ids = new Set<number>(waiting);
  for (const c of candidates) {
    const n = normalizeAddress({ ...c, postalCode: c.postal_code, country: c.country });
    if (n.ok && addressKey(n.address) === key) ids.add(c.customer_id);
  }
  const names = await customerNames(db, [...ids]);
  return names
    .sort((a, b) => a.id - b.id)
    .slice(0, OTHERS_SHOWN)
    .map((n) => ({ customerId: n.id, displayName: n.displayName }));
}

export async function computeRedFlags(
  ctx: Pick<Context, 'db' | 'now' | 'today'>,
  settings: Settings,
  input: {
    customerId: number;
    address: NormalizedAddress;
    failedBefore: number;
    excludeChangeId?: number;
  },
): Promise<RedFlag[]> {
  const day = ctx.today;
  const policy = settings.addressChanges;
  const since = addCalendarDays(
    day,
    -Math.max(policy.redFlagWindowDays, policy.payoffAfterChangeDays),
  );
  const [prior, requests, shared] = await Promise.all([
    priorChanges(ctx.db, input.customerId, since),
    customerRequests(ctx.db, input.customerId, since),
    otherCustomersAt(ctx.db, input.customerId, input.address, day),
  ]);
  return redFlagsForChange(
    {
      today: day,
      priorChanges: prior.filter((p) => p.id !== input.excludeChangeId),
      requests,
      failedAttemptsBeforePass: input.failedBefore,
      sharedWith: shared,
    },
    policy,
  );
}

export function publicCustomer(c: Customer) {
  // Never the date of birth or SSN digits: verification happens here, on the server.
  return { id: c.id, kind: c.kind, displayName: c.displayName, language: c.language };
}

export function publicAddress(a: Address | null) {
  return (
    a && {
      id: a.id,
      line1: a.line1,
      line2: a.line2,
      city: a.city,
      region: a.region,
      postalCode: a.postalCode,
      country: a.country,
      effectiveFrom: a.effectiveFrom,
      effectiveTo: a.effectiveTo,
      source: a.source,
    }
  );
}

/**
 * An address as shown on screen: the postal code on file is an answer to identity verification
 * (issue 21), masked. Audit records keep `publicAddress`.
 */
export function shownAddress(a: Address | null) {
  const view = publicAddress(a);
  return view && maskAddress(view);
}

/** An address-history row as the screens show it (no ids or dates). */
export function printableAddressRow(
  row:
    | {
        line1: string;
        line2: string | null;
        city: string;
        region: string;
        postal_code: string;
        country: Country;
      }
    | undefined,
) {
  return row
    ? {
        line1: row.line1,
        line2: row.line2,
        city: row.city,
        region: row.region,
        postalCode: row.postal_code,
        country: row.country,
      }
    : null;
}

/** Live events: the change's screens and the customer 360 (after commit). */
export function emitChanged(ctx: Pick<Context, 'afterCommit' | 'deps'>, id?: number) {
  ctx.afterCommit(() => {
    ctx.deps.events.emit('changed', { area: AREA, id });
    ctx.deps.events.emit('changed', { area: 'customers', id });
  });
}
