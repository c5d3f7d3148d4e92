/**
 * Runs the integration suite against a real PostgreSQL: starts a throw-away cluster (initdb into
 * a temp dir, trust auth, unix socket in that dir, a free port, durability off because nothing
 * here must survive), runs `vitest run tests/integration` with CIC_TEST_DATABASE_URL pointing at
 * it, then stops the cluster and deletes the dir, whatever the outcome.
 *
 * Needs the PostgreSQL server binaries (Debian: `apt-get install postgresql`). Run as root (CI
 * containers), the cluster runs as the `postgres` user, since PostgreSQL refuses to run as root.
 *
 *   npm run test:pg                                   # the whole integration suite
 *   npm run test:pg -- tests/integration/auth.test.ts # some files (arguments go to vitest)
 */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Integration files that are about SQLite itself and open SQLite databases of their own whatever
 * the engine under test, so running them again here would only repeat the SQLite run. Each
 * still runs in the SQLite suite (`npm run test:unit`).
 */
const SQLITE_ONLY: Record<string, string> = {
  'customers-migration': 'carries data across migrations in SQLite files',
  'mail-payments-migration': 'carries data across migrations in SQLite files',
  'workflow-migrations': 'carries data across migrations in SQLite files',
  'customers-seed': 'the demo-data generator writes through better-sqlite3',
  'disputes-seed': 'the demo-data generator writes through better-sqlite3',
  'address-changes-seed': 'the demo-data generator writes through better-sqlite3',
  backup: 'desk backup/restore copy SQLite files (PostgreSQL: pg_dump / PITR, see docs)',
  'audit-verify': 'desk verify-audit on a SQLite data folder',
};

function binDir(): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], 'bin');
  }
  return '';
}

const BIN = binDir();
const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary (as `postgres` when we are root); throws on failure. */
function pgRun(program: string, args: string[], options: SpawnSyncOptions = {}): void {
  const exe = BIN ? path.join(BIN, program) : program;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
  const result = spawnSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (result.error) {
    throw new Error(
      `cannot run ${exe} (${result.error.message}): install PostgreSQL's server binaries ` +
        '(Debian: apt-get install postgresql)',
    );
  }
  if (result.status !== 0) {
    throw new Error(
      `${program} failed (${result.status ?? result.signal}): ${String(result.stderr ?? '')}${String(result.stdout ?? '')}`,
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A RAM-backed folder when there is room (each test app clones a database: ~50 ms in RAM, ~1 s
 * on a slow disk), else the temp dir. Docker's default 64 MB /dev/shm is too small.
 */
function baseDir(): string {
  try {
    const { bavail, bsize } = statfsSync('/dev/shm');
    if (bavail * bsize > 2 ** 30) return '/dev/shm';
  } catch {
    // not Linux, or no /dev/shm
  }
  return tmpdir();
}

async function main(): Promise<number> {
  const dir = mkdtempSync(path.join(baseDir(), 'cic-pg-'));
  const data = path.join(dir, 'data');
  let started = false;
  const stop = () => {
    if (started) {
      try {
        pgRun('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } catch (error) {
        console.error(String(error));
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (asRoot) spawnSync('chown', ['postgres:', dir]);
    const t0 = Date.now();
    pgRun('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      // Byte-order text comparison, as SQLite's: ISO dates and ids sort the same on both.
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
    const port = await freePort();
    const settings = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses=''",
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=300',
    ].join(' ');
    pgRun('pg_ctl', [
      '-D',
      data,
      '-l',
      path.join(dir, 'server.log'),
      '-o',
      settings,
      '-w',
      'start',
    ]);
    started = true;
    const url = `postgres://postgres@${encodeURIComponent(dir)}:${port}/postgres`;
    console.error(
      `[test:pg] PostgreSQL cluster up in ${Date.now() - t0} ms (${dir}, port ${port})`,
    );

    const args = process.argv.slice(2);
    const excluded = Object.keys(SQLITE_ONLY).flatMap((f) => [
      '--exclude',
      `tests/integration/${f}.test.ts`,
    ]);
    console.error(
      `[test:pg] SQLite-only files left to the SQLite run: ${Object.entries(SQLITE_ONLY)
        .map(([f, why]) => `\n  ${f}: ${why}`)
        .join('')}`,
    );
    const vitest = ['vitest', 'run', ...excluded, ...(args.length ? args : ['tests/integration'])];
    const child = spawn('npx', vitest, {
      stdio: 'inherit',
      env: { ...process.env, CIC_TEST_DATABASE_URL: url },
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const code = await new Promise<number>((resolve) =>
      child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))),
    );
    return code;
  } finally {
    stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
