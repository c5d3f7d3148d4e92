import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { isPostgresUrl, openPostgres, type Db } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { exportDatabase, importDatabase, type TransferResult } from '../../db/transfer.ts';
import { databasePath, openDataDir } from '../ops/bootstrap.ts';

/**
 * `npm run desk -- export --data-dir D --to FILE` and
 * `npm run desk -- import --from FILE --database-url postgres://...`: moves a desk database
 * between engines (SQLite → PostgreSQL, or back) through a dialect-neutral dump (db/transfer.ts).
 * Either side is a data folder (SQLite) or a PostgreSQL URL.
 */

interface Where {
  dataDir?: string;
  databaseUrl?: string;
}

function open(where: Where, mustExist: boolean): { db: Db; label: string; close(): Promise<void> } {
  if (where.databaseUrl !== undefined) {
    if (!isPostgresUrl(where.databaseUrl))
      throw new Error('--database-url must be a postgres:// or postgresql:// URL');
    const { db } = openPostgres(where.databaseUrl, { max: 2 });
    const url = new URL(where.databaseUrl);
    url.password = '';
    return { db, label: url.href, close: () => db.destroy() };
  }
  const dir = path.resolve(where.dataDir ?? process.env.CIC_DATA_DIR ?? 'data');
  if (mustExist && !existsSync(databasePath(dir)))
    throw new Error(`there is no database at ${databasePath(dir)}`);
  const { db, sqlite } = openDataDir(dir);
  return {
    db,
    label: databasePath(dir),
    close: async () => {
      await db.destroy();
      if (sqlite.open) sqlite.close();
    },
  };
}

function summary(r: TransferResult): string {
  return (
    `${r.rows.toLocaleString('en-US')} rows in ${r.tables} tables, schema ${r.schemaVersion}, ` +
    `audit chain ${r.audit.count} records (head ${r.audit.head?.slice(0, 12) ?? '-'}), ` +
    `${(r.milliseconds / 1000).toFixed(1)} s`
  );
}

function fail(e: unknown): void {
  console.error(`desk: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}

export function registerTransferCommands(program: Command): void {
  program
    .command('export')
    .description('write a dialect-neutral dump of a desk database (JSON lines, .gz to compress)')
    .requiredOption('--to <file>', 'dump file to write (name it .jsonl.gz to compress)')
    .option('--data-dir <dir>', 'SQLite source: folder holding cic-desk.sqlite')
    .option('--database-url <url>', 'PostgreSQL source instead of a data folder')
    .action(async (opts: { to: string; dataDir?: string; databaseUrl?: string }) => {
      let source;
      try {
        source = open(opts, true);
        const file = path.resolve(opts.to);
        const r = await exportDatabase(source.db, file, {
          onTable: (t, n) =>
            console.log(`  ${t.padEnd(30)} ${n.toLocaleString('en-US').padStart(12)}`),
        });
        console.log(`exported ${source.label} → ${file}: ${summary(r)}`);
      } catch (e) {
        fail(e);
      } finally {
        await source?.close();
      }
    });

  program
    .command('import')
    .description(
      'load a dump into a NEW database (migrated first; one transaction; row counts and the audit chain verified)',
    )
    .requiredOption('--from <file>', 'dump written by `desk export`')
    .option('--database-url <url>', 'PostgreSQL target (default: CIC_DATABASE_URL)')
    .option('--data-dir <dir>', 'SQLite target instead: a folder without a desk database yet')
    .action(async (opts: { from: string; dataDir?: string; databaseUrl?: string }) => {
      let target;
      try {
        const file = path.resolve(opts.from);
        if (!existsSync(file)) throw new Error(`there is no file ${file}`);
        const where: Where =
          opts.dataDir !== undefined
            ? { dataDir: opts.dataDir }
            : { databaseUrl: opts.databaseUrl ?? process.env.CIC_DATABASE_URL ?? '' };
        if (where.databaseUrl === '')
          throw new Error('give the target: --database-url postgres://... (or --data-dir)');
        target = open(where, false);
        const r = await importDatabase(target.db, file, {
          migrate: migrateToLatest,
          onTable: (t, n) =>
            console.log(`  ${t.padEnd(30)} ${n.toLocaleString('en-US').padStart(12)}`),
        });
        console.log(`imported ${file} → ${target.label}: ${summary(r)}; verified`);
      } catch (e) {
        fail(e);
      } finally {
        await target?.close();
      }
    });
}
