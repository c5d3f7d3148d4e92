import {
  findApproval,
  findAuthorityRule,
  setApprovalStatus,
  type ApprovalRow,
} from '../../db/repositories/authority.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { approvalBlocker } from '../domain/authority.ts';
import { DomainError, msg } from '../domain/errors.ts';

async function requireApproval(ctx: MutationContext, id: number): Promise<ApprovalRow> {
  const row = await findApproval(ctx.db, id);
  if (!row) throw new DomainError('NOT_FOUND', msg('controls.noSuchRequest'));
  return row;
}

/**
 * A supervisor approves or rejects a request from the queue (maker ≠ checker, within the
 * approver's own per-item authority). An approval lets the maker do exactly that step once.
 */
export async function decideApproval(
  ctx: MutationContext,
  input: { id: number; decision: 'approve' | 'reject'; note: string | null },
) {
  const { after } = await recordChange(ctx, {
    action: input.decision === 'approve' ? 'authority.approve' : 'authority.reject',
    entityType: 'authority-approval',
    area: 'authority',
    entityId: input.id,
    reason: input.note,
    load: () => requireApproval(ctx, input.id),
    guard: async (request) => {
      const approverRule = await findAuthorityRule(ctx.db, ctx.user.role, request.action);
      const blocker =
        input.decision === 'approve'
          ? approvalBlocker(ctx.user.id, approverRule, request)
          : request.status !== 'pending'
            ? msg('controls.alreadyDecided')
            : request.requestedBy === ctx.user.id
              ? msg('controls.ownRequest')
              : null;
      if (blocker) throw new DomainError('PRECONDITION', blocker);
    },
    apply: async () => {
      const moved = await setApprovalStatus(
        ctx.db,
        input.id,
        'pending',
        input.decision === 'approve' ? 'approved' : 'rejected',
        { decidedBy: ctx.user.id, decidedAt: ctx.now.toISOString(), decisionNote: input.note },
      );
      if (!moved) throw new DomainError('CONFLICT', msg('controls.alreadyDecided'));
    },
    auditView: (r) => ({
      status: r.status,
      action: r.action,
      caseKey: r.caseKey,
      amountCents: r.amountCents,
    }),
  });
  return after;
}
