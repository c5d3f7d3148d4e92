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

describe('0014-mail-letters-pdf', () => {
  it('keeps earlier mail letters (read as English, no PDF) and stores a language and PDF for new ones', async () => {
    const { db } = openDatabase(':memory:');
    await migrateTo(db, '0008-auth-mfa');
    await sql`insert into mail_batches (lockbox_id, receipt_date, control_count, control_total_cents, status, opened_at)
      values ('lease-phoenix', '2026-11-18', 1, 45000, 'open', 'x')`.execute(db);
    await sql`insert into mail_items (batch_id, seq, account_number, amount_cents, instrument_number, instrument_type,
      payee, routing_number, remitter, status, keyed_at)
      values (1, 1, '9999999999', 45000, '5', 'personal_check', 'MINI Financial Services', '021000021', 'Unknown', 'returned', 'x')`.execute(
      db,
    );
    await sql`insert into mail_letters (item_id, kind, customer_id, addressed_to, body, created_at)
      values (1, 'return-to-sender', null, 'Unknown', 'Dear Unknown, we are returning it to you uncashed.', 'x')`.execute(
      db,
    );
    await migrateTo(db, '0014-mail-letters-pdf');
    const old = await sql<{ body: string; language: string; pdf: unknown }>`
      select body, language, pdf from mail_letters`.execute(db);
    expect(old.rows).toEqual([
      { body: 'Dear Unknown, we are returning it to you uncashed.', language: 'en', pdf: null },
    ]);
    await expect(
      sql`update mail_letters set language = 'de' where id = 1`.execute(db),
    ).rejects.toThrow(/CHECK/);
    await sql`update mail_letters set language = 'fr', pdf = ${Buffer.from('%PDF-1.3')} where id = 1`.execute(
      db,
    );
    const updated = await sql<{ pdf: Buffer }>`select pdf from mail_letters`.execute(db);
    expect(Buffer.from(updated.rows[0]!.pdf).toString()).toBe('%PDF-1.3');
    await migrateToLatest(db);
    await db.destroy();
  });
});
