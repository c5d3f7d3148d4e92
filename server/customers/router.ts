import { fieldKey } from '../trpc/zod-messages.ts';
import { z } from 'zod';
import { accountLedger } from '../ledger/account-position.ts';
import { agentProcedure, router } from '../trpc/base.ts';
import { findCustomers } from './find-customers.ts';
import { buildCustomer360 } from './get-customer-360.ts';
import { revealIdentifier } from './reveal-identifier.ts';

const id = z.number().int().positive();

export const customersRouter = router({
  /**
   * The one search box: account number, VIN (full or last 8), name (prefix, accents ignored),
   * phone or e-mail. Fast at 200k customers (indexes and FTS5 only).
   */
  search: agentProcedure
    .input(
      z.strictObject({ q: z.string().max(120), limit: z.number().int().min(1).max(50).optional() }),
    )
    .query(({ ctx, input }) => findCustomers(ctx, input.q, input.limit)),

  /** Customer 360: identity (masked), address and history, accounts with amounts due, flags. */
  get360: agentProcedure
    .input(z.strictObject({ customerId: id }))
    .query(({ ctx, input }) => buildCustomer360(ctx, input.customerId, ctx.user.role)),

  /** One account's ledger through today (newest first, running balance), for the virtualised table. */
  ledger: agentProcedure.input(z.strictObject({ accountId: id })).query(async ({ ctx, input }) => ({
    accountId: input.accountId,
    today: ctx.today,
    lines: await accountLedger(ctx.db, input.accountId, ctx.today),
  })),

  /**
   * Shows one masked identifier in full (a phone number or the EasyPay bank account), to a
   * supervisor or admin, with a reason; every reveal — and every refused attempt — is audited.
   */
  reveal: agentProcedure
    .input(
      z.strictObject({
        customerId: id,
        field: z.enum(['phone', 'bankAccount', 'dateOfBirth', 'ssnLast4', 'postalCode', 'vin']),
        /**
         * Phone id; account id for a bank account or VIN; address id for a postal code; the
         * customer id for the date of birth and SSN last 4.
         */
        targetId: id,
        reason: z.string().trim().min(3, fieldKey('fields.sayWhyFullValue')).max(300),
      }),
    )
    .mutation(({ ctx, input }) => revealIdentifier(ctx, input)),
});
