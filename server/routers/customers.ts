import { z } from 'zod';
import { loadCalendar } from '../../db/repositories/calendar.ts';
import {
  accountFlags,
  accountsOfCustomer,
  addressAsOf,
  addressHistory,
  customerFlags,
  customerPhones,
  easyPayBankAccount,
  requireCustomer,
  searchCustomers,
  type Address,
} from '../../db/repositories/customers.ts';
import { accountLedger, ledgerEntriesOf, termsOf } from '../../db/repositories/ledger.ts';
import { readSetting } from '../../db/repositories/settings.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { localDateOf, type IsoDate } from '../domain/dates.ts';
import { easyPayOutlook } from '../domain/easypay.ts';
import { DomainError } from '../domain/errors.ts';
import { scheduleDueDates, summarizeAccount } from '../domain/ledger.ts';
import { formatPhone, maskBankAccount, maskPhone, maskSsn } from '../domain/masking.ts';
import { agentProcedure, ROLE_SETS, router } from '../trpc/base.ts';

const id = z.number().int().positive();

/** The centre-local "today" of the injected clock (the trainer's clock in training). */
export async function centreToday(
  db: DbOrTrx,
  now: Date,
): Promise<{ today: IsoDate; timeZone: string }> {
  const { timeZone } = await readSetting(db, 'identity');
  return { today: localDateOf(now, timeZone), timeZone };
}

type AddressStatus = 'current' | 'past' | 'future' | 'superseded';

function addressStatus(a: Address, today: IsoDate): AddressStatus {
  if (a.effectiveTo !== null && a.effectiveTo <= a.effectiveFrom) return 'superseded';
  if (a.effectiveFrom > today) return 'future';
  if (a.effectiveTo !== null && a.effectiveTo <= today) return 'past';
  return 'current';
}

/**
 * The customer 360: everything an agent needs beside any workflow, with identifiers masked.
 * Other areas call `customers.get360` (or reuse `buildCustomer360`) rather than re-querying.
 */
export async function buildCustomer360(db: DbOrTrx, customerId: number, now: Date, role: string) {
  const customer = await requireCustomer(db, customerId);
  const { today, timeZone } = await centreToday(db, now);
  const order = await readSetting(db, 'paymentApplicationOrder');
  const feesFirst = order.indexOf('fees') < order.indexOf('pastDue');
  const [phones, current, history, accounts, flags, calendar] = await Promise.all([
    customerPhones(db, customerId),
    addressAsOf(db, customerId, today),
    addressHistory(db, customerId),
    accountsOfCustomer(db, customerId),
    customerFlags(db, customerId),
    loadCalendar(db),
  ]);
  const otherIds = [
    ...new Set(
      accounts
        .flatMap((a) => [a.holderCustomerId, a.coHolderCustomerId])
        .filter((x): x is number => x !== null && x !== customerId),
    ),
  ];
  const others = otherIds.length
    ? await db
        .selectFrom('customers')
        .select(['id', 'first_name', 'last_name', 'business_name'])
        .where('id', 'in', otherIds)
        .execute()
    : [];
  const nameOf = new Map(
    others.map((o) => [o.id, o.business_name ?? `${o.first_name} ${o.last_name}`]),
  );

  const recentPayments: Array<{
    accountId: number;
    accountNumber: string;
    postedOn: IsoDate;
    amountCents: number;
    code: string | null;
  }> = [];
  const accountViews = await Promise.all(
    accounts.map(async (account) => {
      const entries = await ledgerEntriesOf(db, account.id);
      const terms = termsOf(account);
      const summary = summarizeAccount(terms, entries, today, { feesFirst });
      for (const e of entries) {
        if (e.kind === 'payment' && e.postedOn <= today) {
          recentPayments.push({
            accountId: account.id,
            accountNumber: account.accountNumber,
            postedOn: e.postedOn,
            amountCents: -e.amountCents,
            code: e.code,
          });
        }
      }
      const role =
        account.holderCustomerId === customerId ? ('holder' as const) : ('co-holder' as const);
      const otherId = role === 'holder' ? account.coHolderCustomerId : account.holderCustomerId;
      const outlook =
        account.easyPay.enrolled && account.status === 'active'
          ? easyPayOutlook(calendar, scheduleDueDates(terms), today)
          : null;
      return {
        id: account.id,
        accountNumber: account.accountNumber,
        type: account.type,
        status: account.status,
        vin: account.vin,
        vinLast8: account.vinLast8,
        vehicle: account.vehicle,
        role,
        otherHolder:
          otherId === null ? null : { id: otherId, displayName: nameOf.get(otherId) ?? '' },
        termMonths: account.termMonths,
        frequency: account.frequency,
        paymentCents: account.paymentCents,
        dueDay: account.dueDay,
        openedOn: account.openedOn,
        closedOn: account.closedOn,
        aprBps: account.aprBps,
        leaseMilesAllowed: account.leaseMilesAllowed,
        easyPay: {
          enrolled: account.easyPay.enrolled,
          bankAccountMasked: maskBankAccount(account.easyPay.bankLast4),
          routing: account.easyPay.routing,
          outlook,
        },
        ultimatePay: account.ultimatePay,
        summary,
        flags: await accountFlags(db, account.id),
      };
    }),
  );
  recentPayments.sort((a, b) => (a.postedOn < b.postedOn ? 1 : a.postedOn > b.postedOn ? -1 : 0));

  return {
    today,
    timeZone,
    canReveal: (ROLE_SETS.revealPii as readonly string[]).includes(role),
    customer: {
      id: customer.id,
      kind: customer.kind,
      displayName: customer.displayName,
      firstName: customer.firstName,
      lastName: customer.lastName,
      businessName: customer.businessName,
      dateOfBirth: customer.dateOfBirth,
      ssnMasked: maskSsn(customer.ssnLast4),
      email: customer.email,
      language: customer.language,
      createdAt: customer.createdAt,
    },
    phones: phones.map((p) => ({
      id: p.id,
      kind: p.kind,
      masked: maskPhone(p.number),
      isPrimary: p.isPrimary,
    })),
    address: current,
    addressHistory: history.map((a) => ({ ...a, status: addressStatus(a, today) })),
    accounts: accountViews,
    recentPayments: recentPayments.slice(0, 5),
    flags,
  };
}

