import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { migrateTo, migrateToLatest } from '../../db/migrate.ts';

describe('0006-mail-payments', () => {
  it('keeps existing ledgers and makes mail references unique in the ledger', async () => {
    const { db } = openDatabase(':memory:');
    await migrateTo(db, '0002-customers');
    await sql`insert into customers (kind, first_name, last_name, created_at, updated_at) values ('personal', 'Ann', 'Lee', 'x', 'x')`.execute(
      db,
    );
    await sql`insert into accounts (account_number, type, vin, vehicle_year, vehicle_make, vehicle_model, holder_customer_id,
      term_months, frequency, payment_cents, due_day, opened_on, amount_financed_cents, apr_bps, residual_cents, status, created_at, updated_at)
      values ('1000000001', 'loan', 'WMWXP7C50K2A12340', 2025, 'MINI', 'Cooper', 1, 36, 'monthly', 45000, 5, '2026-01-10', 3000000, 499, null, 'active', 'x', 'x')`.execute(
      db,
    );
    await sql`insert into ledger_entries (account_id, posted_on, kind, amount_cents, code, reference, created_at)
      values (1, '2026-02-05', 'payment', -45000, 'mail', null, 'x'), (1, '2026-03-05', 'payment', -45000, 'easypay', 'easypay:2026-03-05', 'x')`.execute(
      db,
    );
    await migrateTo(db, '0006-mail-payments');
    const rows = await sql<{ n: number }>`select count(*) as n from ledger_entries`.execute(db);
    expect(rows.rows[0]?.n).toBe(2);
    const insert = () =>
      sql`insert into ledger_entries (account_id, posted_on, kind, amount_cents, reference, created_at) values (1, '2026-04-05', 'payment', -100, 'mail-item:7', 'x')`.execute(
        db,
      );
    await insert();
    await expect(insert()).rejects.toThrow(/UNIQUE/);
    // Other areas' references are not constrained.
    await sql`insert into ledger_entries (account_id, posted_on, kind, amount_cents, reference, created_at) values (1, '2026-04-05', 'fee', 100, 'dispute:1', 'x'), (1, '2026-04-06', 'fee', 100, 'dispute:1', 'x')`.execute(
      db,
    );
    await migrateToLatest(db);
    await db.destroy();
  });
});
