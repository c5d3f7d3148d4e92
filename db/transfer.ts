import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type RawBuilder } from 'kysely';
import { dialectOf } from './database.ts';
import { appliedMigrations } from './migrate.ts';
import { LATEST_MIGRATION, migrations } from './migrations/index.ts';
import { verifyAuditChain } from './repositories/audit.ts';
import {
  DUMP_FORMAT,
  DUMP_FORMAT_VERSION,
  TransferError,
  type DumpHeader,
  type DumpTrailer,
  type TransferResult,
} from './transfer-format.ts';
import { columnTypes, tablesOf, type AnyDb } from './transfer-tables.ts';
import { decodeValue, encodeValue, type JsonValue } from './transfer-values.ts';

/**
 * Dialect-neutral dump of a whole CIC Desk database (`npm run desk -- export` / `import`):
 * moves a SQLite desk to PostgreSQL (or back, or between two servers of the same engine).
 *
 * The file is JSON lines (gzip when the name ends in `.gz`):
 * 1. a header: format, the schema version (newest applied migration), the tables in foreign-key
 *    dependency order with their column names;
 * 2. `{"table": name, "rows": [[v, …], …]}` batches, tables in that order, rows in primary-key
 *    order (an integer stays a number, a blob is `{"$bytes": base64}`);
 * 3. a trailer with each table's row count and the audit chain's length and head hash, so a
 *    truncated or tampered file is refused.
 *
 * Derived data is not exported: generated columns (recomputed by the target), SQLite's
 * full-text index tables (refilled by the target's triggers), the migration bookkeeping
 * (the target is migrated by this build, which must be at the dump's schema version).
 */

// --- export ---------------------------------------------------------------------------------

const PAGE = 2000;
/** A rows line is flushed at this many characters (PDF blobs make rows large). */
const LINE_CHARS = 1_000_000;

function keysetAfter(key: string[], last: unknown[]): RawBuilder<unknown> {
  const cols = sql.join(key.map((k) => sql.ref(k)));
  const vals = sql.join(last.map((v) => sql`${v}`));
  return key.length === 1 ? sql`${cols} > ${vals}` : sql`(${cols}) > (${vals})`;
}

async function writeDump(
  db: AnyDb,
  write: (line: string) => Promise<void>,
  options: { now?: Date; onTable?: (table: string, rows: number) => void },
): Promise<{ tables: number; trailer: DumpTrailer }> {
  const dialect = dialectOf(db);
  const applied = await appliedMigrations(db);
  const known = Object.keys(migrations).sort();
  const unknown = applied.filter((m) => !(m in migrations));
  if (unknown.length > 0)
    throw new TransferError(
      `the database was written by a newer CIC Desk (unknown migrations ${unknown.join(', ')}): export it with that version`,
    );
  if (applied.length !== known.length)
    throw new TransferError(
      `the database is at schema ${applied.at(-1) ?? '(none)'}, this build at ${LATEST_MIGRATION}: run \`npm run desk -- migrate\` on it first`,
    );
  return db.connection().execute(async (conn) => {
    // One consistent snapshot, without blocking the running server's writers.
    await sql
      .raw(dialect === 'sqlite' ? 'begin' : 'begin isolation level repeatable read read only')
      .execute(conn);
    try {
      const tables = await tablesOf(conn, dialect);
      const header: DumpHeader = {
        format: DUMP_FORMAT,
        formatVersion: DUMP_FORMAT_VERSION,
        schemaVersion: LATEST_MIGRATION,
        migrations: applied,
        // eslint-disable-next-line no-restricted-syntax -- when the dump file was written (file metadata, like a backup's name), not a business time
        exportedAt: (options.now ?? new Date()).toISOString(),
        source: { dialect },
        tables: tables.map((t) => ({ name: t.name, columns: t.columns })),
      };
      await write(JSON.stringify(header));
      const counts: Record<string, number> = {};
      for (const t of tables) {
        if (t.key.length === 0) throw new TransferError(`table ${t.name} has no primary key`);
        let last: unknown[] | null = null;
        let n = 0;
        let batch: JsonValue[][] = [];
        let chars = 0;
        const flush = async () => {
          if (batch.length === 0) return;
          const line = JSON.stringify({ table: t.name, rows: batch });
          batch = [];
          chars = 0;
          await write(line);
        };
        for (;;) {
          const where: RawBuilder<unknown> = last ? sql`where ${keysetAfter(t.key, last)}` : sql``;
          const page = await sql<Record<string, unknown>>`
            select ${sql.join(t.columns.map((c) => sql.ref(c)))} from ${sql.table(t.name)}
            ${where} order by ${sql.join(t.key.map((k) => sql.ref(k)))} limit ${PAGE}
          `.execute(conn);
          for (const row of page.rows) {
            const values = t.columns.map((c) => encodeValue(row[c]));
            batch.push(values);
            chars += JSON.stringify(values).length;
            if (batch.length >= 1000 || chars >= LINE_CHARS) await flush();
          }
          n += page.rows.length;
          const tail = page.rows.at(-1);
          if (!tail || page.rows.length < PAGE) break;
          last = t.key.map((k) => tail[k]);
        }
        await flush();
        counts[t.name] = n;
        options.onTable?.(t.name, n);
      }
      const trailer: DumpTrailer = { end: true, counts, audit: await auditSummary(conn) };
      await write(JSON.stringify(trailer));
      await sql.raw('commit').execute(conn);
      return { tables: tables.length, trailer };
    } catch (error) {
      await sql.raw('rollback').execute(conn);
      throw error;
    }
  });
}

