import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { migrateTo, migrateToLatest } from '../../db/migrate.ts';
import { actionsOfInteraction } from '../../db/repositories/calls.ts';
import { recordCallAction } from '../../server/calls/shared.ts';
import { msg } from '../../server/domain/shared/server-messages.ts';

const at = '2026-01-01T00:00:00.000Z';

describe('0013-calls', () => {
  it('carries customers, accounts and message threads across, seeds the reason codes, and holds the call rules', async () => {
    const { db, sqlite } = openDatabase(':memory:');
    await migrateTo(db, '0008-auth-mfa');
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
        `insert into users (username, display_name, role, password_hash, created_at, updated_at) values ('a', 'A', 'agent', 'x', ?, ?)`,
      )
      .run(at, at);
    sqlite
      .prepare(
        `insert into message_threads (customer_id, account_id, topic, queue, state, preview, last_activity_at, created_at, updated_at)
        values (1, 1, 'other', 'other', 'new', 'Bonjour', ?, ?, ?)`,
      )
      .run(at, at, at);

    await migrateToLatest(db);

    expect(sqlite.prepare('select first_name from customers').all()).toEqual([
      { first_name: 'Hélène' },
    ]);
    expect(sqlite.prepare('select preview from message_threads').all()).toEqual([
      { preview: 'Bonjour' },
    ]);
    const codes = sqlite.prepare('select code from call_reasons order by sort_order').all();
    expect(codes.map((c) => (c as { code: string }).code)).toEqual([
      'payments',
      'payoff',
      'easypay',
      'address',
      'dispute',
      'online-access',
      'statements',
      'lease-end',
      'other',
    ]);

    const call = sqlite.prepare(
      `insert into interactions (channel, customer_id, agent_id, open_agent_id, status, started_at, created_at, updated_at)
       values ('phone_in', ?, 1, ?, 'active', ?, ?, ?)`,
    );
    call.run(1, 1, at, at, at);
    // One open call per agent: the second is refused by the database itself.
    expect(() => call.run(null, 1, at, at, at)).toThrow(/UNIQUE/);
    // A closed call must have been wrapped up and released.
    expect(() =>
      sqlite
        .prepare(
          `insert into interactions (channel, agent_id, status, started_at, created_at, updated_at) values ('phone_in', 1, 'closed', ?, ?, ?)`,
        )
        .run(at, at, at),
    ).toThrow(/CHECK/);
    sqlite
      .prepare(
        `insert into easypay_changes (account_id, customer_id, interaction_id, kind, channel, requested_on, stops_due_on, stops_debit_on, explanation, created_at)
         values (1, 1, 1, 'cancel', 'phone', '2026-01-01', '2026-01-28', '2026-01-28', 'x', ?)`,
      )
      .run(at);
    expect(() =>
      sqlite
        .prepare(
          `insert into easypay_changes (account_id, customer_id, kind, channel, requested_on, explanation, created_at)
           values (1, 1, 'cancel', 'phone', '1 Jan', 'x', ?)`,
        )
        .run(at),
    ).toThrow(/CHECK/);
    const fk = await sql`pragma foreign_key_check`.execute(db);
    expect(fk.rows).toEqual([]);
    await db.destroy();
  });
});

