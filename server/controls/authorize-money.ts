import {
  authorityUsage,
  findAuthorityRule,
  findOpenApproval,
  insertApproval,
  recordAuthorityUsage,
  setApprovalStatus,
} from '../../db/repositories/authority.ts';
import { readSetting } from '../core/settings.ts';
import type { MoneyAction } from '../../db/schema/authority.ts';
import type { MutationContext } from '../core/record-change.ts';
import { decideAuthority, describeReason } from '../domain/authority.ts';
import { localDateOf } from '../domain/dates.ts';
import { DomainError, englishOf, msg } from '../domain/errors.ts';

export interface MoneyStepRequest {
  action: MoneyAction;
  /** What the per-case limit sums over: `dispute:<id>`, `mail-batch:<id>`. */
  caseKey: string;
  amountCents: number;
  /** For a step of several items (a batch posting): its largest one. */
  largestItemCents?: number;
}

/** The refusal's machine-readable detail: the UI names the request the supervisor will see. */
export interface ApprovalNeeded {
  approvalId: number;
  status: 'pending';
  reasons: string[];
}

/**
 * THE authority check every money-moving step calls (provisional credit, correction,
 * reversal, mail posting, mail override) BEFORE it writes anything, in its transaction.
 *
 * - Within the maker's authority (server/domain/authority.ts, the matrix an admin edits):
 *   the amount is counted against their day and the case, and the step goes ahead.
 * - Above it, with a supervisor's approval of exactly this step (same maker, action, case and
 *   amount): the approval is used up (once), counted, audited, and the step goes ahead.
 * - Above it otherwise: a request goes to the supervisors' approval queue (audited) and the
 *   step is refused (PRECONDITION, `detail` = ApprovalNeeded). The request is committed, the
 *   step's own writes are not (there are none yet). Retrying the same step while the request
 *   waits is refused without a second request.
 *
 * @example
 * await authorizeMoney(ctx, { action: 'correction', caseKey: `dispute:${id}`, amountCents });
 */
export async function authorizeMoney(
  ctx: MutationContext,
  step: MoneyStepRequest,
): Promise<{ approvalId: number | null }> {
  const largestItemCents = step.largestItemCents ?? step.amountCents;
  const { timeZone } = await readSetting(ctx.db, 'identity');
  const localDate = localDateOf(ctx.now, timeZone);
  const at = ctx.now.toISOString();
  const rule = await findAuthorityRule(ctx.db, ctx.user.role, step.action);
  const usage = await authorityUsage(ctx.db, {
    userId: ctx.user.id,
    action: step.action,
    caseKey: step.caseKey,
    localDate,
  });
  const decision = decideAuthority(
    rule,
    { amountCents: step.amountCents, largestItemCents },
    usage,
  );
  const count = (approvalId: number | null) =>
    recordAuthorityUsage(ctx.db, {
      userId: ctx.user.id,
      action: step.action,
      caseKey: step.caseKey,
      amountCents: step.amountCents,
      localDate,
      at,
      approvalId,
    });
  if (decision.allowed) {
    await count(null);
    return { approvalId: null };
  }

  const open = await findOpenApproval(ctx.db, {
    userId: ctx.user.id,
    action: step.action,
    caseKey: step.caseKey,
    amountCents: step.amountCents,
  });
  if (open?.status === 'approved' && open.largestItemCents >= largestItemCents) {
    if (!(await setApprovalStatus(ctx.db, open.id, 'approved', 'used', { usedAt: at }))) {
      throw new DomainError('CONFLICT', msg('controls.approvalGone'));
    }
    await count(open.id);
    await ctx.audit({
      action: 'authority.approval-used',
      entityType: 'authority-approval',
      entityId: open.id,
      before: { status: 'approved' },
      after: { status: 'used', action: step.action, caseKey: step.caseKey },
    });
    ctx.afterCommit(() => ctx.deps.events.emit('changed', { area: 'authority', id: open.id }));
    return { approvalId: open.id };
  }
  const reasonMessages = decision.reasons.map(describeReason);
  // Stored and audited in English (the approvals list and the log); shown in the user's language.
  const reasons = reasonMessages.map(englishOf);
  if (open?.status === 'pending') {
    throw new DomainError(
      'PRECONDITION',
      msg('controls.waitingForApproval', { id: open.id, reasons: reasonMessages }),
      { detail: { approvalId: open.id, status: 'pending', reasons } satisfies ApprovalNeeded },
    );
  }
  const approvalId = await insertApproval(ctx.db, {
    action: step.action,
    caseKey: step.caseKey,
    amountCents: step.amountCents,
    largestItemCents,
    reasons,
    requestedBy: ctx.user.id,
    at,
  });
  await ctx.audit({
    action: 'authority.approval-requested',
    entityType: 'authority-approval',
    entityId: approvalId,
    after: {
      action: step.action,
      caseKey: step.caseKey,
      amountCents: step.amountCents,
      largestItemCents,
      reasons,
    },
  });
  ctx.afterCommit(() => ctx.deps.events.emit('changed', { area: 'authority', id: approvalId }));
  throw new DomainError(
    'PRECONDITION',
    msg('controls.sentForApproval', { id: approvalId, reasons: reasonMessages }),
    {
      commit: true,
      detail: { approvalId, status: 'pending', reasons } satisfies ApprovalNeeded,
    },
  );
}