async function auditSummary(db: AnyDb): Promise<{ count: number; head: string | null }> {
  const r = await sql<{
    n: number | string;
  }>`select count(*) as n from ${sql.table('audit_log')}`.execute(db);
  const head = await sql<{
    hash: string;
  }>`select hash from ${sql.table('audit_log')} order by id desc limit 1`.execute(db);
  return { count: Number(r.rows[0]?.n ?? 0), head: head.rows[0]?.hash ?? null };
}

/**
 * Writes the dump of `db` (a fully migrated desk database, SQLite or PostgreSQL) to `file`.
 * The read runs in one snapshot transaction, so the server may keep running meanwhile.
 */
export async function exportDatabase(
  db: AnyDb,
  file: string,
  options: { now?: Date; onTable?: (table: string, rows: number) => void } = {},
): Promise<TransferResult> {
  const t0 = performance.now();
  const out = createWriteStream(file);
  const gzip = file.endsWith('.gz') ? createGzip() : null;
  const sink: Writable = gzip ?? out;
  const written = gzip ? pipeline(gzip, out) : finished(out);
  // Keeps a failure of the file stream from going unhandled while rows are still being read.
  written.catch(() => {});
  const write = (line: string) =>
    new Promise<void>((resolve, reject) => {
      if (sink.destroyed) return reject(new TransferError(`could not write ${file}`));
      if (sink.write(`${line}\n`)) resolve();
      else sink.once('drain', resolve);
    });
  let result;
  try {
    result = await writeDump(db, write, options);
    sink.end();
    await written;
  } catch (error) {
    sink.destroy();
    out.destroy();
    rmSync(file, { force: true });
    throw error;
  }
  const { trailer } = result;
  return {
    schemaVersion: LATEST_MIGRATION,
    tables: result.tables,
    rows: Object.values(trailer.counts).reduce((a, b) => a + b, 0),
    counts: trailer.counts,
    audit: trailer.audit,
    milliseconds: Math.round(performance.now() - t0),
  };
}

// --- import ---------------------------------------------------------------------------------

/** SQLite allows 32,766 bound parameters per statement, PostgreSQL 65,535. */
const MAX_PARAMS = 30_000;

async function insertRows(
  db: AnyDb,
  table: string,
  columns: string[],
  rows: unknown[][],
  overriding: boolean,
): Promise<void> {
  const per = Math.max(1, Math.min(500, Math.floor(MAX_PARAMS / Math.max(columns.length, 1))));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    await sql`
      insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
      ${overriding ? sql`overriding system value` : sql``}
      values ${sql.join(chunk.map((r) => sql`(${sql.join(r.map((v) => sql`${v}`))})`))}
    `.execute(db);
  }
}

