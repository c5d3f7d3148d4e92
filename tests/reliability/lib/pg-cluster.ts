import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A throw-away PostgreSQL for a reliability test: a database on CIC_TEST_DATABASE_URL's server
 * when that is set (`npm run test:pg` style), else a cluster of its own — initdb into a temp
 * dir, a free port on 127.0.0.1, default durability (fsync on: these tests kill processes) —
 * run as the `postgres` user when we are root (PostgreSQL refuses to run as root).
 */
export interface ThrowawayDatabase {
  url: string;
  stop(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return '';
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : '';
}

function run(program: string, args: string[]): void {
  const bin = binDir();
  const exe = bin ? path.join(bin, program) : program;
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0)
    throw new Error(`${program} failed (${r.status ?? r.signal}): ${String(r.stderr)}`);
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

async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function throwawayDatabase(name: string): Promise<ThrowawayDatabase> {
  const shared = process.env.CIC_TEST_DATABASE_URL;
  if (shared) {
    const url = await createDatabase(shared, name);
    return {
      url,
      stop: async () => {
        const admin = new pg.Client({ connectionString: shared });
        await admin.connect();
        await admin
          .query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
          .finally(() => admin.end());
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'cic-pg-rel-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) spawnSync('chown', ['postgres:', dir]);
  let started = false;
  const stop = async () => {
    if (started) run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    started = false;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--locale=C.UTF-8', '--no-sync']);
    const port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100`;
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', options, '-w', 'start']);
    started = true;
    const url = await createDatabase(`postgres://postgres@127.0.0.1:${port}/postgres`, name);
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
