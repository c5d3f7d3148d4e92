import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../db/database.ts';
import { appendAudit } from '../../db/repositories/audit.ts';
import { createSession } from '../../db/repositories/sessions.ts';
import { findUserMfa, startMfaEnrolment } from '../../db/repositories/users.ts';
import { cloneDatabase, onPostgres } from './pg-test-db.ts';

/**
 * The operator CLI against a central PostgreSQL database, as an operator runs it on a new
 * deployment: `desk migrate --production --database-url …`, `create-user` (the first admin),
 * `mfa-reset`, `audit-verify` (hash chain and the PostgreSQL triggers), and `backup` / `restore`,
 * which copy SQLite files and must refuse. Runs on `npm run test:pg` (CIC_TEST_DATABASE_URL).
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const temp = mkdtempSync(path.join(tmpdir(), 'cic-desk-pg-'));

function desk(args: string[], env: Record<string, string> = {}) {
  const { CIC_DATABASE_URL: _ignored, ...inherited } = process.env;
  const r = spawnSync(process.execPath, ['server/cli/desk.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...inherited, NODE_NO_WARNINGS: '1', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** No stack trace: one `desk: …` line. */
function expectCleanFailure(r: { code: number | null; err: string }, message: RegExp) {
  expect(r.code).toBe(1);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/\n\s+at /);
}

const PASSWORD = 'first-admin-password-2026';