export type Customer360 = Awaited<ReturnType<typeof buildCustomer360>>;

export const customersRouter = router({
  /**
   * The one search box: account number, VIN (full or last 8), name (prefix, accents ignored),
   * phone or e-mail. Fast at 200k customers (indexes and FTS5 only).
   */
  search: agentProcedure
    .input(
      z.strictObject({ q: z.string().max(120), limit: z.number().int().min(1).max(50).optional() }),
    )
    .query(async ({ ctx, input }) => {
      const { today } = await centreToday(ctx.db, ctx.now);
      return searchCustomers(ctx.db, input.q, {
        today,
        ...(input.limit ? { limit: input.limit } : {}),
      });
    }),

  /** Customer 360: identity (masked), address and history, accounts with amounts due, flags. */
  get360: agentProcedure
    .input(z.strictObject({ customerId: id }))
    .query(({ ctx, input }) => buildCustomer360(ctx.db, input.customerId, ctx.now, ctx.user.role)),

  /** One account's ledger through today (newest first, running balance), for the virtualised table. */
  ledger: agentProcedure.input(z.strictObject({ accountId: id })).query(async ({ ctx, input }) => {
    const { today } = await centreToday(ctx.db, ctx.now);
    return {
      accountId: input.accountId,
      today,
      lines: await accountLedger(ctx.db, input.accountId, today),
    };
  }),

  /**
   * Shows one masked identifier in full (a phone number or the EasyPay bank account), to a
   * supervisor or admin, with a reason; every reveal — and every refused attempt — is audited.
   * The audit record names what was revealed, never the value.
   */
  reveal: agentProcedure
    .input(
      z.strictObject({
        customerId: id,
        field: z.enum(['phone', 'bankAccount']),
        /** Phone id, or account id for a bank account. */
        targetId: id,
        reason: z.string().trim().min(3, 'Say why you need the full value').max(300),
      }),
    )
    .mutation(async ({ ctx, input }) => {
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
      let value: string | null;
      if (input.field === 'phone') {
        const phone = (await customerPhones(ctx.db, input.customerId)).find(
          (p) => p.id === input.targetId,
        );
        value = phone ? formatPhone(phone.number) : null;
      } else {
        const account = (await accountsOfCustomer(ctx.db, input.customerId)).find(
          (a) => a.id === input.targetId,
        );
        value = account ? await easyPayBankAccount(ctx.db, account.id) : null;
      }
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
    }),
});
