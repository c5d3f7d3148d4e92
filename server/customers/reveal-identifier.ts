import { accountsOfCustomer, easyPayBankAccount } from '../../db/repositories/accounts.ts';
import { addressHistory } from '../../db/repositories/customer-addresses.ts';
import { customerPhones } from '../../db/repositories/customers.ts';
import { requireCustomer } from './load-customer.ts';
import type { MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { formatPhone } from '../domain/masking.ts';
import { openBankAccount } from './bank-account-seal.ts';
import { ROLE_SETS } from '../trpc/base.ts';

export interface RevealInput {
  customerId: number;
  field: 'phone' | 'bankAccount' | 'dateOfBirth' | 'ssnLast4' | 'postalCode' | 'vin';
  /**
   * Phone id; account id for a bank account or VIN; address id for a postal code; the
   * customer id for the date of birth and SSN last 4 (the verification answers, issue 21).
   */
  targetId: number;
  reason: string;
}

async function fullValue(ctx: MutationContext, input: RevealInput): Promise<string | null> {
  const accountOf = async () =>
    (await accountsOfCustomer(ctx.db, input.customerId)).find((a) => a.id === input.targetId);
  switch (input.field) {
    case 'phone': {
      const phone = (await customerPhones(ctx.db, input.customerId)).find(
        (p) => p.id === input.targetId,
      );
      return phone ? formatPhone(phone.number) : null;
    }
    case 'bankAccount': {
      const account = await accountOf();
      const stored = account ? await easyPayBankAccount(ctx.db, account.id) : null;
      return account && stored ? openBankAccount(ctx.deps, account.id, stored) : null;
    }
    case 'vin':
      return (await accountOf())?.vin ?? null;
    case 'postalCode':
      return (
        (await addressHistory(ctx.db, input.customerId)).find((a) => a.id === input.targetId)
          ?.postalCode ?? null
      );
    case 'dateOfBirth':
    case 'ssnLast4': {
      if (input.targetId !== input.customerId) return null;
      const customer = await requireCustomer(ctx.db, input.customerId);
      return input.field === 'dateOfBirth' ? customer.dateOfBirth : customer.ssnLast4;
    }
  }
}

/**
 * Shows one masked identifier in full (a phone number, the EasyPay bank account, or an answer
 * to identity verification: date of birth, SSN last 4, a postal code on file, a VIN), to a
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
    throw new DomainError('FORBIDDEN', msg('customers.revealSupervisorOnly'), {
      commit: true,
    });
  }
  const value = await fullValue(ctx, input);
  if (value === null) throw new DomainError('NOT_FOUND', msg('customers.identifierNotOnCustomer'));
  await ctx.audit({
    action: 'customer.reveal',
    entityType: 'customer',
    entityId: input.customerId,
    after: target,
    reason: input.reason,
  });
  return { ...target, value };
}
