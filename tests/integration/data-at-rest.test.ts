import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase } from '../../server/ops/backups.ts';
import { databasePath, openDataDir, prepareDatabase } from '../../server/ops/bootstrap.ts';
import { worldAccessible } from '../../server/controls/data-at-rest.ts';
import { TEST_SCRYPT } from '../../server/auth/password.ts';

/** Data at rest on a shared PC (issue 21): folder 0700; database, WAL, SHM and backups 0600. */

const mode = (file: string) => statSync(file).mode & 0o777;
let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cic-at-rest-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('data folder and files are the owner’s alone', () => {
  it('a data folder left 0755 with a 0644 database is made 0700 / 0600 when opened; WAL and SHM too', async () => {
    const dir = path.join(root, 'data');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    expect(worldAccessible(dir)).toBe(true);
    const first = openDataDir(dir);
    await prepareDatabase(first.db, {
      kind: 'training',
      demoUsers: false,
      scrypt: TEST_SCRYPT,
      at: new Date(),
    });
    await first.db.destroy();
    chmodSync(databasePath(dir), 0o644);
    chmodSync(dir, 0o755);

    const { db } = openDataDir(dir);
    await db.selectFrom('app_meta').selectAll().execute();
    expect(mode(dir)).toBe(0o700);
    expect(worldAccessible(dir)).toBe(false);
    const file = databasePath(dir);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      expect(existsSync(f), f).toBe(true);
      expect(mode(f), f).toBe(0o600);
    }

    const backup = path.join(root, 'backups', 'cic-desk-2026-11-20.sqlite');
    await backupDatabase(file, backup);
    expect(mode(backup)).toBe(0o600);
    expect(mode(path.dirname(backup))).toBe(0o700);
    await db.destroy();

    const restoredDir = path.join(root, 'restored');
    const restored = await restoreDatabase(backup, databasePath(restoredDir), { force: false });
    expect(mode(restored.file)).toBe(0o600);
    expect(mode(restoredDir)).toBe(0o700);
  });

  it('the desk CLI warns about a data folder other users can read', () => {
    const dir = path.join(root, 'shared');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const run = () =>
      spawnSync(process.execPath, ['server/cli/desk.ts', 'migrate', '--data-dir', dir], {
        encoding: 'utf8',
        env: { ...process.env, CIC_DATABASE_URL: '' },
      });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/warning: the data folder .* can be read by other users/);
    // Opening it made it private: no warning the second time.
    expect(mode(dir)).toBe(0o700);
    expect(mode(databasePath(dir))).toBe(0o600);
    expect(run().stderr).not.toMatch(/warning/);
  }, 90_000);
});
