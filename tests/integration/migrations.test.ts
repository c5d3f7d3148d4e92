import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase, openPostgres, type Db } from '../../db/database.ts';
import {
  DatabaseTooNewError,
  appliedMigrations,
  migrateTo,
  migrateToLatest,
} from '../../db/migrate.ts';
import { LATEST_MIGRATION, migrations } from '../../db/migrations/index.ts';
import {
  appendAudit,
  auditHash,
  GENESIS_HASH,
  verifyAuditChain,
} from '../../db/repositories/audit.ts';
import { cloneDatabase, onPostgres } from './pg-test-db.ts';

const names = Object.keys(migrations).sort();

/** An empty, unmigrated database of the engine under test; `destroy` also drops it on PostgreSQL. */
async function emptyDatabase(): Promise<{ db: Db; destroy: () => Promise<void> }> {
  if (!onPostgres) {
    const { db } = openDatabase(':memory:');
    return { db, destroy: () => db.destroy() };
  }
  const clone = await cloneDatabase('template1');
  const { db } = openPostgres(clone.url, { max: 1 });
  return {
    db,
    destroy: async () => {
      await db.destroy();
      await clone.drop();
    },
  };
}

describe('migrations', () => {
  it('are numbered, in order, and end at LATEST_MIGRATION', () => {
    expect(names.length).toBeGreaterThan(0);
    names.forEach((n, i) => {
      expect(n).toMatch(/^\d{4}-[a-z0-9-]+$/);
      expect(Number(n.slice(0, 4))).toBeGreaterThan(
        i === 0 ? 0 : Number(names[i - 1]?.slice(0, 4)),
      );
    });
    expect(LATEST_MIGRATION).toBe(names.at(-1));
  });

  it('apply one by one from empty, each leaving a database that passes integrity and foreign-key checks', async () => {
    const { db, destroy } = await emptyDatabase();
    for (const name of names) {
      await migrateTo(db, name);
      if (onPostgres) continue; // PostgreSQL checks foreign keys on every write
      const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
      expect(integrity.rows[0]?.integrity_check).toBe('ok');
      const fk = await sql`pragma foreign_key_check`.execute(db);
      expect(fk.rows).toEqual([]);
    }
    expect(await appliedMigrations(db)).toEqual(names);
    await destroy();
  });

  it('0001-platform: carries users, settings and the audit chain across every later migration', async () => {
    const { db, destroy } = await emptyDatabase();
    await migrateTo(db, '0001-platform');
    await sql`insert into users (username, display_name, role, password_hash, active, created_at, updated_at)
      values ('kept', 'Kept User', 'agent', 'scrypt$x', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`.execute(
      db,
    );
    await sql`insert into settings (key, value, updated_at) values ('security', '{"a":1}', '2026-01-01T00:00:00Z')`.execute(
      db,
    );
    await sql`insert into audit_log (at, action, entity_type, prev_hash, hash) values ('2026-01-01T00:00:00Z', 'x', 'y', '0', 'h1')`.execute(
      db,
    );
    await migrateToLatest(db);
    const users = await sql<{
      username: string;
      failed_attempts: number;
    }>`select username, failed_attempts from users`.execute(db);
    expect(users.rows).toEqual([{ username: 'kept', failed_attempts: 0 }]);
    const settings = await sql<{
      value: string;
    }>`select value from settings where key = 'security'`.execute(db);
    expect(settings.rows[0]?.value).toBe('{"a":1}');
    await expect(sql`update audit_log set action = 'z'`.execute(db)).rejects.toThrow(/append-only/);
    await destroy();
  });

  it('0011-authority: seeds the matrix for every staff role, keeps users, refuses an approval by its maker', async () => {
    const { db, destroy } = await emptyDatabase();
    await migrateTo(db, '0008-auth-mfa');
    await sql`insert into users (username, display_name, role, password_hash, active, created_at, updated_at)
      values ('maker', 'Maker', 'agent', 'scrypt$x', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`.execute(
      db,
    );
    await migrateTo(db, '0011-authority');
    const rules = await sql<{ role: string; n: number }>`
      select role, count(*) as n from authority_rules group by role order by role`.execute(db);
    expect(rules.rows.map((r) => [r.role, Number(r.n)])).toEqual([
      ['admin', 5],
      ['agent', 5],
      ['supervisor', 5],
      ['trainer', 5],
    ]);
    const maker = await sql<{ id: number }>`select id from users where username = 'maker'`.execute(
      db,
    );
    const id = Number(maker.rows[0]?.id);
    await expect(
      sql`insert into authority_approvals (action, case_key, amount_cents, largest_item_cents, reasons,
            status, requested_by, requested_at, decided_by)
          values ('correction', 'dispute:1', 1, 1, '[]', 'approved', ${id}, 'x', ${id})`.execute(
        db,
      ),
    ).rejects.toThrow();
    await migrateToLatest(db);
    await destroy();
  });

  it('0010-auth-controls: an audit chain written before it still verifies; later records carry the client address', async () => {
    const { db, destroy } = await emptyDatabase();
    await migrateTo(db, '0008-auth-mfa');
    // Records as the release before 0010 wrote them: no client_address column, hashed without it.
    let prev = GENESIS_HASH;
    for (const [i, action] of ['auth.login', 'user.language'].entries()) {
      const record = {
        at: `2026-11-20T15:0${i}:00.000Z`,
        actor_user_id: null,
        actor_username: 'old',
        action,
        entity_type: 'user',
        entity_id: '1',
        before_json: null,
        after_json: null,
        reason: null,
      };
      const hash = auditHash(prev, record);
      await db
        .insertInto('audit_log')
        .values({ ...record, prev_hash: prev, hash })
        .execute();
      prev = hash;
    }
    await migrateToLatest(db);
    await db.transaction().execute((trx) =>
      appendAudit(
        trx,
        { id: null, username: 'new', address: '192.0.2.1' },
        '2026-11-20T16:00:00.000Z',
        {
          action: 'auth.login',
          entityType: 'user',
          entityId: 1,
        },
      ),
    );
    const rows = await db
      .selectFrom('audit_log')
      .select(['actor_username', 'client_address'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { actor_username: 'old', client_address: null },
      { actor_username: 'old', client_address: null },
      { actor_username: 'new', client_address: '192.0.2.1' },
    ]);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 3 });
    // Recovery codes: hashes only, each unique, tied to a user.
    await sql`insert into users (username, display_name, role, password_hash, active, created_at, updated_at)
      values ('u', 'U', 'agent', 'scrypt$x', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`.execute(
      db,
    );
    const user = await db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    const code = {
      user_id: user.id,
      code_hash: 'a'.repeat(64),
      created_at: '2026-11-20T16:00:00.000Z',
      used_at: null,
    };
    await db.insertInto('user_recovery_codes').values(code).execute();
    await expect(db.insertInto('user_recovery_codes').values(code).execute()).rejects.toThrow();
    await expect(
      db
        .insertInto('user_recovery_codes')
        .values({ ...code, code_hash: 'short' })
        .execute(),
    ).rejects.toThrow();
    await destroy();
  });

  it('refuse a database written by a newer version, without touching it', async () => {
    const { db, destroy } = await emptyDatabase();
    await migrateToLatest(db);
    await sql`insert into kysely_migration (name, timestamp) values ('9999-from-the-future', '2030-01-01T00:00:00Z')`.execute(
      db,
    );
    await expect(migrateToLatest(db)).rejects.toBeInstanceOf(DatabaseTooNewError);
    expect(await appliedMigrations(db)).toContain('9999-from-the-future');
    await destroy();
  });
});
