import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialectOf } from '../../db/database.ts';
import { appendAudit } from '../../db/repositories/audit.ts';
import { searchCustomers } from '../../db/repositories/customer-search.ts';
import { planSearch } from '../../server/domain/customer-search.ts';
import { addPhone, createCustomer } from '../../db/repositories/customers.ts';
import { postLedgerEntry } from '../../db/repositories/ledger.ts';
import { insertUser } from '../../db/repositories/users.ts';
import { inList } from '../../db/sql-helpers.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { customerWithAccount } from './messages-fixtures.ts';
import { onPostgres } from './pg-test-db.ts';

/**
 * The contract that lets the same repositories run on both engines: values come back with the
 * same JS types, the schema's checks and triggers refuse the same things with the same
 * messages, and text compares the same way. Runs on SQLite and, under `npm run test:pg`, on
 * PostgreSQL.
 */
let app: TestApp;
const at = '2026-11-20T15:00:00.000Z';

beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => app.close());

describe(`the ${onPostgres ? 'PostgreSQL' : 'SQLite'} dialect`, () => {
  it('is the engine under test', () => {
    expect(dialectOf(app.deps.db)).toBe(onPostgres ? 'postgres' : 'sqlite');
  });

  it('returns ids, cents, counts and sums as numbers, flags as 0/1, dates as the ISO text stored', async () => {
    const db = app.deps.db;
    const { accountId, customerId } = await customerWithAccount(db, 1);
    await postLedgerEntry(
      db,
      { accountId, postedOn: '2026-02-15', kind: 'charge', amountCents: 45_900 },
      at,
    );
    await postLedgerEntry(
      db,
      { accountId, postedOn: '2026-02-16', kind: 'payment', amountCents: -40_000 },
      at,
    );
    const account = await db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(typeof account.id).toBe('number');
    expect(account.holder_customer_id).toBe(customerId);
    expect(account.payment_cents).toBe(45_900);
    expect(account.easypay_enrolled).toBe(0);
    expect(account.opened_on).toBe('2026-01-05');
    expect(account.vin_last8).toBe(account.vin.slice(-8)); // generated column
    const totals = await db
      .selectFrom('ledger_entries')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('amount_cents').as('balance'),
      ])
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(totals).toEqual({ n: 2, balance: 5_900 });
    const entry = await db
      .selectFrom('ledger_entries')
      .select('created_at')
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(entry.created_at).toBe(at);
  });

  it('keeps bytes as Buffers both ways', async () => {
    const db = app.deps.db;
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    await sql`create table t_bytes (id integer primary key, data ${sql.raw(onPostgres ? 'bytea' : 'blob')})`.execute(
      db,
    );
    await sql`insert into t_bytes (id, data) values (1, ${bytes})`.execute(db);
    const row = await sql<{ data: Buffer }>`select data from t_bytes where id = 1`.execute(db);
    expect(Buffer.isBuffer(row.rows[0]?.data)).toBe(true);
    expect(row.rows[0]?.data.equals(bytes)).toBe(true);
  });

  it('refuses what the schema forbids, with the same trigger messages', async () => {
    const db = app.deps.db;
    const { customerId, accountId } = await customerWithAccount(db, 2);
    await postLedgerEntry(
      db,
      { accountId, postedOn: '2026-02-15', kind: 'charge', amountCents: 100 },
      at,
    );
    await expect(sql`update ledger_entries set amount_cents = 1`.execute(db)).rejects.toThrow(
      'ledger_entries is append-only: post an adjustment instead',
    );
    await appendAudit(db, { id: null, username: null }, at, { action: 'x', entityType: 'y' });
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(
      'audit_log is append-only',
    );
    // Date and digit checks (SQLite GLOB, PostgreSQL regexes).
    await expect(
      sql`insert into closures (date, name, created_at) values ('2026-1-05', 'x', ${at})`.execute(
        db,
      ),
    ).rejects.toThrow();
    await expect(
      addPhone(db, { customerId, kind: 'mobile', number: '51455512a4' }, at),
    ).rejects.toThrow();
    await expect(
      addPhone(db, { customerId, kind: 'mobile', number: '5145551234' }, at),
    ).resolves.toMatchObject({
      isPrimary: false,
    });
  });

  it('treats usernames case-insensitively, as SQLite COLLATE NOCASE does', async () => {
    const db = app.deps.db;
    await insertUser(
      db,
      { username: 'Alex', displayName: 'Alex', role: 'agent', passwordHash: 'x' },
      at,
    );
    const found = await db
      .selectFrom('users')
      .select('username')
      .where('username', '=', 'ALEX')
      .execute();
    expect(found).toEqual([{ username: 'Alex' }]);
    await expect(
      insertUser(
        db,
        { username: 'alex', displayName: 'Other', role: 'agent', passwordHash: 'x' },
        at,
      ),
    ).rejects.toThrow();
  });

  it('searches names by word prefix, ignoring accents and case, in any order', async () => {
    const db = app.deps.db;
    const helene = await createCustomer(
      db,
      { firstName: 'Hélène', lastName: 'Tremblay-Côté', email: 'h.tremblay@example.com' },
      at,
    );
    await createCustomer(db, { firstName: 'Helen', lastName: 'Smith' }, at);
    const ids = async (q: string) =>
      (await searchCustomers(db, planSearch(q), { today: '2026-11-20' })).map((h) => h.customerId);
    expect(await ids('helene trem')).toEqual([helene.id]);
    expect(await ids('COTE hél')).toEqual([helene.id]);
    expect(await ids('tremblay')).toEqual([helene.id]);
    expect(await ids('hel')).toHaveLength(2);
    expect(await ids('zzz')).toEqual([]);
  });

  it('a broad name prefix (more than 500 matches) is taken as it comes; 500 or fewer are ranked', async () => {
    const db = app.deps.db;
    const made: number[] = [];
    for (let i = 0; i < 501; i++)
      made.push((await createCustomer(db, { firstName: `Ann${i}`, lastName: 'Quixby' }, at)).id);
    const exact = await createCustomer(db, { firstName: 'Quixby', lastName: 'Quixby' }, at);
    const ids = async (q: string, limit?: number) =>
      (
        await searchCustomers(db, planSearch(q), {
          today: '2026-11-20',
          ...(limit ? { limit } : {}),
        })
      ).map((h) => h.customerId);
    // 502 match "quix": the first `limit` as the index gives them, every one a match.
    const broad = await ids('quix', 7);
    expect(broad).toHaveLength(7);
    expect(broad.every((id) => made.includes(id) || id === exact.id)).toBe(true);
    // Exactly 501 match "quixby ann": still broad (one past 500).
    expect(await ids('quixby ann', 50)).toHaveLength(50);
    // Narrow (ranked): exactly the matches.
    expect(await ids('ann500 quix')).toEqual([made[500]]);
    expect(new Set(await ids('ann49 quixby', 50))).toEqual(
      new Set([49, ...Array.from({ length: 10 }, (_, i) => 490 + i)].map((i) => made[i])),
    );
  }, 60_000);

  it('compares text byte-wise: ISO instants sort chronologically, IN lists take one parameter', async () => {
    const db = app.deps.db;
    const values = [
      '2026-11-20T15:00:00.000Z',
      '2026-11-20T09:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ];
    for (const [i, v] of values.entries())
      await db
        .insertInto('app_meta')
        .values({ key: `k${i}`, value: v })
        .execute();
    const sorted = await db
      .selectFrom('app_meta')
      .select('value')
      .where(inList(db, 'key', ['k0', 'k1', 'k2']))
      .orderBy('value')
      .execute();
    expect(sorted.map((r) => r.value)).toEqual([...values].sort());
    const many = Array.from({ length: 40_000 }, (_, i) => i + 1);
    const users = await db
      .selectFrom('users')
      .select('id')
      .where(inList(db, 'id', many))
      .execute();
    expect(users).toEqual([]);
  });
});
