import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// eslint-disable-next-line no-restricted-syntax -- the kill lands at a chosen moment of the first start (fault timing is the input; a miss is retried as too early/late)
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../server/ops/backups.ts';
import { CREATING_SUFFIX, databasePath } from '../../server/ops/bootstrap.ts';
import { acquireDataLock, LOCK_OWNER_FILE } from '../../server/ops/data-lock.ts';
import { startServer, type RunningServer } from '../../server/http/start.ts';
import { RUNNING_MARKER } from '../../server/ops/startup-checks.ts';

/**
 * Issue 19, the data folder on a hostile PC: a damaged page, a read-only file / folder / mount,
 * a kill during the first seed, a second server on the same folder. Each case asserts what is
 * kept on disk and what the operator is told.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');
const temp = mkdtempSync(path.join(tmpdir(), 'cic-hostile-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const start = (dataDir: string) =>
  startServer({ port: 0, dataDir, staticDir: null, fastHash: true, quiet: true });

function desk(...args: string[]) {
  const r = spawnSync(NODE, ['server/cli/desk.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function count(file: string, table: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Writes `bytes` over the file at `offset` (a disk or an antivirus damaging one page). */
function overwrite(file: string, offset: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

/** Root only: a tmpfs we can make read-only or tiny. Null where mounting is not allowed. */
function mountTmpfs(dir: string, sizeKb: number): (() => void) | null {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir]);
  if (r.status !== 0) return null;
  return () => void spawnSync('umount', ['-l', dir]);
}

