import {
  failedVerificationsSince,
  lastPassBefore,
  recordVerification,
  saveVerificationLock,
  verificationLock,
} from '../../db/repositories/address-changes.ts';
import { updateInteraction } from '../../db/repositories/calls.ts';
import {
  accountsOfCustomer,
  addressAsOf,
  raiseCustomerFlag,
  requireCustomer,
} from '../../db/repositories/customers.ts';
import { readSettings } from '../../db/repositories/settings.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { assertCallOpenFor, assertNotYetVerified } from '../domain/call-rules.ts';
import { localDateOf } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import {
  answersMatch,
  evaluateVerification,
  methodsFor,
  missingAnswers,
  type VerificationAnswers,
  type VerificationMethod,
  type VerificationOutcome,
} from '../domain/identity-verification.ts';
import { auditViewOfCall, callCustomerId, factsOf, requireCall } from './shared.ts';

export interface VerifyCallerInput extends VerificationAnswers {
  callId: number;
  method: VerificationMethod;
}

/**
 * Verifies the caller once per call with the same check and the same per-customer lock as the
 * address-change intake (server/domain/identity-verification.ts; the attempt is an
 * identity_verifications row with channel phone, so a passed one is what the address-change
 * flow accepts as the requester's verification). Wrong answers count even though the request
 * fails (the error commits); the lock raises a flag on the customer. The answers never leave the
 * server and the reply never says which one was wrong.
 */
export async function verifyCaller(ctx: MutationContext, input: VerifyCallerInput) {
  const settings = await readSettings(ctx.db);
  const policy = settings.addressChanges;
  const at = ctx.now.toISOString();
  const out: { outcome?: VerificationOutcome; verificationId?: number } = {};

  await recordChange(ctx, {
    action: 'call.verify-caller',
    entityType: 'interaction',
    area: 'calls',
    entityId: input.callId,
    load: () => requireCall(ctx.db, input.callId),
    guard: async (call) => {
      assertCallOpenFor(factsOf(call), ctx.user.id);
      assertNotYetVerified(factsOf(call));
      const customer = await requireCustomer(ctx.db, callCustomerId(call));
      if (!methodsFor(customer.kind).includes(input.method)) {
        throw new DomainError(
          'VALIDATION',
          customer.kind === 'business'
            ? 'A business customer is verified by VIN.'
            : 'Use date of birth with SSN and ZIP, or with the VIN.',
          { fields: { method: 'Not available for this customer' } },
        );
      }
      const missing = missingAnswers(input.method, input);
      if (Object.keys(missing).length > 0)
        throw new DomainError('VALIDATION', 'Some answers are missing.', { fields: missing });
    },
    apply: async (call) => {
      const customer = await requireCustomer(ctx.db, callCustomerId(call));
      const day = localDateOf(ctx.now, settings.identity.timeZone);
      const [state, current, accounts] = await Promise.all([
        verificationLock(ctx.db, customer.id),
        addressAsOf(ctx.db, customer.id, day),
        accountsOfCustomer(ctx.db, customer.id),
      ]);
      const matched = answersMatch(input.method, input, {
        kind: customer.kind,
        dateOfBirth: customer.dateOfBirth,
        ssnLast4: customer.ssnLast4,
        postalCode: current?.postalCode ?? null,
        vins: accounts.map((a) => a.vin),
      });
      const outcome = evaluateVerification(state, matched, ctx.now, policy);
      out.outcome = outcome;
      await saveVerificationLock(ctx.db, customer.id, outcome.next, at);
      const base = {
        customerId: customer.id,
        method: input.method,
        channel: 'phone' as const,
        attemptedAt: at,
        attemptedBy: ctx.user.id,
      };
      if (outcome.kind === 'passed') {
        const lookback = new Date(
          ctx.now.getTime() - policy.failedVerificationLookbackHours * 3_600_000,
        ).toISOString();
        const lastPass = await lastPassBefore(ctx.db, customer.id, at);
        const failedBefore = await failedVerificationsSince(
          ctx.db,
          customer.id,
          lastPass && lastPass > lookback ? lastPass : lookback,
        );
        const record = await recordVerification(ctx.db, {
          ...base,
          result: 'passed',
          failedBefore,
        });
        out.verificationId = record.id;
        await updateInteraction(
          ctx.db,
          call.id,
          {
            verification_id: record.id,
            verification_result: 'passed',
            verified_customer_id: customer.id,
          },
          at,
        );
        return;
      }
      const result = outcome.kind === 'locked' ? 'locked' : 'failed';
      const record = await recordVerification(ctx.db, { ...base, result, failedBefore: 0 });
      await updateInteraction(
        ctx.db,
        call.id,
        { verification_id: record.id, verification_result: result },
        at,
      );
      if (outcome.kind === 'now-locked') {
        await raiseCustomerFlag(
          ctx.db,
          {
            customerId: customer.id,
            kind: 'identity-verification-locked',
            note: `${policy.maxFailedVerifications} failed identity verifications in a row (call #${call.id}); locked until ${outcome.lockedUntil}`,
            by: ctx.user.id,
          },
          at,
        );
      }
    },
    auditView: (call) => ({ ...auditViewOfCall(call), method: input.method }),
  });

  const done = out.outcome;
  if (!done) throw new Error('verifyCaller: no outcome');
  switch (done.kind) {
    case 'passed':
      return {
        result: 'passed' as const,
        verificationId: out.verificationId!,
        method: input.method,
      };
    case 'locked':
      throw new DomainError(
        'LOCKED',
        `Verification is locked for this customer until ${done.lockedUntil}.`,
        { commit: true, detail: { lockedUntil: done.lockedUntil } },
      );
    case 'now-locked':
      throw new DomainError(
        'LOCKED',
        `Verification failed ${policy.maxFailedVerifications} times: locked for ${policy.lockMinutes} minutes. A flag was raised on the customer.`,
        { commit: true, detail: { lockedUntil: done.lockedUntil } },
      );
    case 'failed':
      throw new DomainError(
        'VALIDATION',
        `The answers do not match our records. ${done.attemptsLeft} attempt(s) left.`,
        { commit: true, detail: { attemptsLeft: done.attemptsLeft } },
      );
  }
}
