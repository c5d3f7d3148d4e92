import { maskPostalCodesIn } from '../domain/masking.ts';
import { findVerification } from '../../db/repositories/address-change-verifications.ts';
import { insertAddressChange, verificationUsed } from '../../db/repositories/address-changes.ts';
import { addressAsOf } from '../../db/repositories/customer-addresses.ts';
import { requireCustomer } from '../customers/load-customer.ts';
import { linkThread } from '../../db/repositories/message-links.ts';
import { requireHandOffThread } from '../messages/load-thread.ts';
import { readSettings } from '../core/settings.ts';
import type { MutationContext } from '../core/record-change.ts';
import { addressKey } from '../domain/address-normalize.ts';
import { addCalendarDays, type IsoDate } from '../domain/dates.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { applyChange } from './apply-change.ts';
import { MAX_FUTURE_DAYS, type AddressInput } from './schemas.ts';
import {
  chosenAccounts,
  computeRedFlags,
  emitChanged,
  normalizedOrThrow,
  publicAddress,
  roleOn,
} from './shared.ts';

export interface SubmitInput {
  customerId: number;
  requesterCustomerId: number;
  verificationId: number;
  channel: 'phone' | 'message' | 'mail';
  accountIds: number[];
  address: AddressInput;
  effectiveFrom: IsoDate;
  reason: string;
  fromThreadId?: number | undefined;
}

/**
 * Takes the change: verified requester, normalised address, effective date. With no red flag
 * it applies at once (letters to both addresses); otherwise it waits for a supervisor.
 */
export async function submitChange(ctx: MutationContext, input: SubmitInput) {
  const settings = await readSettings(ctx.db);
  const day = ctx.today;
  const address = normalizedOrThrow(input.address);
  if (input.effectiveFrom < day) {
    throw new DomainError('VALIDATION', msg('addressChanges.effectiveInPast'), {
      fields: { effectiveFrom: msg('fields.onOrAfter', { on: day }) },
    });
  }
  if (input.effectiveFrom > addCalendarDays(day, MAX_FUTURE_DAYS)) {
    throw new DomainError(
      'VALIDATION',
      msg('addressChanges.tooFarAhead', { days: MAX_FUTURE_DAYS }),
      {
        fields: {
          effectiveFrom: msg('addressChanges.fieldTooFarAhead', { days: MAX_FUTURE_DAYS }),
        },
      },
    );
  }
  const customer = await requireCustomer(ctx.db, input.customerId);
  const accounts = await chosenAccounts(
    ctx.db,
    customer.id,
    input.requesterCustomerId,
    input.accountIds,
  );
  if (input.fromThreadId)
    await requireHandOffThread(ctx.db, input.fromThreadId, [
      customer.id,
      input.requesterCustomerId,
    ]);
  const verification = await findVerification(ctx.db, input.verificationId);
  const validFor = settings.addressChanges.verificationValidMinutes * 60_000;
  if (
    !verification ||
    verification.result !== 'passed' ||
    verification.customerId !== input.requesterCustomerId ||
    ctx.now.getTime() - new Date(verification.attemptedAt).getTime() > validFor
  ) {
    throw new DomainError('PRECONDITION', msg('addressChanges.verifyFirst'), {
      fields: { verificationId: msg('addressChanges.fieldVerifyFirst') },
    });
  }
  if (await verificationUsed(ctx.db, verification.id)) {
    throw new DomainError('CONFLICT', msg('addressChanges.verificationUsed'));
  }
  const current = await addressAsOf(ctx.db, customer.id, day);
  const redFlags = await computeRedFlags(ctx, settings, {
    customerId: customer.id,
    address,
    failedBefore: verification.failedBefore,
  });
  const requesterRole = roleOn(accounts[0]!, input.requesterCustomerId) ?? 'holder';
  const change = await insertAddressChange(
    ctx.db,
    {
      customerId: customer.id,
      channel: input.channel,
      requesterCustomerId: input.requesterCustomerId,
      requesterRole,
      verificationId: verification.id,
      oldAddressId: current?.id ?? null,
      address,
      addressKey: addressKey(address),
      effectiveFrom: input.effectiveFrom,
      reason: input.reason,
      status: 'pending_approval',
      redFlags,
      fromThreadId: input.fromThreadId ?? null,
      requestedOn: day,
      createdBy: ctx.user.id,
      accountIds: accounts.map((a) => a.id),
    },
    ctx.now.toISOString(),
  );
  if (input.fromThreadId) {
    await linkThread(ctx.db, {
      threadId: input.fromThreadId,
      targetType: 'address_change',
      targetId: change.id,
      at: ctx.now.toISOString(),
    });
  }
  await ctx.audit({
    action: 'address-change.submit',
    entityType: 'address_change',
    entityId: change.id,
    before: current && publicAddress(current),
    after: {
      address,
      effectiveFrom: input.effectiveFrom,
      accounts: change.accountIds,
      redFlags: redFlags.map((f) => f.kind),
    },
    reason: input.reason,
  });
  let applied: Awaited<ReturnType<typeof applyChange>> | null = null;
  if (redFlags.length === 0) {
    applied = await applyChange(ctx, settings, change, ['pending_approval']);
    await ctx.audit({
      action: 'address-change.apply',
      entityType: 'address_change',
      entityId: change.id,
      after: {
        addressId: applied.addressId,
        effectiveFrom: applied.effectiveFrom,
        letters: applied.letters.map((l) => l.recipient),
      },
    });
  }
  emitChanged(ctx, change.id);
  return {
    id: change.id,
    status: applied ? ('applied' as const) : ('pending_approval' as const),
    redFlags,
    letters: (applied?.letters ?? []).map((l) => ({
      ...l,
      mailingAddress: maskPostalCodesIn(l.mailingAddress),
    })),
    effectiveFrom: applied?.effectiveFrom ?? input.effectiveFrom,
  };
}
