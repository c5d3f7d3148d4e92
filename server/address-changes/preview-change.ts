import { findVerification } from '../../db/repositories/address-change-verifications.ts';
import { accountsOfCustomer } from '../../db/repositories/accounts.ts';
import { addressAsOf } from '../../db/repositories/customer-addresses.ts';
import { readSettings } from '../core/settings.ts';
import { addressEffects } from '../domain/address-effects.ts';
import { addressKey, normalizeAddress } from '../domain/address-normalize.ts';
import type { Context } from '../trpc/base.ts';
import type { AddressInput } from './schemas.ts';
import { computeRedFlags, normalizedOrThrow, openCases, shownAddress } from './shared.ts';

/** Effects and red flags of a change before it is submitted. */
export async function previewChange(
  ctx: Pick<Context, 'db' | 'now' | 'today'>,
  input: {
    customerId: number;
    requesterCustomerId?: number | undefined;
    accountIds: number[];
    address: AddressInput;
    verificationId?: number | undefined;
  },
) {
  const settings = await readSettings(ctx.db);
  const day = ctx.today;
  const address = normalizedOrThrow(input.address);
  const all = await accountsOfCustomer(ctx.db, input.customerId);
  const accounts =
    input.accountIds.length > 0 ? all.filter((a) => input.accountIds.includes(a.id)) : all;
  const current = await addressAsOf(ctx.db, input.customerId, day);
  const open = await openCases(
    ctx.db,
    input.customerId,
    accounts.map((a) => a.id),
  );
  const verification = input.verificationId
    ? await findVerification(ctx.db, input.verificationId)
    : null;
  const effects = addressEffects(current, address, accounts, settings, open);
  const redFlags = await computeRedFlags(ctx, settings, {
    customerId: input.customerId,
    address,
    // Only this call's requester's verification counts (an id typed in reaches no one else's).
    failedBefore:
      verification?.result === 'passed' &&
      verification.customerId === (input.requesterCustomerId ?? input.customerId)
        ? verification.failedBefore
        : 0,
  });
  const currentNormalized = current ? normalizeAddress(current) : null;
  const sameAsCurrent =
    currentNormalized?.ok === true && addressKey(currentNormalized.address) === addressKey(address);
  return {
    address,
    currentAddress: shownAddress(current),
    effects,
    redFlags,
    needsApproval: redFlags.length > 0,
    sameAsCurrent,
  };
}