describe('0015-call-letters-and-links', () => {
  it('keeps the calls and their actions (ids too), accepts the secure-message action and holds the letter rules', async () => {
    const { db, sqlite } = openDatabase(':memory:');
    await migrateTo(db, '0014-mail-letters-pdf');
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
        `insert into users (username, display_name, role, password_hash, created_at, updated_at) values ('a', 'A', 'agent', 'x', ?, ?)`,
      )
      .run(at, at);
    sqlite
      .prepare(
        `insert into interactions (channel, customer_id, agent_id, status, started_at, ended_at, wrapped_up_at, created_at, updated_at)
         values ('phone_in', 1, 1, 'closed', ?, ?, ?, ?, ?)`,
      )
      .run(at, at, at, at, at);
    sqlite
      .prepare(
        `insert into interaction_actions (id, interaction_id, kind, target_type, target_id, summary, at, by_user_id)
         values (7, 1, 'easypay_cancelled', 'easypay-change', '3', 'EasyPay cancelled', ?, 1)`,
      )
      .run(at);
    expect(() =>
      sqlite
        .prepare(
          `insert into interaction_actions (interaction_id, kind, summary, at) values (1, 'secure_message', 'x', ?)`,
        )
        .run(at),
    ).toThrow(/CHECK/);

    await migrateToLatest(db);

    expect(
      sqlite.prepare('select id, kind, target_id, summary from interaction_actions').all(),
    ).toEqual([{ id: 7, kind: 'easypay_cancelled', target_id: '3', summary: 'EasyPay cancelled' }]);
    sqlite
      .prepare(
        `insert into interaction_actions (interaction_id, kind, target_type, target_id, summary, at) values (1, 'secure_message', 'message-thread', '4', 'Sent', ?)`,
      )
      .run(at);
    expect(() =>
      sqlite
        .prepare(
          `insert into interaction_actions (interaction_id, kind, summary, at) values (1, 'made_up', 'x', ?)`,
        )
        .run(at),
    ).toThrow(/CHECK/);
    const letter = sqlite.prepare(
      `insert into call_letters (interaction_id, customer_id, account_id, kind, language, addressed_to, body, pdf, sha256, as_of, good_through, payoff_cents, per_diem_cents, created_at, created_by)
       values (1, 1, 1, 'payoff-quote', 'fr', 'X', 'Y', ?, 'h', '2026-01-01', ?, ?, 0, ?, 1)`,
    );
    letter.run(Buffer.from('%PDF-'), '2026-01-11', 100, at);
    expect(() => letter.run(Buffer.from('%PDF-'), '11/01/2026', 100, at)).toThrow(/CHECK/);
    expect(() => letter.run(Buffer.from('%PDF-'), '2026-01-11', -1, at)).toThrow(/CHECK/);
    const plan = sqlite
      .prepare(
        `explain query plan select id from interaction_actions where target_type = 'dispute' and target_id = '5'`,
      )
      .all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/interaction_actions_target/);
    sqlite.close();
  });

  it('0019: a call action keeps its English summary and gains its message; older actions show their summary', async () => {
    const { db, sqlite } = openDatabase(':memory:');
    await migrateTo(db, '0015-call-letters-and-links');
    sqlite
      .prepare(
        `insert into users (username, display_name, role, password_hash, created_at, updated_at) values ('a', 'A', 'agent', 'x', ?, ?)`,
      )
      .run(at, at);
    sqlite
      .prepare(
        `insert into interactions (channel, agent_id, status, started_at, ended_at, wrapped_up_at, created_at, updated_at)
         values ('phone_in', 1, 'closed', ?, ?, ?, ?, ?)`,
      )
      .run(at, at, at, at, at);
    sqlite
      .prepare(
        `insert into interaction_actions (id, interaction_id, kind, summary, at, by_user_id)
         values (3, 1, 'portal_unlocked', 'Online access unlocked', ?, 1)`,
      )
      .run(at);

    await migrateToLatest(db);

    await recordCallAction(db, {
      interactionId: 1,
      kind: 'balance_disclosed',
      summary: msg('calls.action.balanceGiven', { account: '5000000001' }),
      at,
      by: 1,
    });
    const [old, keyed] = await actionsOfInteraction(db, 1);
    expect(old).toMatchObject({ id: 3, summary: 'Online access unlocked', message: null });
    expect(keyed).toMatchObject({
      summary: 'Balance of 5000000001 given to the verified caller',
      message: { key: 'calls.action.balanceGiven', params: { account: '5000000001' } },
    });
    sqlite.close();
  });
});
