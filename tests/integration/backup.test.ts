import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { appendAudit } from '../../db/repositories/audit.ts';
import { runSeed } from '../../server/training/seed/index.ts';
import {
  backupDatabase,
  databaseInUse,
  restoreDatabase,
  startBackupScheduler,
  startConfiguredBackups,
} from '../../server/ops/backups.ts';
import { databasePath, prepareDatabase } from '../../server/ops/bootstrap.ts';
import { acquireDataLock } from '../../server/ops/data-lock.ts';
import { TEST_SCRYPT } from '../../server/auth/password.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const temp = mkdtempSync(path.join(tmpdir(), 'cic-backup-'));
const live = path.join(temp, 'live');
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function desk(...args: string[]) {
  const r = spawnSync(process.execPath, ['server/cli/desk.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Every row of every table (FTS shadow tables excluded: they mirror `customers`). */
function logicalDump(file: string): Record<string, string[]> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = (
      db
        .prepare(
          `select name from sqlite_master where type = 'table' and name not like 'sqlite_%'
             and name not like 'customer_search%' order by name`,
        )
        .all() as Array<{ name: string }>
    ).map((t) => t.name);
    return Object.fromEntries(
      tables.map((t) => [
        t,
        db
          .prepare(`select * from "${t}"`)
          .all()
          .map((row) => JSON.stringify(row))
          .sort(),
      ]),
    );
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  const { db, sqlite } = openDatabase(databasePath(mkdirp(live)));
  await prepareDatabase(db, {
    kind: 'training',
    demoUsers: true,
    scrypt: TEST_SCRYPT,
    at: new Date('2026-11-20T15:00:00Z'),
  });
  await runSeed({ sqlite, scale: 'demo', exclusive: true, asOf: '2026-11-20' });
  for (let i = 1; i <= 3; i++) {
    await db.transaction().execute((trx) =>
      appendAudit(trx, { id: null, username: 'test' }, '2026-11-20T15:00:00.000Z', {
        action: 'test.write',
        entityType: 'thing',
        entityId: i,
        after: { i },
      }),
    );
  }
  await db.destroy();
}, 60_000);

function mkdirp(dir: string): string {
  spawnSync('mkdir', ['-p', '-m', '700', dir]); // a data folder is the owner's alone (issue 21)
  return dir;
}

describe('desk backup / restore', () => {
  it('backs up with --to, restores into a new data folder, and both equal the original', () => {
    const file = path.join(temp, 'out', 'b1.sqlite');
    const b = desk('backup', '--data-dir', live, '--to', file);
    expect(b.err).toBe('');
    expect(b.code).toBe(0);
    expect(b.out).toMatch(/backup written to .*b1\.sqlite: \d+ pages, \d+ bytes, integrity ok/);
    expect(readdirSync(path.dirname(file))).toEqual(['b1.sqlite']); // no .partial left behind
    const original = logicalDump(databasePath(live));
    expect(Object.keys(original).length).toBeGreaterThan(20);
    expect(original.audit_log?.length).toBeGreaterThan(0);
    expect(original.customers?.length).toBeGreaterThan(0);
    expect(logicalDump(file)).toEqual(original);

    const target = path.join(temp, 'restored');
    const r = desk('restore', '--data-dir', target, '--from', file);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /restored .*cic-desk\.sqlite: training database at schema \S+, integrity ok, audit chain ok \(\d+ records\)/,
    );
    expect(logicalDump(databasePath(target))).toEqual(original);
    const v = desk('audit-verify', '--data-dir', target);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/audit log OK/);
  }, 60_000);

  it('keeps --out as an alias and refuses to overwrite a file without --force', async () => {
    const file = path.join(temp, 'b2.sqlite');
    expect(desk('backup', '--data-dir', live, '--out', file).code).toBe(0);
    const again = desk('backup', '--data-dir', live, '--out', file);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/exists \(use --force/);
    await expect(
      backupDatabase(databasePath(path.join(temp, 'empty')), path.join(temp, 'x.sqlite')),
    ).rejects.toThrow(/There is no database at/);
    expect(existsSync(path.join(temp, 'empty', 'cic-desk.sqlite'))).toBe(false);
  }, 60_000);

  it('restore refuses an existing database without --force, and a database in use even with it', async () => {
    const file = path.join(temp, 'b3.sqlite');
    await backupDatabase(databasePath(live), file);
    const target = mkdirp(path.join(temp, 'occupied'));
    await restoreDatabase(file, databasePath(target), { force: false });

    await expect(restoreDatabase(file, databasePath(target), { force: false })).rejects.toThrow(
      /exists\. Restore over it with --force/,
    );

    // A "server": the data folder's lock, as a running server holds it.
    const server = acquireDataLock(target, 'server');
    try {
      expect(databaseInUse(databasePath(target))).toBe(true);
      const busy = desk('restore', '--data-dir', target, '--from', file, '--force');
      expect(busy.code).toBe(1);
      expect(busy.err).toMatch(
        /is in use \(is the server running\?\): held by process \d+ \(server/,
      );
    } finally {
      server.release();
    }
    expect(databaseInUse(databasePath(target))).toBe(false);

    const forced = await restoreDatabase(file, databasePath(target), { force: true });
    expect(forced.replacedMovedTo).toMatch(/cic-desk\.sqlite\.before-restore-/);
    expect(readdirSync(target).some((f) => f.includes('.before-restore-'))).toBe(true);
    expect(logicalDump(databasePath(target))).toEqual(logicalDump(file));
  }, 60_000);

  it('restore checks the backup first: not SQLite, not CIC Desk, newer schema, broken audit chain', async () => {
    const target = path.join(temp, 'never');
    const garbage = path.join(temp, 'garbage.sqlite');
    writeFileSync(garbage, 'this is not a database'.repeat(100));
    await expect(
      restoreDatabase(garbage, databasePath(target), { force: false }),
    ).rejects.toThrow();

    const foreign = path.join(temp, 'foreign.sqlite');
    const f = new Database(foreign);
    f.exec('create table t (a)');
    f.close();
    await expect(restoreDatabase(foreign, databasePath(target), { force: false })).rejects.toThrow(
      /not a CIC Desk database/,
    );

    const newer = path.join(temp, 'newer.sqlite');
    await backupDatabase(databasePath(live), newer);
    const n = new Database(newer);
    n.prepare(`insert into kysely_migration (name, timestamp) values ('9999-future', 'x')`).run();
    n.close();
    await expect(restoreDatabase(newer, databasePath(target), { force: false })).rejects.toThrow(
      /written by a newer CIC Desk \(unknown migrations: 9999-future\)/,
    );

    const tampered = path.join(temp, 'tampered.sqlite');
    await backupDatabase(databasePath(live), tampered);
    const t = new Database(tampered);
    t.exec('DROP TRIGGER audit_log_no_update');
    t.prepare(`update audit_log set reason = 'changed' where id = 1`).run();
    t.exec(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
    t.close();
    await expect(restoreDatabase(tampered, databasePath(target), { force: false })).rejects.toThrow(
      /audit log is broken at record #1/,
    );
    expect(existsSync(target) ? readdirSync(target) : []).toEqual([]);
  }, 60_000);

  it('the daily scheduler writes cic-desk-YYYY-MM-DD.sqlite, prunes to the retention and reports', async () => {
    const dir = mkdirp(path.join(temp, 'daily'));
    for (const d of ['2026-11-16', '2026-11-17', '2026-11-18']) {
      writeFileSync(path.join(dir, `cic-desk-${d}.sqlite`), '');
    }
    writeFileSync(path.join(dir, 'keep-me.txt'), 'not a daily backup');
    const logs: string[] = [];
    const reported: string[][] = [];
    const scheduler = startBackupScheduler({
      databaseFile: databasePath(live),
      schedule: { dir, time: '02:00', keep: 2, timeZone: 'UTC' },
      log: (m) => logs.push(m),
      now: () => new Date('2026-11-20T15:00:00Z'),
      catchUpDelayMs: 3_600_000,
      onBackup: async (result, deleted) => {
        reported.push([path.basename(result.file), ...deleted]);
      },
    });
    expect(logs[0]).toMatch(
      /daily backups at 02:00 \(UTC\).*keeping 2; the backup of 2026-11-20 was missed/,
    );
    await scheduler.runNow();
    await scheduler.stop();
    expect(readdirSync(dir).sort()).toEqual([
      'cic-desk-2026-11-18.sqlite',
      'cic-desk-2026-11-20.sqlite',
      'keep-me.txt',
    ]);
    expect(reported).toEqual([
      ['cic-desk-2026-11-20.sqlite', 'cic-desk-2026-11-16.sqlite', 'cic-desk-2026-11-17.sqlite'],
    ]);
    expect(logicalDump(path.join(dir, 'cic-desk-2026-11-20.sqlite'))).toEqual(
      logicalDump(databasePath(live)),
    );
  }, 60_000);

  it('the server hook is off without CIC_BACKUP_DIR and refuses a bad setting', () => {
    const deps = {
      db: null as never,
      dataDir: live,
      log: () => {},
      clock: { now: () => new Date() },
    };
    expect(startConfiguredBackups(deps, {})).toBeNull();
    expect(() =>
      startConfiguredBackups(deps, { CIC_BACKUP_DIR: temp, CIC_BACKUP_KEEP: '0' }),
    ).toThrow(/CIC_BACKUP_KEEP/);
  });
});
