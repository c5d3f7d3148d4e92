import { sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type { IsoDate } from '../../server/domain/dates.ts';
import type { DbOrTrx } from '../database.ts';
import type {
  AccountFlagsTable,
  AccountsTable,
  Country,
  CustomerAddressesTable,
  CustomerFlagsTable,
  CustomerKind,
  CustomerPhonesTable,
  CustomersTable,
  PhoneKind,
  DB,
} from '../schema/index.ts';

/** A customer as the desk sees it (identifiers in full: masking happens at the router). */
export interface Customer {
  id: number;
  kind: CustomerKind;
  firstName: string;
  lastName: string;
  businessName: string | null;
  /** Business name, or "First Last". */
  displayName: string;
  dateOfBirth: IsoDate | null;
  ssnLast4: string | null;
  email: string | null;
  language: 'en' | 'fr';
  createdAt: string;
  updatedAt: string;
}

export interface Phone {
  id: number;
  customerId: number;
  kind: PhoneKind;
  /** 10 digits. */
  number: string;
  isPrimary: boolean;
}

export interface Address {
  id: number;
  customerId: number;
  line1: string;
  line2: string | null;
  city: string;
  region: string;
  postalCode: string;
  country: Country;
  effectiveFrom: IsoDate;
  /** Exclusive; null while it has no successor. */
  effectiveTo: IsoDate | null;
  source: string;
  createdAt: string;
  createdBy: number | null;
}

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

export interface Flag {
  id: number;
  kind: string;
  note: string | null;
  raisedAt: string;
  raisedBy: number | null;
  clearedAt: string | null;
  clearedBy: number | null;
  clearReason: string | null;
}

export function toCustomer(row: Omit<Selectable<CustomersTable>, 'search_name'>): Customer {
  return {
    id: row.id,
    kind: row.kind,
    firstName: row.first_name,
    lastName: row.last_name,
    businessName: row.business_name,
    displayName: row.business_name ?? `${row.first_name} ${row.last_name}`,
    dateOfBirth: row.date_of_birth,
    ssnLast4: row.ssn_last4,
    email: row.email,
    language: row.language,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toPhone(row: Selectable<CustomerPhonesTable>): Phone {
  return {
    id: row.id,
    customerId: row.customer_id,
    kind: row.kind,
    number: row.number,
    isPrimary: row.is_primary === 1,
  };
}

export function toAddress(row: Selectable<CustomerAddressesTable>): Address {
  return {
    id: row.id,
    customerId: row.customer_id,
    line1: row.line1,
    line2: row.line2,
    city: row.city,
    region: row.region,
    postalCode: row.postal_code,
    country: row.country,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    source: row.source,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
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

function toFlag(row: Selectable<CustomerFlagsTable> | Selectable<AccountFlagsTable>): Flag {
  return {
    id: row.id,
    kind: row.kind,
    note: row.note,
    raisedAt: row.raised_at,
    raisedBy: row.raised_by,
    clearedAt: row.cleared_at,
    clearedBy: row.cleared_by,
    clearReason: row.clear_reason,
  };
}

const CUSTOMER_COLUMNS = [
  'id',
  'kind',
  'first_name',
  'last_name',
  'business_name',
  'date_of_birth',
  'ssn_last4',
  'email',
  'language',
  'created_at',
  'updated_at',
] as const;

export async function findCustomer(db: DbOrTrx, id: number): Promise<Customer | null> {
  const row = await db
    .selectFrom('customers')
    .select(CUSTOMER_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toCustomer(row) : null;
}

export interface NewCustomer {
  kind?: CustomerKind;
  firstName: string;
  lastName: string;
  businessName?: string | null;
  dateOfBirth?: IsoDate | null;
  ssnLast4?: string | null;
  email?: string | null;
  language?: 'en' | 'fr';
}

/** Inserts a customer (fixtures, onboarding). E-mail is stored lower-case. */
export async function createCustomer(
  db: DbOrTrx,
  input: NewCustomer,
  at: string,
): Promise<Customer> {
  const row = await db
    .insertInto('customers')
    .values({
      kind: input.kind ?? (input.businessName ? 'business' : 'personal'),
      first_name: input.firstName,
      last_name: input.lastName,
      business_name: input.businessName ?? null,
      date_of_birth: input.dateOfBirth ?? null,
      ssn_last4: input.ssnLast4 ?? null,
      email: input.email ? input.email.trim().toLowerCase() : null,
      language: input.language ?? 'en',
      created_at: at,
      updated_at: at,
    })
    .returning(CUSTOMER_COLUMNS)
    .executeTakeFirstOrThrow();
  return toCustomer(row);
}

export async function customerPhones(db: DbOrTrx, customerId: number): Promise<Phone[]> {
  const rows = await db
    .selectFrom('customer_phones')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('is_primary', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toPhone);
}

export async function addPhone(
  db: DbOrTrx,
  input: { customerId: number; kind: PhoneKind; number: string; isPrimary?: boolean },
  at: string,
): Promise<Phone> {
  const row = await db
    .insertInto('customer_phones')
    .values({
      customer_id: input.customerId,
      kind: input.kind,
      number: input.number,
      is_primary: input.isPrimary ? 1 : 0,
      created_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPhone(row);
}

/**
 * The effective-dating rule of addresses as a Kysely filter: the row in effect on `date`
 * (`effective_from` inclusive, `effective_to` exclusive). Every "address on date D" query uses it.
 *
 * @example db.selectFrom('customer_addresses').selectAll().where(inEffectOn('2026-11-20'))
 */
export function inEffectOn(date: IsoDate) {
  return (eb: ExpressionBuilder<DB, 'customer_addresses'>) =>
    eb.and([
      eb('effective_from', '<=', date),
      eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', date)]),
    ]);
}

/**
 * The address in effect for a customer on `date` (effective_from <= date < effective_to), or
 * null when none was (yet).
 *
 * @example await addressAsOf(db, 42, '2026-11-23')
 */
export async function addressAsOf(
  db: DbOrTrx,
  customerId: number,
  date: IsoDate,
): Promise<Address | null> {
  const row = await db
    .selectFrom('customer_addresses')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where(inEffectOn(date))
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toAddress(row) : null;
}

/** Every address the customer has had or will have, newest first. */
export async function addressHistory(db: DbOrTrx, customerId: number): Promise<Address[]> {
  const rows = await db
    .selectFrom('customer_addresses')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toAddress);
}

export interface NewAddress {
  customerId: number;
  line1: string;
  line2?: string | null;
  city: string;
  region: string;
  postalCode: string;
  country: Country;
  effectiveFrom: IsoDate;
  source: string;
  createdBy?: number | null;
}

/**
 * Adds an address to the history, effective from `effectiveFrom`. Earlier rows are never
 * rewritten: the address in effect on that day gets `effective_to = effectiveFrom` (one that
 * started the same day gets an empty range: superseded), and the new one ends where the next
 * later address (a future-dated move) begins.
 * Run it inside the caller's transaction.
 */
export async function addAddress(db: DbOrTrx, input: NewAddress, at: string): Promise<Address> {
  const later = await db
    .selectFrom('customer_addresses')
    .select('effective_from')
    .where('customer_id', '=', input.customerId)
    .where('effective_from', '>', input.effectiveFrom)
    .orderBy('effective_from')
    .limit(1)
    .executeTakeFirst();
  // Rows starting the same day end that day: an empty range, i.e. superseded before it applied.
  await db
    .updateTable('customer_addresses')
    .set({ effective_to: input.effectiveFrom })
    .where('customer_id', '=', input.customerId)
    .where('effective_from', '<=', input.effectiveFrom)
    .where((eb) =>
      eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', input.effectiveFrom)]),
    )
    .execute();
  const row = await db
    .insertInto('customer_addresses')
    .values({
      customer_id: input.customerId,
      line1: input.line1,
      line2: input.line2 ?? null,
      city: input.city,
      region: input.region,
      postal_code: input.postalCode,
      country: input.country,
      effective_from: input.effectiveFrom,
      effective_to: later?.effective_from ?? null,
      source: input.source,
      created_at: at,
      created_by: input.createdBy ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAddress(row);
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

// ---------------------------------------------------------------------------------------------
// Flags: verification locks (address changes), NSF (mail payments), and the like. A flag is
// raised and later cleared, never deleted, so the 360 can show what was and when.

export async function customerFlags(
  db: DbOrTrx,
  customerId: number,
  options: { includeCleared?: boolean } = {},
): Promise<Flag[]> {
  let q = db.selectFrom('customer_flags').selectAll().where('customer_id', '=', customerId);
  if (!options.includeCleared) q = q.where('cleared_at', 'is', null);
  return (await q.orderBy('raised_at', 'desc').orderBy('id', 'desc').execute()).map(toFlag);
}

export async function accountFlags(
  db: DbOrTrx,
  accountId: number,
  options: { includeCleared?: boolean } = {},
): Promise<Flag[]> {
  let q = db.selectFrom('account_flags').selectAll().where('account_id', '=', accountId);
  if (!options.includeCleared) q = q.where('cleared_at', 'is', null);
  return (await q.orderBy('raised_at', 'desc').orderBy('id', 'desc').execute()).map(toFlag);
}

export async function raiseCustomerFlag(
  db: DbOrTrx,
  input: { customerId: number; kind: string; note?: string | null; by?: number | null },
  at: string,
): Promise<Flag> {
  const row = await db
    .insertInto('customer_flags')
    .values({
      customer_id: input.customerId,
      kind: input.kind,
      note: input.note ?? null,
      raised_at: at,
      raised_by: input.by ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toFlag(row);
}

export async function raiseAccountFlag(
  db: DbOrTrx,
  input: { accountId: number; kind: string; note?: string | null; by?: number | null },
  at: string,
): Promise<Flag> {
  const row = await db
    .insertInto('account_flags')
    .values({
      account_id: input.accountId,
      kind: input.kind,
      note: input.note ?? null,
      raised_at: at,
      raised_by: input.by ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toFlag(row);
}

/** Clears an open flag; returns false when it was already cleared or does not exist. */
export async function clearCustomerFlag(
  db: DbOrTrx,
  flagId: number,
  input: { by?: number | null; reason: string },
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('customer_flags')
    .set({ cleared_at: at, cleared_by: input.by ?? null, clear_reason: input.reason })
    .where('id', '=', flagId)
    .where('cleared_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function clearAccountFlag(
  db: DbOrTrx,
  flagId: number,
  input: { by?: number | null; reason: string },
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('account_flags')
    .set({ cleared_at: at, cleared_by: input.by ?? null, clear_reason: input.reason })
    .where('id', '=', flagId)
    .where('cleared_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------------------------------------
// Search

/** Display names of customers (business name, or first and last name), by id. */
export async function customerDisplayNames(
  db: DbOrTrx,
  ids: readonly number[],
): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'first_name', 'last_name', 'business_name'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((o) => [o.id, o.business_name ?? `${o.first_name} ${o.last_name}`]));
}