describe('a damaged database', () => {
  const dir = path.join(temp, 'damaged');
  const file = databasePath(dir);
  const backup = path.join(temp, 'damaged-backup.sqlite');

  it('is refused at start naming desk restore, and desk restore --force replaces it, keeping it aside', async () => {
    const first = await start(dir);
    const ledger = count(file, 'ledger_entries') || 0;
    await first.close();
    expect(ledger).toBeGreaterThan(0);
    await backupDatabase(file, backup);

    // 64 bytes overwritten inside a leaf page of ledger_entries (not its header).
    const db = new Database(file, { readonly: true });
    const page = db
      .prepare(
        "select pageno, pagetype from dbstat where name = 'ledger_entries' and pagetype = 'leaf' order by pageno limit 1 offset 2",
      )
      .get() as { pageno: number };
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    overwrite(file, (page.pageno - 1) * pageSize + 1000, Buffer.alloc(64, 0xa5));
    const damagedBytes = readFileSync(file);

    await expect(start(dir)).rejects.toThrow(
      /The database .*cic-desk\.sqlite is damaged \(.*\)\. CIC Desk does not serve a damaged database\. Restore the latest backup with `npm run desk -- restore --from <backup file> --force/,
    );
    // Refused, not touched: the file is as the damage left it, and the folder is free again.
    expect(readFileSync(file).equals(damagedBytes)).toBe(true);
    expect(existsSync(path.join(dir, LOCK_OWNER_FILE))).toBe(false);

    // The real process: exit code 1 and the same message on stderr.
    const refused = spawnSync(NODE, ['server/main.ts', '--port', '0', '--data-dir', dir], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CIC_FAST_HASH: '1' },
      timeout: 60_000,
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/could not start: The database .* is damaged .*desk -- restore/);

    // desk restore does not need to open the damaged file to know it is not in use.
    const restored = desk('restore', '--data-dir', dir, '--from', backup, '--force');
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/the previous database was moved to .*before-restore-/);
    const kept = readdirSync(dir).find((f) => /^cic-desk\.sqlite\.before-restore-/.test(f));
    expect(kept && readFileSync(path.join(dir, kept)).equals(damagedBytes)).toBe(true);

    const again = await start(dir);
    try {
      expect(count(file, 'ledger_entries')).toBe(ledger);
      const health = await fetch(`${again.url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await again.close();
    }
  }, 120_000);

  it('a wiped header is refused the same way', async () => {
    const wiped = path.join(temp, 'wiped');
    mkdirSync(wiped);
    copyFileSync(backup, databasePath(wiped));
    overwrite(databasePath(wiped), 0, Buffer.alloc(100, 0));
    await expect(start(wiped)).rejects.toThrow(/is damaged .*desk -- restore/);
    const restored = desk('restore', '--data-dir', wiped, '--from', backup, '--force');
    expect(restored.code).toBe(0);
  }, 60_000);

  it('after an unclean shutdown the full integrity check runs, with progress in the log', async () => {
    const dirty = path.join(temp, 'dirty');
    mkdirSync(dirty);
    copyFileSync(backup, databasePath(dirty));
    const lines: string[] = [];
    const spy = console.error;
    console.error = (line: string) => void lines.push(String(line));
    try {
      // The marker a run that was killed leaves behind.
      closeSync(openSync(path.join(dirty, RUNNING_MARKER), 'w'));
      const server = await startServer({
        port: 0,
        dataDir: dirty,
        staticDir: null,
        fastHash: true,
      });
      await server.close();
    } finally {
      console.error = spy;
    }
    expect(lines.join('\n')).toMatch(
      /did not shut down cleanly: full integrity check of \d+ tables/,
    );
    expect(lines.join('\n')).toMatch(/integrity check: (\d+)\/\1 tables/);
    expect(existsSync(path.join(dirty, RUNNING_MARKER))).toBe(false); // closed cleanly this time
  }, 60_000);
});

describe('write access known at start', () => {
  it('a database file marked read-only (0444) is refused with the reason and the path; no -wal/-shm left', async () => {
    const dir = path.join(temp, 'readonly-file');
    await (await start(dir)).close();
    const file = databasePath(dir);
    chmodSync(file, 0o444);
    const before = readdirSync(dir).sort();
    await expect(start(dir)).rejects.toThrow(
      new RegExp(
        `CIC Desk cannot write the file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: it is marked read-only\\.`,
      ),
    );
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readdirSync(dir).filter((f) => /-(wal|shm)$/.test(f))).toEqual([]);
    chmodSync(file, 0o600);
    await (await start(dir)).close();
  }, 60_000);

  it.skipIf(process.getuid?.() === 0)('a read-only folder is refused with the reason', async () => {
    const dir = path.join(temp, 'readonly-folder');
    await (await start(dir)).close();
    chmodSync(dir, 0o555);
    try {
      await expect(start(dir)).rejects.toThrow(
        /cannot write in the data folder .*: this user has no permission/,
      );
    } finally {
      chmodSync(dir, 0o700);
    }
  });

  it('a read-only mount with a WAL left by a crash is refused naming the cause and the path', async (ctx) => {
    const mnt = path.join(temp, 'ro-mount');
    const umount = mountTmpfs(mnt, 64 * 1024);
    if (!umount) return ctx.skip();
    try {
      const dir = path.join(mnt, 'data');
      await (await start(dir)).close();
      // A writer killed with its WAL not checkpointed.
      const child = spawnSync(
        NODE,
        [
          '-e',
          `const D=require(${JSON.stringify(path.join(ROOT, 'node_modules/better-sqlite3'))});` +
            `const d=new D(${JSON.stringify(databasePath(dir))});d.pragma('journal_mode=WAL');` +
            `d.pragma('wal_autocheckpoint=0');d.exec("update app_meta set value=value");` +
            `process.kill(process.pid,'SIGKILL')`,
        ],
        { encoding: 'utf8' },
      );
      expect(child.signal).toBe('SIGKILL');
      expect(existsSync(`${databasePath(dir)}-wal`)).toBe(true);
      expect(spawnSync('mount', ['-o', 'remount,ro', mnt]).status).toBe(0);
      await expect(start(dir)).rejects.toThrow(
        /CIC Desk cannot write in the data folder .*ro-mount\/data: it is on a read-only file system \(mount\)/,
      );
    } finally {
      umount();
    }
  }, 60_000);

  it('files the desk creates are not readable by others', async () => {
    const dir = path.join(temp, 'modes');
    const server = await start(dir);
    try {
      // Nothing in the folder is open to other users while the desk runs (-wal/-shm included).
      expect(statSync(dir).mode & 0o077).toBe(0);
      const files = readdirSync(dir, { withFileTypes: true }).filter((f) => f.isFile());
      expect(files.map((f) => f.name)).toEqual(
        expect.arrayContaining(['cic-desk.sqlite', 'cic-desk.sqlite-wal', 'cic-desk.lock']),
      );
      for (const f of files)
        expect([f.name, statSync(path.join(dir, f.name)).mode & 0o077]).toEqual([f.name, 0]);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('one server per data folder', () => {
  it('a second server on the folder is refused naming the process that holds it', async () => {
    const dir = path.join(temp, 'one-server');
    const first: RunningServer = await start(dir);
    try {
      await expect(start(dir)).rejects.toThrow(
        new RegExp(
          `The data folder .*one-server is in use by process ${process.pid} \\(server, on .*, since .*\\)\\. Only one CIC Desk server`,
        ),
      );
      // The first one still serves.
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      // And desk restore will not touch it.
      const busy = desk('restore', '--data-dir', dir, '--from', databasePath(dir), '--force');
      expect(busy.code).toBe(1);
    } finally {
      await first.close();
    }
    // Released on close: a new start gets it.
    await (await start(dir)).close();
  }, 60_000);

  it('a lock held by a killed process is free at once (the OS drops it)', async () => {
    const dir = path.join(temp, 'killed-holder');
    mkdirSync(dir);
    const child = spawn(
      NODE,
      [
        '-e',
        `import(${JSON.stringify(path.join(ROOT, 'server/ops/data-lock.ts'))}).then((m) => { m.acquireDataLock(${JSON.stringify(dir)}); console.log('held'); setInterval(() => {}, 1000); })`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    expect(() => acquireDataLock(dir)).toThrow(
      new RegExp(`in use by process ${child.pid} \\(server`),
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    acquireDataLock(dir).release();
  }, 30_000);
});

describe('the first start is atomic', () => {
  it('a server killed while seeding a new training desk: the next start creates it whole', async () => {
    const dir = path.join(temp, 'first-start');
    const file = databasePath(dir);
    let leftover: { users: number; customers: number } | 'unreadable' | null = null;
    for (let attempt = 0; attempt < 12 && leftover === null; attempt++) {
      // Kill while the database being created is past its users, i.e. seeding the demo data.
      rmSync(dir, { recursive: true, force: true });
      const child = spawn(NODE, ['server/main.ts', '--port', '0', '--data-dir', dir], {
        cwd: ROOT,
        env: { ...process.env, CIC_FAST_HASH: '1' },
        stdio: 'ignore',
      });
      // The seed starts when the schema's WAL is folded into the file (the seed's bulk load
      // switches the journal off WAL); it then runs for a few hundred milliseconds.
      const creating = file + CREATING_SUFFIX;
      const seeding = () =>
        existsSync(creating) && !existsSync(`${creating}-wal`) && statSync(creating).size > 4096;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && !seeding() && !existsSync(file)) await sleep(1);
      await sleep(20 * attempt);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      if (existsSync(file) || !existsSync(file + CREATING_SUFFIX)) continue; // too late / early
      // What the kill left, read from a copy (opening it rolls back its hot journal).
      const copy = path.join(temp, `first-start-leftover-${attempt}.sqlite`);
      for (const suffix of ['', '-journal', '-wal'])
        if (existsSync(file + CREATING_SUFFIX + suffix))
          copyFileSync(file + CREATING_SUFFIX + suffix, copy + suffix);
      try {
        const db = new Database(copy);
        const n = (t: string) =>
          (db.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n;
        if (n('users') === 5) leftover = { users: 5, customers: n('customers') };
        db.close();
      } catch (error) {
        if (/no such table/.test(String(error))) continue; // still migrating: too early
        leftover = 'unreadable'; // cut off inside the seed's unsynced bulk load
      }
    }
    // Cut off during the seed: users there, demo data missing or half-written.
    expect(leftover).not.toBeNull();
    expect(existsSync(file)).toBe(false); // nothing half-made under the real name
    const server = await start(dir);
    try {
      expect(count(file, 'users')).toBe(5);
      const customers = count(file, 'customers');
      expect(customers).toBeGreaterThan(0);
      if (leftover !== 'unreadable') expect(leftover?.customers).toBeLessThan(customers);
      console.info(
        `first start cut off during the seed: ${JSON.stringify(leftover)}, then ${customers} customers`,
      );
      const meta = new Database(file, { readonly: true });
      expect(
        meta.prepare("select value from app_meta where key = 'training_scenario'").get(),
      ).toBeTruthy();
      meta.close();
      expect(existsSync(file + CREATING_SUFFIX)).toBe(false);
    } finally {
      await server.close();
    }
  }, 120_000);
});