async function countRows(db: AnyDb, table: string): Promise<number> {
  const r = await sql<{
    n: number | string;
  }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

function lineReader(file: string) {
  const input = createReadStream(file);
  const lines = createInterface({
    input: file.endsWith('.gz') ? input.pipe(createGunzip()) : input,
    crlfDelay: Infinity,
  });
  return {
    lines,
    close: () => {
      lines.close();
      input.destroy();
    },
  };
}

/**
 * Loads a dump into `db`, which this function migrates to this build's schema first and which
 * must hold no desk yet (no `app_meta`, no audit record). Everything runs in ONE transaction:
 * rows in the dump's dependency order, identity sequences re-synchronised on PostgreSQL, then
 * verification — every table's row count against the dump and the target, and the audit
 * chain walked end to end with its head hash compared to the source's. Any mismatch rolls the
 * whole import back.
 */
export async function importDatabase(
  db: AnyDb,
  file: string,
  options: {
    migrate: (db: AnyDb) => Promise<unknown>;
    onTable?: (table: string, rows: number) => void;
  },
): Promise<TransferResult> {
  const t0 = performance.now();
  const reader = lineReader(file);
  try {
    return await importLines(db, file, reader.lines[Symbol.asyncIterator](), options, t0);
  } finally {
    reader.close();
  }
}

async function importLines(
  db: AnyDb,
  file: string,
  it: AsyncIterator<string>,
  options: {
    migrate: (db: AnyDb) => Promise<unknown>;
    onTable?: (table: string, rows: number) => void;
  },
  t0: number,
): Promise<TransferResult> {
  const first = await it.next();
  let header: DumpHeader;
  try {
    header = JSON.parse(first.done ? '' : first.value) as DumpHeader;
  } catch {
    throw new TransferError(`${file} is not a CIC Desk dump (no header line)`);
  }
  if (
    typeof header !== 'object' ||
    header === null ||
    header.format !== DUMP_FORMAT ||
    header.formatVersion !== DUMP_FORMAT_VERSION
  ) {
    throw new TransferError(`${file} is not a CIC Desk dump of format ${DUMP_FORMAT_VERSION}`);
  }
  if (header.schemaVersion !== LATEST_MIGRATION) {
    throw new TransferError(
      `the dump is at schema ${header.schemaVersion}, this build at ${LATEST_MIGRATION}: ` +
        (header.migrations.every((m) => m in migrations)
          ? 'migrate the source with this version (`npm run desk -- migrate`) and export again'
          : 'import it with the CIC Desk version that wrote it'),
    );
  }

  await options.migrate(db);
  const dialect = dialectOf(db);
  const targetTables = new Map((await tablesOf(db, dialect)).map((t) => [t.name, t]));
  const types = await columnTypes(db, dialect);
  for (const t of header.tables) {
    const target = targetTables.get(t.name);
    if (!target) throw new TransferError(`the target has no table ${t.name}`);
    const missing = t.columns.filter((c) => !target.columns.includes(c));
    if (missing.length > 0)
      throw new TransferError(`the target's ${t.name} has no column ${missing.join(', ')}`);
  }

  let trailer: DumpTrailer | null = null;
  const imported: Record<string, number> = {};
  const done = await db.transaction().execute(async (trx) => {
    if (dialect === 'sqlite') await sql`pragma defer_foreign_keys = on`.execute(trx);
    if ((await countRows(trx, 'app_meta')) > 0 || (await countRows(trx, 'audit_log')) > 0)
      throw new TransferError(
        'the target already holds a CIC Desk database: import only into a new, empty one',
      );
    // Rows a migration wrote (the first dispute policy, …) come from the dump instead.
    for (const t of [...header.tables].reverse()) {
      if ((await countRows(trx, t.name)) > 0)
        await sql`delete from ${sql.table(t.name)}`.execute(trx);
    }
    const byName = new Map(header.tables.map((t) => [t.name, t]));
    let current: string | null = null;
    const finish = () => {
      if (current !== null) options.onTable?.(current, imported[current] ?? 0);
    };
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      if (next.value === '') continue;
      const line = JSON.parse(next.value) as { table: string; rows: JsonValue[][] } | DumpTrailer;
      if ('end' in line) {
        trailer = line;
        break;
      }
      const t = byName.get(line.table);
      if (!t) throw new TransferError(`rows for table ${line.table}, which the header lacks`);
      if (line.table !== current) {
        finish();
        current = line.table;
      }
      const colTypes = t.columns.map((c) => types.get(`${t.name}.${c}`));
      const rows = line.rows.map((r) => r.map((v, i) => decodeValue(v, colTypes[i]?.type)));
      const overriding = dialect === 'postgres' && colTypes.some((c) => c?.identity === 'always');
      await insertRows(trx, t.name, t.columns, rows, overriding);
      imported[t.name] = (imported[t.name] ?? 0) + rows.length;
    }
    finish();
    const end = trailer as DumpTrailer | null;
    if (!end) throw new TransferError('the dump is truncated (no trailer line)');

    if (dialect === 'postgres') {
      // Explicit ids were inserted: move each sequence past the highest one.
      for (const t of header.tables) {
        for (const c of t.columns) {
          if (!types.get(`${t.name}.${c}`)?.identity) continue;
          await sql`
            select setval(pg_get_serial_sequence(${`"${t.name}"`}, ${c}),
              coalesce((select max(${sql.ref(c)}) from ${sql.table(t.name)}), 0) + 1, false)
          `.execute(trx);
        }
      }
    }

    // Verification, still inside the transaction.
    const problems: string[] = [];
    for (const t of header.tables) {
      const expected = end.counts[t.name] ?? 0;
      const read = imported[t.name] ?? 0;
      const inTarget = await countRows(trx, t.name);
      if (read !== expected || inTarget !== expected)
        problems.push(`${t.name}: dump says ${expected}, read ${read}, target has ${inTarget}`);
    }
    const chain = await verifyAuditChain(trx);
    if (!chain.ok) problems.push(`audit chain broken at record ${chain.brokenAtId}`);
    const audit = await auditSummary(trx);
    if (audit.count !== end.audit.count || audit.head !== end.audit.head)
      problems.push(
        `audit chain: source ${end.audit.count} records ending ${end.audit.head ?? '-'}, target ${audit.count} ending ${audit.head ?? '-'}`,
      );
    if (problems.length > 0)
      throw new TransferError(`verification failed, nothing imported:\n  ${problems.join('\n  ')}`);
    return { counts: end.counts, audit };
  });
  if (dialect === 'postgres') await sql`analyze`.execute(db);
  return {
    schemaVersion: header.schemaVersion,
    tables: header.tables.length,
    rows: Object.values(done.counts).reduce((a, b) => a + b, 0),
    counts: done.counts,
    audit: done.audit,
    milliseconds: Math.round(performance.now() - t0),
  };
}