// Each step spawns the CLI (a second or more on a busy machine): room for several per test.
describe.skipIf(!onPostgres)('desk on a central PostgreSQL database', { timeout: 60_000 }, () => {
  let url = '';
  let drop: () => Promise<void> = async () => {};
  let raw: pg.Client;

  beforeAll(async () => {
    // An empty database, as `createdb` leaves it: no schema yet.
    ({ url, drop } = await cloneDatabase('template0'));
    raw = new pg.Client({ connectionString: url });
    await raw.connect();
  });

  afterAll(async () => {
    await raw?.end();
    await drop();
    rmSync(temp, { recursive: true, force: true });
  });

  it('migrate --production creates a production database; again, it only checks the schema', async () => {
    const r = desk(['migrate', '--production', '--database-url', url]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/: production database at schema \S+ \(created\)/);

    const kind = await raw.query(`select value from app_meta where key = 'database_kind'`);
    expect(kind.rows).toEqual([{ value: 'production' }]);
    const users = await raw.query('select count(*)::int as n from users');
    expect(users.rows[0].n).toBe(0); // no demo users on a production database

    const again = desk(['migrate', '--database-url', url]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/: production database at schema \S+$/m);
    expect(again.out).not.toMatch(/created/);
  });

  it('create-user makes the first admin (password from CIC_NEW_PASSWORD), audited', async () => {
    const r = desk(
      [
        'create-user',
        '--database-url',
        url,
        '--username',
        'ada',
        '--name',
        'Ada Admin',
        '--role',
        'admin',
      ],
      { CIC_NEW_PASSWORD: PASSWORD },
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/created admin "ada" \(id \d+\)/);

    const user = await raw.query(`select role, password_hash from users where username = 'ada'`);
    expect(user.rows).toHaveLength(1);
    expect(user.rows[0].role).toBe('admin');
    expect(user.rows[0].password_hash).not.toContain(PASSWORD);
    const audit = await raw.query(`select action, actor_username from audit_log order by id`);
    expect(audit.rows).toEqual([{ action: 'user.create', actor_username: 'cli' }]);

    const taken = desk(
      ['create-user', '--database-url', url, '--username', 'ada', '--name', 'A', '--role', 'admin'],
      { CIC_NEW_PASSWORD: PASSWORD },
    );
    expectCleanFailure(taken, /the username "ada" is taken/);
  });

  it('mfa-reset turns two-step sign-in off and ends the sessions (CIC_DATABASE_URL as default)', async () => {
    const { db } = openPostgres(url, { max: 1 });
    try {
      const user = await db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'ada')
        .executeTakeFirstOrThrow();
      const at = '2026-11-20T15:00:00.000Z';
      await startMfaEnrolment(db, user.id, 'sealed-secret', at);
      await db.updateTable('user_mfa').set({ enabled_at: at }).execute();
      await createSession(db, user.id, at);

      // The URL from the environment wins over --data-dir, as for the server.
      const env = { CIC_DATABASE_URL: url };
      const unknown = desk(
        ['mfa-reset', '--data-dir', temp, '--username', 'nobody', '--reason', 'x y z'],
        env,
      );
      expectCleanFailure(unknown, /no user "nobody"/);

      const r = desk(['mfa-reset', '--username', 'ada', '--reason', 'lost phone'], env);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/two-step sign-in reset for "ada"/);

      expect(await findUserMfa(db, user.id)).toBeUndefined();
      const live = await db
        .selectFrom('sessions')
        .select('user_id')
        .where('user_id', '=', user.id)
        .where('revoked_at', 'is', null)
        .execute();
      expect(live).toEqual([]);
      const audit = await raw.query(
        `select reason, actor_username from audit_log where action = 'user.mfa-reset'`,
      );
      expect(audit.rows).toEqual([{ reason: 'lost phone', actor_username: 'cli' }]);

      // More history for the chain checks below: five records in all.
      for (let i = 3; i <= 5; i++) {
        await db.transaction().execute((trx) =>
          appendAudit(trx, { id: null, username: 'test' }, `2026-11-20T15:0${i}:00.000Z`, {
            action: 'test.write',
            entityType: 'thing',
            entityId: i,
            after: { n: i, note: `record ${i}` },
          }),
        );
      }
    } finally {
      await db.destroy();
    }
  });

  it('audit-verify walks the chain and checks the PostgreSQL triggers', async () => {
    const ok = desk(['audit-verify', '--database-url', url]);
    expect(ok.err).toBe('');
    expect(ok.out).toMatch(/audit log OK: 5 records, hash chain intact/);
    expect(ok.code).toBe(0);

    // The database itself refuses changes to the log.
    await expect(raw.query(`update audit_log set reason = 'x' where id = 2`)).rejects.toThrow(
      /append-only/,
    );
    await expect(raw.query('delete from audit_log where id = 2')).rejects.toThrow(/append-only/);
  });

  it('audit-verify names a changed record (trigger dropped, row updated, trigger put back)', async () => {
    const ids = (await raw.query<{ id: number }>('select id from audit_log order by id')).rows.map(
      (r) => Number(r.id),
    );
    const third = ids[2]!;
    await raw.query('DROP TRIGGER audit_log_no_update ON audit_log');
    await raw.query(`update audit_log set after_json = '{"n":300}' where id = $1`, [third]);
    await raw.query(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION reject_change('audit_log is append-only')`);

    const r = desk(['audit-verify', '--database-url', url]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`BROKEN at record #${third} (of 5)`);
    expect(r.err).toMatch(/content does not match its hash/);
    expect(r.err).not.toMatch(/NOT PROTECTED/);
    expect(r.out).not.toMatch(/OK/);
  });

  it('audit-verify reports a dropped or disabled append-only trigger', async () => {
    await raw.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_delete');
    const disabled = desk(['audit-verify', '--database-url', url]);
    expect(disabled.code).toBe(1);
    expect(disabled.err).toMatch(/NOT PROTECTED.*audit_log_no_delete/);
    expect(disabled.err).not.toMatch(/audit_log_no_update/);

    await raw.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_delete');
    await raw.query('DROP TRIGGER audit_log_no_update ON audit_log');
    const dropped = desk(['audit-verify', '--database-url', url]);
    expect(dropped.code).toBe(1);
    expect(dropped.err).toMatch(/NOT PROTECTED.*audit_log_no_update/);
  });

  it('backup and restore refuse PostgreSQL with a pointer to pg_dump and the guide', () => {
    const file = path.join(temp, 'copy.sqlite');
    const backup = desk(['backup', '--database-url', url, '--to', file]);
    expectCleanFailure(backup, /backup copies a SQLite data folder.*--database-url is set/);
    expect(backup.err).toMatch(/pg_dump/);
    expect(backup.err).toMatch(/docs\/operations\.md/);

    const restore = desk(['restore', '--from', file], { CIC_DATABASE_URL: url });
    expectCleanFailure(restore, /restore copies a SQLite data folder.*CIC_DATABASE_URL is set/);
    expect(restore.err).toMatch(/pg_restore/);
  });

  it('fails in one line on an empty database, an unreachable server, or a URL that is not PostgreSQL', async () => {
    const empty = await cloneDatabase('template0');
    try {
      const r = desk(['audit-verify', '--database-url', empty.url]);
      expectCleanFailure(r, /is not a CIC Desk database yet \(run desk migrate first\)/);
      const m = desk([
        'mfa-reset',
        '--database-url',
        empty.url,
        '--username',
        'a',
        '--reason',
        'abc',
      ]);
      expectCleanFailure(m, /is not a CIC Desk database yet/);
    } finally {
      await empty.drop();
    }

    const unreachable = desk([
      'audit-verify',
      '--database-url',
      'postgres://nobody@127.0.0.1:1/cic',
    ]);
    expectCleanFailure(unreachable, /^desk: \S.*ECONNREFUSED/);
    expect(unreachable.err).not.toMatch(/not a CIC Desk database/);

    const mysql = desk(['migrate', '--database-url', 'mysql://localhost/cic']);
    expectCleanFailure(mysql, /--database-url must be a postgres:\/\/ or postgresql:\/\/ URL/);
  });
});
