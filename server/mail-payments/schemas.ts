import { z } from 'zod';
import { DomainError, msg } from '../domain/errors.ts';
import { parseAmountToCents } from '../domain/money.ts';
import type { ItemInput } from '../../db/repositories/mail-payments.ts';
import { fieldKey } from '../trpc/zod-messages.ts';

/** The mail-payments inputs, in one place (the router and the use cases share them). */

export const INSTRUMENT_TYPES = ['personal_check', 'cashiers_check', 'money_order'] as const;

export const itemFields = {
  accountNumber: z.string().trim().max(30),
  /** Typed as on a 10-key: "12345" = $123.45; "123.45" works too. */
  amount: z.string().trim().min(1, fieldKey('fields.enterAmount')).max(20),
  instrumentNumber: z.string().trim().max(30),
  instrumentType: z.enum(INSTRUMENT_TYPES),
  payee: z.string().trim().max(120),
  routingNumber: z.string().trim().max(20),
  remitter: z.string().trim().max(120),
  notes: z.string().trim().max(500).default(''),
  paidInFull: z.boolean().default(false),
};
export const itemFieldsSchema = z.strictObject(itemFields);
export type ItemFields = z.infer<typeof itemFieldsSchema>;

export const AMOUNT_HELP = msg('mailPayments.amountHelp');

/** Reads a 10-key amount or refuses it with a field error. */
export function parseAmount(text: string, field = 'amount'): number {
  const cents = parseAmountToCents(text, { digitsAreCents: true });
  if (cents === null)
    throw new DomainError('VALIDATION', msg('mailPayments.amountInvalid', { text }), {
      fields: { [field]: AMOUNT_HELP },
    });
  return cents;
}

export function toItemInput(fields: ItemFields): ItemInput {
  return { ...fields, amountCents: parseAmount(fields.amount) };
}
