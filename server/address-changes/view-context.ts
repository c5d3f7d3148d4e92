import {
  changesOfCustomer,
  customerNames,
  customerRequests,
} from '../../db/repositories/address-changes.ts';
import {
  recentVerifications,
  verificationLock,
} from '../../db/repositories/address-change-verifications.ts';
import { accountsOfCustomer } from '../../db/repositories/accounts.ts';
import { addressAsOf, addressHistory } from '../../db/repositories/customer-addresses.ts';
import { customerFlags } from '../../db/repositories/customer-flags.ts';
import { requireCustomer } from '../customers/load-customer.ts';
import { readSettings } from '../core/settings.ts';
import { isLocked, methodsFor } from '../domain/identity-verification.ts';
import type { Context } from '../trpc/base.ts';
import { publicCustomer, roleOn, shownAddress } from './shared.ts';
import { maskAddress } from '../domain/masking.ts';

/** Everything the intake screen needs about a customer (never the identity answers). */
export async function intakeContext(
  ctx: Pick<Context, 'db' | 'now' | 'today'>,
  input: { customerId: number },
) {
  const settings = await readSettings(ctx.db);
  const day = ctx.today;
  const customer = await requireCustomer(ctx.db, input.customerId);
  const accounts = await accountsOfCustomer(ctx.db, customer.id);
  const holderIds = new Set(
    accounts.flatMap((a) => [
      a.holderCustomerId,
      ...(a.coHolderCustomerId ? [a.coHolderCustomerId] : []),
    ]),
  );
  const people = await customerNames(ctx.db, [...holderIds, customer.id]);
  const lock = await verificationLock(ctx.db, customer.id);
  const locked = isLocked(lock, ctx.now);
  return {
    today: day,
    customer: publicCustomer(customer),
    currentAddress: shownAddress(await addressAsOf(ctx.db, customer.id, day)),
    history: (await addressHistory(ctx.db, customer.id)).map((a) => shownAddress(a)!),
    accounts: accounts.map((a) => ({
      id: a.id,
      accountNumber: a.accountNumber,
      type: a.type,
      status: a.status,
      vehicle: `${a.vehicle.year} ${a.vehicle.make} ${a.vehicle.model}`,
      role: roleOn(a, customer.id),
      holderCustomerId: a.holderCustomerId,
      coHolderCustomerId: a.coHolderCustomerId,
    })),
    people,
    methods: methodsFor(customer.kind),
    lock: {
      locked,
      lockedUntil: locked ? lock.lockedUntil : null,
      attemptsLeft: locked
        ? 0
        : settings.addressChanges.maxFailedVerifications -
          (lock.lockedUntil ? 0 : lock.failedAttempts),
    },
    flags: await customerFlags(ctx.db, customer.id),
    changes: (await changesOfCustomer(ctx.db, customer.id, 20)).map((c) => ({
      ...c,
      address: maskAddress(c.address),
    })),
    requests: await customerRequests(ctx.db, customer.id),
    verifications: (await recentVerifications(ctx.db, customer.id, 10)).map((v) => ({
      id: v.id,
      method: v.method,
      result: v.result,
      attemptedAt: v.attemptedAt,
    })),
  };
}
