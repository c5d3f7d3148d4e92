import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { appendAudit } from '../../db/repositories/audit.ts';
import { databasePath, prepareDatabase } from '../../server/ops/bootstrap.ts';
import { TEST_SCRYPT } from '../../server/auth/password.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const temp = mkdtempSync(path.join(tmpdir(), 'cic-audit-verify-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** `npm run desk -- audit-verify --data-dir DIR`, as an operator runs it. */
function auditVerify(dataDir: string) {
  const r = spawnSync(
    process.execPath,
    ['server/cli/desk.ts', 'audit-verify', '--data-dir', dataDir],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Raw access the way a tamperer would have it: another tool, no app code. */
function raw(dataDir: string, fn: (db: Database.Database) => void) {
  const db = new Database(databasePath(dataDir));
  try {
    fn(db);
  } finally {
    db.close();
  }
}

const TRIGGERS = {
  update: `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
  delete: `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
};

let dir = '';
beforeEach(async () => {
  dir = mkdtempSync(path.join(temp, 'data-'));
  const { db } = openDatabase(databasePath(dir));
  await prepareDatabase(db, {
    kind: 'production',
    demoUsers: false,
    scrypt: TEST_SCRYPT,
    at: new Date('2026-11-20T15:00:00Z'),
  });
  for (let i = 1; i <= 5; i++) {
    await db.transaction().execute((trx) =>
      appendAudit(trx, { id: null, username: 'test' }, `2026-11-20T15:0${i}:00.000Z`, {
        action: 'test.write',
        entityType: 'thing',
        entityId: i,
        after: { n: i, note: `record ${i}` },
        reason: 'because',
      }),
    );
  }
  await db.destroy();
});

describe('desk audit-verify', () => {
  it('reports an intact chain with its count and exit code 0', () => {
    const r = auditVerify(dir);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/audit log OK: 5 records/);
    expect(r.code).toBe(0);
  });

  it('the database refuses UPDATE and DELETE of audit records (triggers)', () => {
    raw(dir, (db) => {
      expect(() => db.prepare(`update audit_log set reason = 'x' where id = 2`).run()).toThrow(
        /append-only/,
      );
      expect(() => db.prepare('delete from audit_log where id = 2').run()).toThrow(/append-only/);
      expect(() => db.prepare('delete from audit_log').run()).toThrow(/append-only/);
      expect((db.prepare('select count(*) as n from audit_log').get() as { n: number }).n).toBe(5);
    });
  });

  it('detects a changed record (triggers dropped and put back) with exit code 1', () => {
    raw(dir, (db) => {
      db.exec('DROP TRIGGER audit_log_no_update');
      db.prepare(`update audit_log set after_json = '{"n":300}' where id = 3`).run();
      db.exec(TRIGGERS.update);
    });
    const r = auditVerify(dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/BROKEN at record #3 \(of 5\)/);
    expect(r.err).toMatch(/content does not match its hash/);
    expect(r.out).not.toMatch(/OK/);
  });

  it('detects a removed record: the next one no longer links', () => {
    raw(dir, (db) => {
      db.exec('DROP TRIGGER audit_log_no_delete');
      db.prepare('delete from audit_log where id = 2').run();
      db.exec(TRIGGERS.delete);
    });
    const r = auditVerify(dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/BROKEN at record #3 \(of 4\)/);
    expect(r.err).toMatch(/prev_hash does not match the hash of record #1/);
  });

  it('detects a record whose hash was rewritten: the next link breaks', () => {
    // A tamperer who recomputes the hash of the record they changed still breaks the chain
    // at the following record, whose prev_hash keeps the old value.
    raw(dir, (db) => {
      db.exec('DROP TRIGGER audit_log_no_update');
      db.prepare(`update audit_log set reason = 'forged', hash = ? where id = 2`).run(
        'f'.repeat(64),
      );
      db.exec(TRIGGERS.update);
    });
    const r = auditVerify(dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/BROKEN at record #2/);
  });

  it('reports missing append-only triggers even when the chain is intact', () => {
    raw(dir, (db) => db.exec('DROP TRIGGER audit_log_no_delete'));
    const r = auditVerify(dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/NOT PROTECTED.*audit_log_no_delete/);
  });

  it('fails clearly when there is no database', () => {
    const r = auditVerify(path.join(temp, 'nowhere'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/there is no database at/);
  });
});
