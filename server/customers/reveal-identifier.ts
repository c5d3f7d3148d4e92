import {
  accountsOfCustomer,
  customerPhones,
  easyPayBankAccount,
  requireCustomer,
} from '../../db/repositories/customers.ts';
import type { MutationContext } from '../core/record-change.ts';
import { DomainError } from '../domain/errors.ts';
import { formatPhone } from '../domain/masking.ts';
import { ROLE_SETS } from '../trpc/base.ts';

export interface RevealInput {
  customerId: number;
  field: 'phone' | 'bankAccount';
  /** Phone id, or account id for a bank account. */
  targetId: number;
  reason: string;
}

async function fullValue(ctx: MutationContext, input: RevealInput): Promise<string | null> {
  if (input.field === 'phone') {
    const phone = (await customerPhones(ctx.db, input.customerId)).find(
      (p) => p.id === input.targetId,
    );
    return phone ? formatPhone(phone.number) : null;
  }
  const account = (await accountsOfCustomer(ctx.db, input.customerId)).find(
    (a) => a.id === input.targetId,
  );
  return account ? easyPayBankAccount(ctx.db, account.id) : null;
}

/**
 * Shows one masked identifier in full (a phone number or the EasyPay bank account), to a
 * supervisor or admin, with a reason; every reveal — and every refused attempt — is audited.
 * The audit record names what was revealed, never the value.
 */
export async function revealIdentifier(ctx: MutationContext, input: RevealInput) {
  await requireCustomer(ctx.db, input.customerId);
  const target = { field: input.field, targetId: input.targetId };
  if (!(ROLE_SETS.revealPii as readonly string[]).includes(ctx.user.role)) {
    await ctx.audit({
      action: 'customer.reveal-refused',
      entityType: 'customer',
      entityId: input.customerId,
      after: target,
      reason: input.reason,
    });
    throw new DomainError('FORBIDDEN', 'Only a supervisor can reveal a full identifier.', {
      commit: true,
    });
  }
  const value = await fullValue(ctx, input);
  if (value === null)
    throw new DomainError('NOT_FOUND', 'That identifier is not on this customer.');
  await ctx.audit({
    action: 'customer.reveal',
    entityType: 'customer',
    entityId: input.customerId,
    after: target,
    reason: input.reason,
  });
  return { ...target, value };
}
