/**
 * Runs the integration suite against a real PostgreSQL: starts a throw-away cluster
 * (tests/pg/pg-cluster.ts: unix socket only, durability off because nothing here must survive), runs `vitest run tests/integration` with CIC_TEST_DATABASE_URL pointing at
 * it, then stops the cluster and deletes the dir, whatever the outcome.
 *
 * Needs the PostgreSQL server binaries (Debian: `apt-get install postgresql`). Run as root (CI
 * containers), the cluster runs as the `postgres` user, since PostgreSQL refuses to run as root.
 *
 *   npm run test:pg                                   # the whole integration suite
 *   npm run test:pg -- tests/integration/auth.test.ts # some files (arguments go to vitest)
 */
import { spawn } from 'node:child_process';
import { fastBaseDir, startCluster } from './pg-cluster.ts';

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

async function main(): Promise<number> {
  const t0 = Date.now();
  const cluster = await startCluster({ baseDir: fastBaseDir(), durable: false, tcp: false });
  try {
    const url = cluster.url;
    console.error(
      `[test:pg] PostgreSQL cluster up in ${Date.now() - t0} ms (${cluster.dir}, port ${cluster.port})`,
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
    cluster.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
