import { insertCustomerRequest, priorChanges } from '../../db/repositories/address-changes.ts';
import { requireAddressChange, saveAddressChange } from './load-change.ts';
import { accountsOfCustomer } from '../../db/repositories/accounts.ts';
import { raiseCustomerFlag } from '../../db/repositories/customer-flags.ts';
import { requireCustomer } from '../customers/load-customer.ts';
import { readSettings } from '../core/settings.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { changesSuspectedByRequest, type RedFlag } from '../domain/address-red-flags.ts';
import { addCalendarDays, daysBetween } from '../domain/dates.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { AREA, emitChanged } from './shared.ts';

export interface RequestInput {
  customerId: number;
  accountId?: number | undefined;
  kind: 'payoff' | 'title';
  channel: 'phone' | 'message' | 'mail';
  note?: string | undefined;
}

/**
 * Records a payoff or title request. One that follows a recent address change is the classic
 * takeover pattern: that change gets a red flag and goes (back) to a supervisor.
 */
export async function recordRequest(ctx: MutationContext, input: RequestInput) {
  const settings = await readSettings(ctx.db);
  const day = ctx.today;
  const at = ctx.now.toISOString();
  const customer = await requireCustomer(ctx.db, input.customerId);
  if (
    input.accountId &&
    !(await accountsOfCustomer(ctx.db, customer.id)).some((a) => a.id === input.accountId)
  ) {
    throw new DomainError('VALIDATION', msg('addressChanges.notCustomersAccount'), {
      fields: { accountId: msg('fields.notCustomersAccount') },
    });
  }
  const request = await insertCustomerRequest(ctx.db, {
    customerId: customer.id,
    accountId: input.accountId ?? null,
    kind: input.kind,
    channel: input.channel,
    note: input.note ?? null,
    requestedOn: day,
    createdAt: at,
    createdBy: ctx.user.id,
  });
  const policy = settings.addressChanges;
  const recent = (
    await priorChanges(ctx.db, customer.id, addCalendarDays(day, -policy.payoffAfterChangeDays))
  ).filter((c) => c.status === 'applied' || c.status === 'pending_approval');
  const suspected = changesSuspectedByRequest(day, recent, policy);
  for (const changeId of suspected) {
    const change = await requireAddressChange(ctx.db, changeId);
    const flag: RedFlag = {
      kind: 'payoff-or-title-request',
      detail: `A ${input.kind} request on ${day}, ${Math.max(0, daysBetween(change.requestedOn, day))} day(s) after this change`,
      facts: { requestKind: input.kind, on: day, windowDays: policy.payoffAfterChangeDays },
    };
    await recordChange(ctx, {
      action: 'address-change.flag',
      entityType: 'address_change',
      area: AREA,
      entityId: change.id,
      load: () => requireAddressChange(ctx.db, change.id),
      apply: (c) =>
        saveAddressChange(ctx.db, c.id, [c.status], {
          redFlags: [...c.redFlags.filter((f) => f.kind !== flag.kind), flag],
          ...(c.status === 'applied' && { status: 'in_review' as const }),
        }),
      auditView: (c) => ({ status: c.status, flags: c.redFlags.map((f) => f.kind) }),
      reason: flag.detail,
    });
  }
  if (suspected.length > 0) {
    await raiseCustomerFlag(
      ctx.db,
      {
        customerId: customer.id,
        kind: 'address-change-review',
        note: `${input.kind} request shortly after an address change: hold documents until a supervisor reviews change #${suspected.join(', #')}`,
        by: ctx.user.id,
      },
      at,
    );
  }
  await ctx.audit({
    action: `customer-request.${input.kind}`,
    entityType: 'customer',
    entityId: customer.id,
    after: {
      requestId: request.id,
      accountId: request.accountId,
      channel: input.channel,
      suspectedChanges: suspected,
    },
  });
  emitChanged(ctx, customer.id);
  return { request, suspectedChanges: suspected };
}
