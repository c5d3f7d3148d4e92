import { sql, type Selectable } from 'kysely';
import type { IsoDate } from '../../server/domain/dates.ts';
import type { AccountTerms } from '../../server/domain/ledger.ts';
import { TERMS_COLUMNS, termsOf } from './ledger.ts';
import type { DbOrTrx } from '../database.ts';
import type { AccountsTable } from '../schema/index.ts';

/** Loan and lease accounts: the holder and co-holder, the vehicle, EasyPay's bank account. */

export interface Account {
  id: number;
  accountNumber: string;
  type: 'lease' | 'loan';
  vin: string;
  vinLast8: string;
  vehicle: { year: number; make: string; model: string };
  holderCustomerId: number;
  coHolderCustomerId: number | null;
  termMonths: number;
  frequency: 'monthly' | 'semi-monthly';
  paymentCents: number;
  dueDay: number;
  openedOn: IsoDate;
  amountFinancedCents: number;
  aprBps: number;
  residualCents: number | null;
  status: 'active' | 'paid_off' | 'closed';
  closedOn: IsoDate | null;
  easyPay: { enrolled: boolean; bankLast4: string | null; routing: string | null };
  ultimatePay: { date: IsoDate; amountCents: number } | null;
  leaseMilesAllowed: number | null;
  createdAt: string;
}

export function toAccount(row: Selectable<AccountsTable>): Account {
  return {
    id: row.id,
    accountNumber: row.account_number,
    type: row.type,
    vin: row.vin,
    vinLast8: row.vin_last8,
    vehicle: { year: row.vehicle_year, make: row.vehicle_make, model: row.vehicle_model },
    holderCustomerId: row.holder_customer_id,
    coHolderCustomerId: row.co_holder_customer_id,
    termMonths: row.term_months,
    frequency: row.frequency,
    paymentCents: row.payment_cents,
    dueDay: row.due_day,
    openedOn: row.opened_on,
    amountFinancedCents: row.amount_financed_cents,
    aprBps: row.apr_bps,
    residualCents: row.residual_cents,
    status: row.status,
    closedOn: row.closed_on,
    easyPay: {
      enrolled: row.easypay_enrolled === 1,
      bankLast4: row.easypay_bank_last4,
      routing: row.easypay_routing,
    },
    ultimatePay:
      row.ultimatepay_date !== null && row.ultimatepay_cents !== null
        ? { date: row.ultimatepay_date, amountCents: row.ultimatepay_cents }
        : null,
    leaseMilesAllowed: row.lease_miles_allowed,
    createdAt: row.created_at,
  };
}

/** Accounts the customer holds or co-holds, active first, then newest. */
export async function accountsOfCustomer(db: DbOrTrx, customerId: number): Promise<Account[]> {
  const rows = await db
    .selectFrom('accounts')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('holder_customer_id', '=', customerId),
        eb('co_holder_customer_id', '=', customerId),
      ]),
    )
    .orderBy(sql`status = 'active'`, 'desc')
    .orderBy('opened_on', 'desc')
    .execute();
  return rows.map(toAccount);
}

/** An account as the customer panel beside a thread shows it, with the terms its figures need. */
export interface PanelAccount {
  id: number;
  accountNumber: string;
  type: 'lease' | 'loan';
  status: 'active' | 'paid_off' | 'closed';
  vehicle: { year: number; make: string; model: string };
  easyPayEnrolled: boolean;
  terms: AccountTerms;
}

/**
 * The accounts the customer holds or co-holds, active first, then newest (as
 * `accountsOfCustomer`), with only what the thread's customer panel shows and the contract
 * terms its amount due is computed from: no VIN, bank details or audit columns are read.
 */
export async function panelAccountsOfCustomer(
  db: DbOrTrx,
  customerId: number,
): Promise<PanelAccount[]> {
  // SQL text, not the builder: one of the thread screen's reads (see findThreadScreen).
  const { rows } = await sql<
    Pick<
      Selectable<AccountsTable>,
      | 'id'
      | 'account_number'
      | 'vehicle_year'
      | 'vehicle_make'
      | 'vehicle_model'
      | 'easypay_enrolled'
      | (typeof TERMS_COLUMNS)[number]
    >
  >`
    select id, account_number, vehicle_year, vehicle_make, vehicle_model, easypay_enrolled,
      ${sql.join(TERMS_COLUMNS.map((c) => sql.ref(c)))}
    from accounts
    where holder_customer_id = ${customerId} or co_holder_customer_id = ${customerId}
    order by status = 'active' desc, opened_on desc
  `.execute(db);
  return rows.map((row) => ({
    id: row.id,
    accountNumber: row.account_number,
    type: row.type,
    status: row.status,
    vehicle: { year: row.vehicle_year, make: row.vehicle_make, model: row.vehicle_model },
    easyPayEnrolled: row.easypay_enrolled === 1,
    terms: termsOf(row),
  }));
}

