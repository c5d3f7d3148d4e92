import { loadCalendar } from '../calendar/load-calendar.ts';
import { accountsOfCustomer } from '../../db/repositories/accounts.ts';
import {
  addressAsOf,
  addressHistory,
  type Address,
} from '../../db/repositories/customer-addresses.ts';
import { accountFlags, customerFlags } from '../../db/repositories/customer-flags.ts';
import { customerDisplayNames, customerPhones } from '../../db/repositories/customers.ts';
import { requireCustomer } from './load-customer.ts';
import { ledgerEntriesOf, termsOf } from '../../db/repositories/ledger.ts';
import { ledgerOptions } from '../ledger/account-position.ts';
import type { IsoDate } from '../domain/dates.ts';
import { easyPayOutlook } from '../domain/easypay.ts';
import { scheduleDueDates, summarizeAccount } from '../domain/ledger.ts';
import {
  maskAddress,
  maskBankAccount,
  maskDateOfBirth,
  maskPhone,
  maskSsn,
  maskVin,
} from '../domain/masking.ts';
import { ROLE_SETS, type StaffContext } from '../trpc/base.ts';

type AddressStatus = 'current' | 'past' | 'future' | 'superseded';

function addressStatus(a: Address, today: IsoDate): AddressStatus {
  if (a.effectiveTo !== null && a.effectiveTo <= a.effectiveFrom) return 'superseded';
  if (a.effectiveFrom > today) return 'future';
  if (a.effectiveTo !== null && a.effectiveTo <= today) return 'past';
  return 'current';
}

/**
 * The customer 360: everything an agent needs beside any workflow, with identifiers masked and
 * the verification answers (date of birth, SSN last 4, postal code, full VIN) never sent.
 * Other areas call `customers.get360` (or reuse `buildCustomer360`) rather than re-querying.
 */
export async function buildCustomer360(
  ctx: Pick<StaffContext, 'db' | 'today' | 'timeZone'>,
  customerId: number,
  role: string,
) {
  const { db, today, timeZone } = ctx;
  const customer = await requireCustomer(db, customerId);
  const options = await ledgerOptions(db);
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
  const nameOf = await customerDisplayNames(db, otherIds);

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
      const summary = summarizeAccount(terms, entries, today, options);
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
        vinMasked: maskVin(account.vinLast8),
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
      dateOfBirthMasked: maskDateOfBirth(customer.dateOfBirth),
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
    address: current && maskAddress(current),
    addressHistory: history.map((a) => ({ ...maskAddress(a), status: addressStatus(a, today) })),
    accounts: accountViews,
    recentPayments: recentPayments.slice(0, 5),
    flags,
  };
}

export type Customer360 = Awaited<ReturnType<typeof buildCustomer360>>;
