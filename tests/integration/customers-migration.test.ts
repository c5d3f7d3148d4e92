import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { migrateTo, migrateToLatest } from '../../db/migrate.ts';

const at = '2026-01-01T00:00:00.000Z';

describe('0002-customers', () => {
  it('carries customers, accounts, ledgers and the search index across every later migration', async () => {
    const { db, sqlite } = openDatabase(':memory:');
    await migrateTo(db, '0002-customers');
    sqlite
      .prepare(
        `insert into customers (kind, first_name, last_name, email, language, date_of_birth, ssn_last4, created_at, updated_at)
        values ('personal', 'Hélène', 'Tremblay', 'helene@example.ca', 'fr', '1979-04-12', '1234', ?, ?)`,
      )
      .run(at, at);
    sqlite
      .prepare(
        `insert into accounts (account_number, type, vin, vehicle_year, vehicle_make, vehicle_model, holder_customer_id,
        term_months, frequency, payment_cents, due_day, opened_on, amount_financed_cents, apr_bps, residual_cents, status, created_at, updated_at)
        values ('5000000001', 'lease', 'WMWXU3C54ST183154', 2025, 'MINI', 'Cooper', 1, 48, 'monthly', 38524, 28, '2025-02-18', 3000000, 400, 1600000, 'active', ?, ?)`,
      )
      .run(at, at);
    sqlite
      .prepare(
        `insert into ledger_entries (account_id, posted_on, kind, amount_cents, code, created_at) values (1, '2025-03-28', 'payment', -38524, 'easypay', ?)`,
      )
      .run(at);
    await migrateToLatest(db);
    expect(sqlite.prepare('select vin_last8, search_name from accounts, customers').get()).toEqual({
      vin_last8: 'ST183154',
      search_name: 'Hélène Tremblay',
    });
    expect(
      sqlite
        .prepare("select rowid from customer_search where customer_search match 'helene'")
        .all(),
    ).toEqual([{ rowid: 1 }]);
    expect(sqlite.prepare('select amount_cents from ledger_entries').all()).toEqual([
      { amount_cents: -38524 },
    ]);
    const fk = await sql`pragma foreign_key_check`.execute(db);
    expect(fk.rows).toEqual([]);
    await db.destroy();
  });

  it('refuses rows that break the model', async () => {
    const { db, sqlite } = openDatabase(':memory:');
    await migrateToLatest(db);
    sqlite
      .prepare(
        `insert into customers (kind, first_name, last_name, language, created_at, updated_at) values ('personal', 'A', 'B', 'en', ?, ?)`,
      )
      .run(at, at);
    const account = (number: string, vin: string, extra = '') =>
      sqlite
        .prepare(
          `insert into accounts (account_number, type, vin, vehicle_year, vehicle_make, vehicle_model, holder_customer_id,
        term_months, frequency, payment_cents, due_day, opened_on, amount_financed_cents, apr_bps, status, created_at, updated_at${extra ? ', co_holder_customer_id' : ''})
        values (?, 'loan', ?, 2025, 'MINI', 'Cooper', 1, 72, 'semi-monthly', 20000, 10, '2025-01-01', 2000000, 599, 'active', ?, ?${extra ? ', 1' : ''})`,
        )
        .run(number, vin, at, at);
    expect(() => account('123456789', 'WMWXU3C54ST183154')).toThrow(/CHECK/);
    expect(() => account('1234567890', 'SHORTVIN')).toThrow(/CHECK/);
    expect(() => account('1234567890', 'WMWXU3C54ST183154', 'co-holder = holder')).toThrow(/CHECK/);
    account('1234567890', 'WMWXU3C54ST183154');
    expect(() => account('1234567890', 'WMWXU3C54ST183155')).toThrow(/UNIQUE/);
    const entry = (kind: string, cents: number) =>
      sqlite
        .prepare(
          `insert into ledger_entries (account_id, posted_on, kind, amount_cents, created_at) values (1, '2026-01-01', ?, ?, ?)`,
        )
        .run(kind, cents, at);
    expect(() => entry('payment', 100)).toThrow(/CHECK/);
    expect(() => entry('fee', -100)).toThrow(/CHECK/);
    expect(() => entry('bogus', 100)).toThrow(/CHECK/);
    entry('adjustment', -100);
    expect(() =>
      sqlite
        .prepare(
          `insert into customers (kind, first_name, last_name, email, language, created_at, updated_at) values ('personal', 'A', 'B', 'Mixed@Case.com', 'en', ?, ?)`,
        )
        .run(at, at),
    ).toThrow(/CHECK/);
    await db.destroy();
  });
});
