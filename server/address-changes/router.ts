import { z } from 'zod';
import {
  channelSchema as channel,
  idSchema as id,
  isoDateSchema as isoDate,
  reasonSchema as reason,
} from '../core/schemas.ts';
import { normalizeAddress } from '../domain/address-normalize.ts';
import { idempotencyKey } from '../trpc/idempotency.ts';
import { agentProcedure, router, supervisorProcedure } from '../trpc/base.ts';
import { approveChange, rejectChange } from './decide-change.ts';
import { previewChange } from './preview-change.ts';
import { recordRequest } from './record-request.ts';
import { addressInput } from './schemas.ts';
import { submitChange } from './submit-change.ts';
import { verifyIdentity } from './verify-identity.ts';
import { intakeContext } from './view-context.ts';
import { approvalQueueView, changeLetterPdf, viewChange } from './view-change.ts';
import { fieldKey } from '../trpc/zod-messages.ts';

/**
 * Address changes: verify the caller, preview the effects and red flags, submit (applied at
 * once, or to a supervisor when flagged), decide (maker ≠ checker), and the payoff/title
 * requests that send a recent change back for review. Each procedure: input schema, role,
 * one call into a use case of this folder.
 */
export const addressChangesRouter = router({
  context: agentProcedure
    .input(z.strictObject({ customerId: id }))
    .query(({ ctx, input }) => intakeContext(ctx, input)),

  verify: agentProcedure
    .input(
      z.strictObject({
        customerId: id,
        channel,
        method: z.enum(['dob_ssn_zip', 'dob_vin', 'vin']),
        dateOfBirth: z.string().max(20).nullish(),
        ssnLast4: z.string().max(10).nullish(),
        postalCode: z.string().max(20).nullish(),
        vin: z.string().max(30).nullish(),
      }),
    )
    .mutation(({ ctx, input }) => verifyIdentity(ctx, input)),

  /** The normalised form of an address as the agent types it (live preview; never throws for bad input). */
  normalize: agentProcedure
    .input(z.strictObject({ address: addressInput }))
    .query(({ input }) => normalizeAddress(input.address)),

  preview: agentProcedure
    .input(
      z.strictObject({
        customerId: id,
        requesterCustomerId: id.optional(),
        accountIds: z.array(id).max(20),
        address: addressInput,
        verificationId: id.optional(),
      }),
    )
    .query(({ ctx, input }) => previewChange(ctx, input)),

  submit: agentProcedure
    .input(
      z.strictObject({
        customerId: id,
        requesterCustomerId: id,
        verificationId: id,
        channel,
        accountIds: z.array(id).min(1, fieldKey('fields.chooseAccount')).max(20),
        address: addressInput,
        effectiveFrom: isoDate,
        reason,
        fromThreadId: id.optional(),
        idempotencyKey,
      }),
    )
    .mutation(({ ctx, input }) => submitChange(ctx, input)),

  get: agentProcedure
    .input(z.strictObject({ id }))
    .query(({ ctx, input }) => viewChange(ctx, input.id)),

  queue: supervisorProcedure
    .input(z.strictObject({}).optional())
    .query(({ ctx }) => approvalQueueView(ctx.db, ctx.user.id)),

  approve: supervisorProcedure
    .input(z.strictObject({ id, reason, idempotencyKey }))
    .mutation(({ ctx, input }) => approveChange(ctx, input)),

  reject: supervisorProcedure
    .input(z.strictObject({ id, reason }))
    .mutation(({ ctx, input }) => rejectChange(ctx, input)),

  recordRequest: agentProcedure
    .input(
      z.strictObject({
        customerId: id,
        accountId: id.optional(),
        kind: z.enum(['payoff', 'title']),
        channel,
        note: z.string().trim().max(500).optional(),
      }),
    )
    .mutation(({ ctx, input }) => recordRequest(ctx, input)),

  letterPdf: agentProcedure
    .input(z.strictObject({ letterId: id }))
    .query(({ ctx, input }) => changeLetterPdf(ctx.db, input.letterId)),
});
