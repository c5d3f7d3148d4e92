import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { migrateTo, migrateToLatest } from '../../db/migrate.ts';

const at = '2026-11-20T15:00:00.000Z';

/** A customer with one lease, written at 0002 (the oldest schema the workflow tables reference). */
function customerAndAccount(sqlite: ReturnType<typeof openDatabase>['sqlite']) {
  sqlite
    .prepare(
      `insert into customers (kind, first_name, last_name, language, created_at, updated_at) values ('personal', 'Marc', 'Côté', 'fr', ?, ?)`,
    )
    .run(at, at);
  sqlite
    .prepare(
      `insert into accounts (account_number, type, vin, vehicle_year, vehicle_make, vehicle_model, holder_customer_id,
      term_months, frequency, payment_cents, due_day, opened_on, amount_financed_cents, apr_bps, residual_cents, status, created_at, updated_at)
      values ('5000000001', 'lease', 'WMWXU3C54ST183154', 2025, 'MINI', 'Cooper', 1, 48, 'monthly', 38524, 28, '2025-02-18', 3000000, 400, 1600000, 'active', ?, ?)`,
    )
    .run(at, at);
}

describe('workflow migrations carry their data across every later migration', () => {
  it('0003-messages: a thread and its messages survive 0004–latest', async () => {
    const { db, sqlite } = openDatabase(':memory:');
    await migrateTo(db, '0002-customers');
    customerAndAccount(sqlite);
    await migrateTo(db, '0003-messages');
    sqlite
      .prepare(
        `insert into message_threads (customer_id, account_id, topic, queue, state, preview, last_activity_at, created_at, updated_at)
        values (1, 1, 'erroneous-transaction', 'disputes', 'new', 'You took $422.23 twice', ?, ?, ?)`,
      )
      .run(at, at, at);
    sqlite
      .prepare(
        `insert into messages (thread_id, direction, body, thread_version, created_at) values (1, 'inbound', 'You took $422.23 twice', 1, ?)`,
      )
      .run(at);
    await migrateToLatest(db);
    expect(sqlite.prepare('select topic, state, version from message_threads').get()).toEqual({
      topic: 'erroneous-transaction',
      state: 'new',
      version: 1,
    });
    expect(sqlite.prepare('select body from messages').pluck().all()).toEqual([
      'You took $422.23 twice',
    ]);
    expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
    await db.destroy();
  });

  it('0004-disputes: the seeded policy version 1 and a case survive 0005–latest', async () => {
    const { db, sqlite } = openDatabase(':memory:');
    await migrateTo(db, '0002-customers');
    customerAndAccount(sqlite);
    await migrateTo(db, '0004-disputes');
    const policy = sqlite
      .prepare('select version from dispute_policies order by version')
      .pluck()
      .all();
    expect(policy).toEqual([1]);
    sqlite
      .prepare(
        `insert into disputes (customer_id, account_id, policy_version, channel, notice_at, notice_on, error_type, reason, massachusetts,
        new_account, late_notice, written_confirmation_required, disputed_cents, stage, created_at, updated_at)
        values (1, 1, 1, 'phone', ?, '2026-11-20', 'wrong_amount', 'Debited twice', 1, 0, 0, 1, 38524, 'investigation', ?, ?)`,
      )
      .run(at, at, at);
    await migrateToLatest(db);
    expect(
      sqlite.prepare('select policy_version, massachusetts, disputed_cents from disputes').get(),
    ).toEqual({ policy_version: 1, massachusetts: 1, disputed_cents: 38524 });
    // 0009 publishes policy version 2 beside it; the old case stays on the version it opened under.
    expect(
      sqlite.prepare('select version from dispute_policies order by version').pluck().all(),
    ).toEqual([1, 2]);
    expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
    await db.destroy();
  });

  it('0005-address-changes: a pending change survives 0006–latest', async () => {
    const { db, sqlite } = openDatabase(':memory:');
    await migrateTo(db, '0002-customers');
    customerAndAccount(sqlite);
    await migrateTo(db, '0005-address-changes');
    sqlite
      .prepare(
        `insert into address_changes (customer_id, channel, requester_customer_id, requester_role, line1, city, region, postal_code, country,
        address_key, effective_from, reason, status, requested_on, created_at)
        values (1, 'phone', 1, 'holder', '4521 RUE SAINT-DENIS', 'MONTRÉAL', 'QC', 'H2J 2L3', 'CA', 'CA|H2J2L3|4521 RUE SAINT-DENIS', '2026-11-23', 'Moved', 'pending_approval', '2026-11-20', ?)`,
      )
      .run(at);
    await migrateToLatest(db);
    expect(sqlite.prepare('select status, postal_code from address_changes').get()).toEqual({
      status: 'pending_approval',
      postal_code: 'H2J 2L3',
    });
    expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
    await db.destroy();
  });
});
