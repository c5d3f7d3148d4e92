import { updateInteraction } from '../../db/repositories/calls.ts';
import { verifyIdentity } from '../address-changes/verify-identity.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { assertCallOpenFor, assertNotYetVerified } from '../domain/call-rules.ts';
import { DomainError } from '../domain/errors.ts';
import type { VerificationAnswers, VerificationMethod } from '../domain/identity-verification.ts';
import {
  auditViewOfCall,
  callCustomerId,
  factsOf,
  requireCall,
  requireCallWithActions,
} from './shared.ts';

export interface VerifyCallerInput extends VerificationAnswers {
  callId: number;
  method: VerificationMethod;
}

/**
 * Verifies the caller once per call with THE identity check of the address-change intake
 * (server/address-changes/verify-identity.ts: same answers, same per-customer lock and flag; the
 * attempt is an identity_verifications row with channel phone, so a pass is what the
 * address-change flow accepts as the requester's verification), and records the result on the
 * call. A failed attempt still counts and is still recorded on the call (its error commits).
 */
export async function verifyCaller(ctx: MutationContext, input: VerifyCallerInput) {
  const call = await requireCall(ctx.db, input.callId);
  assertCallOpenFor(factsOf(call), ctx.user.id);
  assertNotYetVerified(factsOf(call));
  const customerId = callCustomerId(call);
  const record = (patch: Parameters<typeof updateInteraction>[2]) =>
    recordChange(ctx, {
      action: 'call.verify-caller',
      entityType: 'interaction',
      area: 'calls',
      entityId: call.id,
      load: () => requireCallWithActions(ctx.db, call.id),
      apply: () => updateInteraction(ctx.db, call.id, patch, ctx.now.toISOString()),
      auditView: (c) => ({ ...auditViewOfCall(c), method: input.method }),
    });
  try {
    const passed = await verifyIdentity(ctx, {
      customerId,
      channel: 'phone',
      method: input.method,
      dateOfBirth: input.dateOfBirth,
      ssnLast4: input.ssnLast4,
      postalCode: input.postalCode,
      vin: input.vin,
    });
    await record({
      verification_id: passed.verificationId,
      verification_result: 'passed',
      verified_customer_id: customerId,
    });
    return {
      result: 'passed' as const,
      verificationId: passed.verificationId,
      method: passed.method,
    };
  } catch (error) {
    // A counted attempt (wrong answers, or locked): the refusal commits, so the call shows it.
    if (error instanceof DomainError && error.commit) {
      await record({ verification_result: error.code === 'LOCKED' ? 'locked' : 'failed' });
    }
    throw error;
  }
}
