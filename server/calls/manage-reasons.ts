import {
  callReasonRows,
  findCallReason,
  insertCallReason,
  updateCallReason,
  type CallReasonRow,
} from '../../db/repositories/calls.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';

/**
 * Admin: the call reason codes (configuration as data). A code is added once and never renamed
 * (old calls and reports key on it); its labels and order change; retiring it takes it off the
 * wrap-up list while old calls still show it. At least one code stays active. Each change goes
 * through the one change sequence, so it is audited with before, after and the admin's reason.
 */

async function requireReason(ctx: MutationContext, code: string): Promise<CallReasonRow> {
  const found = await findCallReason(ctx.db, code);
  if (!found)
    throw new DomainError('NOT_FOUND', msg('calls.noReasonCode', { code }), {
      fields: { code: msg('calls.fieldUnknownCode') },
    });
  return found;
}

export async function addReason(
  ctx: MutationContext,
  input: {
    code: string;
    labelEn: string;
    labelFr: string;
    sortOrder?: number | undefined;
    reason: string;
  },
) {
  const rows = await callReasonRows(ctx.db);
  if (rows.some((r) => r.code === input.code))
    throw new DomainError('CONFLICT', msg('calls.codeExists', { code: input.code }), {
      fields: { code: msg('calls.fieldAlreadyUsed') },
    });
  const sortOrder = input.sortOrder ?? Math.max(0, ...rows.map((r) => r.sortOrder)) + 10;
  const { after } = await recordChange(ctx, {
    action: 'call-reason.add',
    entityType: 'call_reason',
    area: 'calls',
    entityId: input.code,
    load: () => findCallReason(ctx.db, input.code),
    apply: () =>
      insertCallReason(ctx.db, {
        code: input.code,
        labelEn: input.labelEn,
        labelFr: input.labelFr,
        sortOrder,
        active: true,
      }),
    reason: input.reason,
  });
  return after!;
}

export async function changeReason(
  ctx: MutationContext,
  input: {
    code: string;
    labelEn?: string | undefined;
    labelFr?: string | undefined;
    sortOrder?: number | undefined;
    active?: boolean | undefined;
    reason: string;
  },
) {
  const { after } = await recordChange(ctx, {
    action: input.active === false ? 'call-reason.retire' : 'call-reason.update',
    entityType: 'call_reason',
    area: 'calls',
    entityId: input.code,
    load: () => requireReason(ctx, input.code),
    guard: async (row) => {
      if (input.active === false && row.active) {
        const active = (await callReasonRows(ctx.db)).filter((r) => r.active);
        if (active.length <= 1)
          throw new DomainError('PRECONDITION', msg('calls.keepOneReason'), {
            fields: { active: msg('calls.fieldLastActiveCode') },
          });
      }
    },
    apply: () =>
      updateCallReason(ctx.db, input.code, {
        labelEn: input.labelEn,
        labelFr: input.labelFr,
        sortOrder: input.sortOrder,
        active: input.active,
      }),
    reason: input.reason,
  });
  return after;
}

export function listReasons(ctx: Pick<MutationContext, 'db'>) {
  return callReasonRows(ctx.db);
}
