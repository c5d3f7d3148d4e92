/**
 * Throw-away PostgreSQL clusters for tests: initdb into a temp dir (trust auth, C.UTF-8 so text
 * sorts byte-wise like SQLite), a free port, started with pg_ctl and removed by `stop()`. Needs
 * the server binaries (Debian: `apt-get install postgresql`); run as root (CI containers), the
 * cluster runs as the `postgres` user, since PostgreSQL refuses to run as root.
 * Used by `npm run test:pg` (tests/pg/run.ts) and the reliability tests.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

function binDir(): string {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return '';
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : '';
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary (as `postgres` when we are root); throws on failure. */
function pgRun(program: string, args: string[], options: SpawnSyncOptions = {}): void {
  const bin = binDir();
  const exe = bin ? path.join(bin, program) : program;
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
export function fastBaseDir(): string {
  try {
    const { bavail, bsize } = statfsSync('/dev/shm');
    if (bavail * bsize > 2 ** 30) return '/dev/shm';
  } catch {
    // not Linux, or no /dev/shm
  }
  return tmpdir();
}

export interface ThrowawayCluster {
  dir: string;
  port: number;
  /** The `postgres` database as superuser (unix socket, or TCP on 127.0.0.1 with `tcp`). */
  url: string;
  /** Stops the cluster and deletes its folder; safe to call twice. */
  stop(): void;
}

export async function startCluster(options: {
  /** Where the cluster's folder goes (default: the temp dir). */
  baseDir?: string;
  /** Keep fsync on: for tests that kill processes. Off, nothing is flushed (fast, disposable). */
  durable: boolean;
  /** Listen on 127.0.0.1 (else only the unix socket in the cluster's folder). */
  tcp: boolean;
  maxConnections?: number;
}): Promise<ThrowawayCluster> {
  const dir = mkdtempSync(path.join(options.baseDir ?? tmpdir(), 'cic-pg-'));
  const data = path.join(dir, 'data');
  let started = false;
  const stop = () => {
    if (started) {
      started = false;
      try {
        pgRun('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } catch (error) {
        console.error(String(error));
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (asRoot) spawnSync('chown', ['postgres:', dir]);
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
      options.tcp ? '-c listen_addresses=127.0.0.1' : "-c listen_addresses=''",
      `-c max_connections=${options.maxConnections ?? 300}`,
      ...(options.durable
        ? []
        : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
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
    const host = options.tcp ? '127.0.0.1' : encodeURIComponent(dir);
    return { dir, port, url: `postgres://postgres@${host}:${port}/postgres`, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
