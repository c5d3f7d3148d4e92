import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { createSession } from '../../db/repositories/sessions.ts';
import { findUserMfa, insertUser, startMfaEnrolment } from '../../db/repositories/users.ts';
import { databasePath, prepareDatabase } from '../../server/ops/bootstrap.ts';
import { clockStateAt, saveClockState } from '../../server/training/clock.ts';
import { hashPassword, TEST_SCRYPT } from '../../server/auth/password.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const temp = mkdtempSync(path.join(tmpdir(), 'cic-mfa-reset-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function desk(...args: string[]) {
  const r = spawnSync(process.execPath, ['server/cli/desk.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// Each desk() call spawns the real CLI: a fresh Node process loading the CLI's TypeScript
// (about 1.5 s of CPU), two of them here; on shared, loaded cores that is 8-11 s of wall time
// each, past vitest's 20 s default. Not a hang: the CLI path opens the file without the server's
// integrity check or lock. Same budget as desk-postgres.test.ts, which spawns it the same way.
describe('desk mfa-reset (the sole admin lost their authenticator)', { timeout: 60_000 }, () => {
  it('turns two-step sign-in off, ends the sessions and audits it; unknown users are refused', async () => {
    const dir = mkdtempSync(path.join(temp, 'data-'));
    const at = '2026-11-20T15:00:00.000Z';
    const { db } = openDatabase(databasePath(dir));
    await prepareDatabase(db, {
      kind: 'production',
      demoUsers: false,
      scrypt: TEST_SCRYPT,
      at: new Date(at),
    });
    const admin = await insertUser(
      db,
      {
        username: 'boss',
        displayName: 'Boss',
        role: 'admin',
        passwordHash: await hashPassword('test-password-1', TEST_SCRYPT),
      },
      at,
    );
    await startMfaEnrolment(db, admin.id, 'sealed-secret', at);
    await db.updateTable('user_mfa').set({ enabled_at: at }).execute();
    await createSession(db, admin.id, at);
    await db.destroy();

    const unknown = desk(
      'mfa-reset',
      '--data-dir',
      dir,
      '--username',
      'nobody',
      '--reason',
      'x y z',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no user "nobody"/);

    const r = desk('mfa-reset', '--data-dir', dir, '--username', 'boss', '--reason', 'lost phone');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/two-step sign-in reset for "boss"/);

    const after = openDatabase(databasePath(dir)).db;
    try {
      expect(await findUserMfa(after, admin.id)).toBeUndefined();
      const live = await after
        .selectFrom('sessions')
        .select('token_hash')
        .where('user_id', '=', admin.id)
        .where('revoked_at', 'is', null)
        .execute();
      expect(live).toEqual([]);
      const audit = await after
        .selectFrom('audit_log')
        .select(['action', 'reason', 'actor_username'])
        .where('action', '=', 'user.mfa-reset')
        .execute();
      expect(audit).toEqual([
        { action: 'user.mfa-reset', reason: 'lost phone', actor_username: 'cli' },
      ]);
    } finally {
      await after.destroy();
    }
  });
});

describe("the CLI on a training database stamps the trainer's time", { timeout: 60_000 }, () => {
  it('create-user writes the user and its audit entry at the moved clock, not the machine time', async () => {
    const dir = mkdtempSync(path.join(temp, 'data-'));
    const moved = '2026-11-20T16:15:00.000Z';
    const { db } = openDatabase(databasePath(dir));
    await prepareDatabase(db, {
      kind: 'training',
      demoUsers: false,
      scrypt: TEST_SCRYPT,
      at: new Date('2026-11-01T12:00:00.000Z'),
    });
    // The trainer paused the class on 20 November (the machine's clock is elsewhere).
    await saveClockState(db, clockStateAt(new Date(moved), false, new Date(moved)));
    await db.destroy();

    const r = desk(
      'create-user',
      '--data-dir',
      dir,
      '--username',
      'newagent',
      '--name',
      'New Agent',
      '--role',
      'agent',
      '--password',
      'test-password-1',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);

    const after = openDatabase(databasePath(dir)).db;
    try {
      const user = await after
        .selectFrom('users')
        .select('created_at')
        .where('username', '=', 'newagent')
        .executeTakeFirstOrThrow();
      expect(user.created_at).toBe(moved);
      const audit = await after
        .selectFrom('audit_log')
        .select(['action', 'at'])
        .where('action', '=', 'user.create')
        .execute();
      expect(audit).toEqual([{ action: 'user.create', at: moved }]);
    } finally {
      await after.destroy();
    }
  });
});
