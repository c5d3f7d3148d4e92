import { z } from 'zod';
import { listApprovals, listAuthorityRules } from '../../db/repositories/authority.ts';
import { MAX_LIMIT_CENTS, MONEY_ACTIONS } from '../domain/authority.ts';
import { adminProcedure, agentProcedure, router, supervisorProcedure } from '../trpc/base.ts';
import { decideApproval } from './decide-approval.ts';
import { updateAuthorityRule } from './update-rule.ts';
import { fieldKey } from '../trpc/zod-messages.ts';

const limit = z.number().int().min(0).max(MAX_LIMIT_CENTS).nullable();
const id = z.number().int().positive();

/** The authority matrix (money limits, second person) and the supervisors' approval queue. */
export const authorityRouter = router({
  /** The matrix, for everyone: an agent may see their own limits before trying. */
  rules: agentProcedure
    .input(z.strictObject({}).optional())
    .query(({ ctx }) => listAuthorityRules(ctx.db)),

  /** An admin edits one role × action row; the change and its reason are audited. */
  updateRule: adminProcedure
    .input(
      z.strictObject({
        role: z.enum(['agent', 'supervisor', 'trainer', 'admin']),
        action: z.enum(MONEY_ACTIONS),
        perItemCents: limit,
        perCaseCents: limit,
        perDayCents: limit,
        secondPerson: z.boolean(),
        reason: z.string().trim().min(3, fieldKey('fields.sayWhyLimitsChange')).max(300),
      }),
    )
    .mutation(({ ctx, input }) => updateAuthorityRule(ctx, input)),

  /** The approval queue (pending first by default). */
  approvals: supervisorProcedure
    .input(
      z
        .strictObject({
          status: z.enum(['pending', 'approved', 'rejected', 'used']).nullable().optional(),
          limit: z.number().int().min(1).max(200).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) =>
      listApprovals(
        ctx.db,
        input?.status === undefined ? 'pending' : input.status,
        input?.limit ?? 100,
      ),
    ),

  approve: supervisorProcedure
    .input(z.strictObject({ id, note: z.string().trim().max(300).optional() }))
    .mutation(({ ctx, input }) =>
      decideApproval(ctx, { id: input.id, decision: 'approve', note: input.note || null }),
    ),

  reject: supervisorProcedure
    .input(
      z.strictObject({ id, note: z.string().trim().min(3, fieldKey('fields.sayWhy')).max(300) }),
    )
    .mutation(({ ctx, input }) =>
      decideApproval(ctx, { id: input.id, decision: 'reject', note: input.note }),
    ),
});