export async function findAccount(db: DbOrTrx, id: number): Promise<Account | null> {
  const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAccount(row) : null;
}

export async function findAccountByNumber(
  db: DbOrTrx,
  accountNumber: string,
): Promise<Account | null> {
  const row = await db
    .selectFrom('accounts')
    .selectAll()
    .where('account_number', '=', accountNumber)
    .executeTakeFirst();
  return row ? toAccount(row) : null;
}

/** Stored (sealed) EasyPay bank account number: only for an audited reveal, which opens it. */
export async function easyPayBankAccount(db: DbOrTrx, accountId: number): Promise<string | null> {
  const row = await db
    .selectFrom('accounts')
    .select('easypay_bank_account')
    .where('id', '=', accountId)
    .executeTakeFirst();
  return row?.easypay_bank_account ?? null;
}

/** EasyPay bank account numbers not yet sealed (stored without `sealedPrefix`). */
export async function plainEasyPayBankAccounts(
  db: DbOrTrx,
  sealedPrefix: string,
): Promise<Array<{ id: number; plain: string; last4: string | null }>> {
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'easypay_bank_account', 'easypay_bank_last4'])
    .where('easypay_bank_account', 'is not', null)
    .where('easypay_bank_account', 'not like', `${sealedPrefix}%`)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    plain: r.easypay_bank_account as string,
    last4: r.easypay_bank_last4,
  }));
}

/** Replaces a stored bank account number by its sealed form, with its last 4. */
export async function setSealedEasyPayBankAccount(
  db: DbOrTrx,
  accountId: number,
  value: { sealed: string; last4: string },
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ easypay_bank_account: value.sealed, easypay_bank_last4: value.last4 })
    .where('id', '=', accountId)
    .execute();
}

export interface NewAccount {
  accountNumber: string;
  type: 'lease' | 'loan';
  vin: string;
  vehicle: { year: number; make: string; model: string };
  holderCustomerId: number;
  coHolderCustomerId?: number | null;
  termMonths: number;
  frequency: 'monthly' | 'semi-monthly';
  paymentCents: number;
  dueDay: number;
  openedOn: IsoDate;
  amountFinancedCents: number;
  aprBps: number;
  residualCents?: number | null;
  status?: 'active' | 'paid_off' | 'closed';
  closedOn?: IsoDate | null;
  easyPay?: { bankAccount: string; routing: string } | null;
  ultimatePay?: { date: IsoDate; amountCents: number } | null;
  leaseMilesAllowed?: number | null;
}

export async function createAccount(db: DbOrTrx, input: NewAccount, at: string): Promise<Account> {
  const row = await db
    .insertInto('accounts')
    .values({
      account_number: input.accountNumber,
      type: input.type,
      vin: input.vin,
      vehicle_year: input.vehicle.year,
      vehicle_make: input.vehicle.make,
      vehicle_model: input.vehicle.model,
      holder_customer_id: input.holderCustomerId,
      co_holder_customer_id: input.coHolderCustomerId ?? null,
      term_months: input.termMonths,
      frequency: input.frequency,
      payment_cents: input.paymentCents,
      due_day: input.dueDay,
      opened_on: input.openedOn,
      amount_financed_cents: input.amountFinancedCents,
      apr_bps: input.aprBps,
      residual_cents: input.residualCents ?? null,
      status: input.status ?? 'active',
      closed_on: input.closedOn ?? null,
      easypay_enrolled: input.easyPay ? 1 : 0,
      easypay_bank_account: input.easyPay?.bankAccount ?? null,
      easypay_bank_last4: input.easyPay ? input.easyPay.bankAccount.slice(-4) : null,
      easypay_routing: input.easyPay?.routing ?? null,
      ultimatepay_date: input.ultimatePay?.date ?? null,
      ultimatepay_cents: input.ultimatePay?.amountCents ?? null,
      lease_miles_allowed: input.leaseMilesAllowed ?? null,
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAccount(row);
}
