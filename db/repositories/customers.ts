import type { Selectable } from 'kysely';
import type { IsoDate } from '../../server/domain/dates.ts';
import type { DbOrTrx } from '../database.ts';
import type {
  CustomerKind,
  CustomerPhonesTable,
  CustomersTable,
  PhoneKind,
} from '../schema/index.ts';

/**
 * The customer's own row and how to reach them (phones). Their addresses are in
 * customer-addresses.ts, their loan accounts in accounts.ts, flags in customer-flags.ts, the
 * search box in customer-search.ts.
 */

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
