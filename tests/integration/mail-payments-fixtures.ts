import { createAccount } from '../../db/repositories/accounts.ts';
import { addAddress } from '../../db/repositories/customer-addresses.ts';
import { createCustomer } from '../../db/repositories/customers.ts';
import type { TestApp } from './harness.ts';

/** A valid ABA routing number (JPMorgan Chase). */
export const ROUTING = '021000021';

export interface MailFixture {
  lease: { id: number; accountNumber: string; customerId: number };
  loan: { id: number; accountNumber: string; customerId: number };
  closed: { id: number; accountNumber: string; customerId: number };
}

/**
 * Three customers: a lease in Arizona (returned-payment fee $25), a loan in Massachusetts
 * ($10) and a paid-off lease, all opened in January 2026 (so instalments are billed by November).
 */
export async function seedMailFixture(app: TestApp): Promise<MailFixture> {
  const db = app.deps.db;
  const at = app.clock.now().toISOString();
  const make = async (
    n: number,
    type: 'lease' | 'loan',
    region: string,
    status: 'active' | 'paid_off' = 'active',
  ) => {
    const customer = await createCustomer(
      db,
      {
        firstName: ['Ann', 'Bob', 'Cleo'][n] ?? 'Dee',
        lastName: ['Lee', 'Marsh', 'Nadeau'][n] ?? 'Otis',
      },
      at,
    );
    await addAddress(
      db,
      {
        customerId: customer.id,
        line1: `${100 + n} Main St`,
        city: 'Springfield',
        region,
        postalCode: '01101',
        country: 'US',
        effectiveFrom: '2025-01-01',
        source: 'origination',
      },
      at,
    );
    const accountNumber = `${n + 1}00000000${n + 1}`;
    const account = await createAccount(
      db,
      {
        accountNumber,
        type,
        vin: `WMWXP7C5${n}K2A1234${n}`.slice(0, 17).padEnd(17, '0'),
        vehicle: { year: 2025, make: 'MINI', model: 'Cooper' },
        holderCustomerId: customer.id,
        termMonths: 36,
        frequency: 'monthly',
        paymentCents: 45_000,
        dueDay: 5,
        openedOn: '2026-01-10',
        amountFinancedCents: 3_000_000,
        aprBps: 499,
        residualCents: type === 'lease' ? 1_500_000 : null,
        status,
        closedOn: status === 'active' ? null : '2026-06-01',
      },
      at,
    );
    return { id: account.id, accountNumber, customerId: customer.id };
  };
  return {
    lease: await make(0, 'lease', 'AZ'),
    loan: await make(1, 'loan', 'MA'),
    closed: await make(2, 'lease', 'NY', 'paid_off'),
  };
}

export const goodLeaseItem = (accountNumber: string, over: Record<string, unknown> = {}) => ({
  accountNumber,
  amount: '45000',
  instrumentNumber: '1001',
  instrumentType: 'personal_check' as const,
  payee: 'MINI Financial Services',
  routingNumber: ROUTING,
  remitter: 'Ann Lee',
  notes: '',
  paidInFull: false,
  ...over,
});
