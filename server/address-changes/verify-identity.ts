import {
  failedVerificationsSince,
  lastPassBefore,
  recordVerification,
  saveVerificationLock,
  verificationLock,
} from '../../db/repositories/address-change-verifications.ts';
import { accountsOfCustomer } from '../../db/repositories/accounts.ts';
import { addressAsOf } from '../../db/repositories/customer-addresses.ts';
import { raiseCustomerFlag } from '../../db/repositories/customer-flags.ts';
import { requireCustomer } from '../customers/load-customer.ts';
import { readSettings } from '../core/settings.ts';
import type { MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';
import {
  answersMatch,
  evaluateVerification,
  methodsFor,
  missingAnswers,
} from '../domain/identity-verification.ts';
import { emitChanged } from './shared.ts';

export interface VerifyInput {
  customerId: number;
  channel: 'phone' | 'message' | 'mail';
  method: 'dob_ssn_zip' | 'dob_vin' | 'vin';
  dateOfBirth?: string | null | undefined;
  ssnLast4?: string | null | undefined;
  postalCode?: string | null | undefined;
  vin?: string | null | undefined;
}

/**
 * One verification attempt for the person on the line. Wrong answers still count (the error
 * commits the attempt); the third wrong one in a row locks verification for the configured
 * time and raises a flag on the customer. The answer never says which part was wrong.
 */
export async function verifyIdentity(ctx: MutationContext, input: VerifyInput) {
  const settings = await readSettings(ctx.db);
  const policy = settings.addressChanges;
  const customer = await requireCustomer(ctx.db, input.customerId);
  if (!methodsFor(customer.kind).includes(input.method)) {
    throw new DomainError(
      'VALIDATION',
      customer.kind === 'business'
        ? msg('addressChanges.businessByVin')
        : msg('addressChanges.personMethods'),
      {
        fields: { method: msg('addressChanges.fieldMethodUnavailable') },
      },
    );
  }
  const missing = missingAnswers(input.method, input);
  if (Object.keys(missing).length > 0)
    throw new DomainError('VALIDATION', msg('addressChanges.answersMissing'), { fields: missing });
  const at = ctx.now.toISOString();
  const day = ctx.today;
  const state = await verificationLock(ctx.db, customer.id);
  const current = await addressAsOf(ctx.db, customer.id, day);
  const accounts = await accountsOfCustomer(ctx.db, customer.id);
  const matched = answersMatch(input.method, input, {
    kind: customer.kind,
    dateOfBirth: customer.dateOfBirth,
    ssnLast4: customer.ssnLast4,
    postalCode: current?.postalCode ?? null,
    vins: accounts.map((a) => a.vin),
  });
  const outcome = evaluateVerification(state, matched, ctx.now, policy);
  await saveVerificationLock(ctx.db, customer.id, outcome.next, at);
  const base = {
    customerId: customer.id,
    method: input.method,
    channel: input.channel,
    attemptedAt: at,
    attemptedBy: ctx.user.id,
  };
  const audit = (result: string, extra: Record<string, unknown> = {}) =>
    ctx.audit({
      action: `identity.verify.${result}`,
      entityType: 'customer',
      entityId: customer.id,
      after: { method: input.method, channel: input.channel, ...extra },
    });

  if (outcome.kind === 'locked') {
    await recordVerification(ctx.db, { ...base, result: 'locked', failedBefore: 0 });
    await audit('refused-locked', { lockedUntil: outcome.lockedUntil });
    emitChanged(ctx, customer.id);
    throw new DomainError(
      'LOCKED',
      msg('addressChanges.verificationLocked', {
        until: outcome.lockedUntil,
        zone: ctx.timeZone,
      }),
      {
        commit: true,
        detail: { lockedUntil: outcome.lockedUntil },
      },
    );
  }
  if (outcome.kind === 'failed' || outcome.kind === 'now-locked') {
    await recordVerification(ctx.db, { ...base, result: 'failed', failedBefore: 0 });
    await audit('failed');
    if (outcome.kind === 'now-locked') {
      await raiseCustomerFlag(
        ctx.db,
        {
          customerId: customer.id,
          kind: 'identity-verification-locked',
          note: `${policy.maxFailedVerifications} failed identity verifications in a row (address change); locked until ${outcome.lockedUntil}`,
          by: ctx.user.id,
        },
        at,
      );
      emitChanged(ctx, customer.id);
      throw new DomainError(
        'LOCKED',
        msg('addressChanges.verificationNowLocked', {
          count: policy.maxFailedVerifications,
          minutes: policy.lockMinutes,
        }),
        {
          commit: true,
          detail: { lockedUntil: outcome.lockedUntil },
        },
      );
    }
    emitChanged(ctx, customer.id);
    throw new DomainError(
      'VALIDATION',
      msg('addressChanges.answersWrong', { count: outcome.attemptsLeft }),
      {
        commit: true,
        detail: { attemptsLeft: outcome.attemptsLeft },
      },
    );
  }
  // Failures since the last pass, within the look-back: the failed-then-passed red flag.
  const lookback = new Date(
    ctx.now.getTime() - policy.failedVerificationLookbackHours * 3_600_000,
  ).toISOString();
  const lastPass = await lastPassBefore(ctx.db, customer.id, at);
  const failedBefore = await failedVerificationsSince(
    ctx.db,
    customer.id,
    lastPass && lastPass > lookback ? lastPass : lookback,
  );
  const record = await recordVerification(ctx.db, { ...base, result: 'passed', failedBefore });
  await audit('passed', { verificationId: record.id, failedBefore });
  emitChanged(ctx, customer.id);
  return {
    verificationId: record.id,
    method: record.method,
    result: 'passed' as const,
    failedBefore,
    attemptedAt: at,
  };
}
