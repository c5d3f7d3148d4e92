import { addressRowById, type AddressChange } from '../../db/repositories/address-changes.ts';
import { requireAddressChange, saveAddressChange } from './load-change.ts';
import { addAddress } from '../../db/repositories/customer-addresses.ts';
import { readSettings } from '../core/settings.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { checkerRefusal } from '../domain/address-red-flags.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { applyChange } from './apply-change.ts';
import { AREA } from './shared.ts';

/**
 * The checker's decision on a change waiting for one (maker ≠ checker). Approve: a waiting
 * change applies (letters sent); a change in review stands. Reject: a waiting change never
 * applies; a change in review is reverted (the old address comes back as a new row).
 */

const ACTIONS = {
  approve: {
    pending_approval: 'address-change.approve',
    in_review: 'address-change.review-confirm',
  },
  reject: { pending_approval: 'address-change.reject', in_review: 'address-change.revert' },
} as const;

const auditView = (c: AddressChange) => ({
  status: c.status,
  newAddressId: c.newAddressId,
  restoredAddressId: c.restoredAddressId,
  effectiveFrom: c.effectiveFrom,
});

async function decide(
  ctx: MutationContext,
  decision: 'approve' | 'reject',
  input: { id: number; reason: string },
  apply: (change: AddressChange) => Promise<void>,
): Promise<{ ok: true }> {
  const current = await requireAddressChange(ctx.db, input.id);
  const waiting = current.status === 'pending_approval' || current.status === 'in_review';
  await recordChange(ctx, {
    action: waiting
      ? ACTIONS[decision][current.status as 'pending_approval' | 'in_review']
      : `address-change.${decision}`,
    entityType: 'address_change',
    area: AREA,
    entityId: current.id,
    load: () => requireAddressChange(ctx.db, input.id),
    guard: (change) => {
      const refusal = checkerRefusal(change.createdBy, ctx.user.id, decision);
      if (refusal) throw new DomainError('FORBIDDEN', refusal);
      if (change.status !== current.status || !waiting)
        throw new DomainError('CONFLICT', msg('addressChanges.notWaiting'));
    },
    apply,
    auditView,
    reason: input.reason,
  });
  ctx.afterCommit(() => ctx.deps.events.emit('changed', { area: 'customers', id: current.id }));
  return { ok: true };
}

export function approveChange(ctx: MutationContext, input: { id: number; reason: string }) {
  return decide(ctx, 'approve', input, async (change) => {
    if (change.status === 'pending_approval') {
      await applyChange(ctx, await readSettings(ctx.db), change, ['pending_approval'], {
        reason: input.reason,
      });
      return;
    }
    await saveAddressChange(ctx.db, change.id, ['in_review'], {
      status: 'applied',
      decidedAt: ctx.now.toISOString(),
      decidedBy: ctx.user.id,
      decisionReason: input.reason,
    });
  });
}

export function rejectChange(ctx: MutationContext, input: { id: number; reason: string }) {
  return decide(ctx, 'reject', input, async (change) => {
    const at = ctx.now.toISOString();
    const decided = { decidedAt: at, decidedBy: ctx.user.id, decisionReason: input.reason };
    if (change.status === 'pending_approval') {
      await saveAddressChange(ctx.db, change.id, ['pending_approval'], {
        status: 'rejected',
        ...decided,
      });
      return;
    }
    const old = await addressRowById(ctx.db, change.oldAddressId);
    if (!old) throw new DomainError('PRECONDITION', msg('addressChanges.noEarlierAddress'));
    const day = ctx.today;
    // History is never rewritten: the old address comes back as a new row.
    const restored = await addAddress(
      ctx.db,
      {
        customerId: change.customerId,
        line1: old.line1,
        line2: old.line2,
        city: old.city,
        region: old.region,
        postalCode: old.postal_code,
        country: old.country,
        effectiveFrom: change.effectiveFrom > day ? change.effectiveFrom : day,
        source: 'address-change-reverted',
        createdBy: ctx.user.id,
      },
      at,
    );
    await saveAddressChange(ctx.db, change.id, ['in_review'], {
      status: 'reverted',
      restoredAddressId: restored.id,
      ...decided,
    });
  });
}
