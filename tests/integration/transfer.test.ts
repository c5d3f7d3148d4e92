import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPostgres, type Db } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { appendAudit, verifyAuditChain } from '../../db/repositories/audit.ts';
import { runSeed } from '../../server/training/seed/index.ts';
import { exportDatabase, importDatabase } from '../../db/transfer.ts';
import type { DumpHeader } from '../../db/transfer-format.ts';
import { dependencyOrder } from '../../db/transfer-tables.ts';
import { decodeValue, encodeValue } from '../../db/transfer-values.ts';
import { openDataDir, prepareDatabase } from '../../server/ops/bootstrap.ts';
import { TEST_SCRYPT } from '../../server/auth/password.ts';
import { cloneDatabase, onPostgres } from './pg-test-db.ts';

/**
 * `desk export` / `desk import`: a seeded SQLite desk goes through the dialect-neutral dump
 * into a new database and comes out row for row the same; a damaged dump or a used target is
 * refused and leaves the target untouched. On the PostgreSQL run of the suite
 * (`npm run test:pg -- tests/integration/transfer.test.ts`) the same dump also goes into a fresh
 * PostgreSQL database and is compared row for row.
 */

const root = mkdtempSync(path.join(tmpdir(), 'cic-transfer-'));
let source: ReturnType<typeof openDataDir>;

function open(name: string) {
  return openDataDir(path.join(root, name));
}

async function close(handle: ReturnType<typeof openDataDir>) {
  await handle.db.destroy();
  if (handle.sqlite.open) handle.sqlite.close();
}

/** Every table's rows (all columns, generated ones included), in primary-key order. */
function snapshot(sqlite: ReturnType<typeof openDataDir>['sqlite']): Record<string, unknown[]> {
  const tables = sqlite
    .prepare(
      "select name from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name",
    )
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((t) => [t, sqlite.prepare(`select * from "${t}" order by 1, 2`).raw().all()]),
  );
}

async function importInto(name: string, file: string) {
  const target = open(name);
  try {
    return await importDatabase(target.db, file, { migrate: migrateToLatest });
  } finally {
    await close(target);
  }
}

beforeAll(async () => {
  source = open('source');
  await prepareDatabase(source.db, {
    kind: 'training',
    demoUsers: true,
    scrypt: TEST_SCRYPT,
    at: new Date('2026-11-20T15:00:00.000Z'),
  });
  await runSeed({ sqlite: source.sqlite, scale: 'demo', exclusive: true });
  // A few audit records (the seed writes none) and a blob with every byte value.
  for (let i = 0; i < 5; i++) {
    await source.db.transaction().execute((trx) =>
      appendAudit(trx, { id: 1, username: 'agent' }, `2026-11-20T15:0${i}:00.000Z`, {
        action: 'test.transfer',
        entityType: 'test',
        entityId: i,
        after: { i, text: 'é"\n\\' },
      }),
    );
  }
  const letter = await sql<{ id: number }>`select id from dispute_letters limit 1`.execute(
    source.db,
  );
  if (letter.rows[0]) {
    source.sqlite
      .prepare('update dispute_letters set pdf = ? where id = ?')
      .run(Buffer.from(Array.from({ length: 256 }, (_, i) => i)), letter.rows[0].id);
  }
}, 60_000);

afterAll(async () => {
  await close(source);
  rmSync(root, { recursive: true, force: true });
});

describe('desk export / import (SQLite → SQLite)', () => {
  it('round-trips every row, the audit chain and the search index', async () => {
    const file = path.join(root, 'dump.jsonl');
    const exported = await exportDatabase(source.db as Db, file);
    expect(exported.rows).toBeGreaterThan(1000);
    expect(exported.audit.count).toBe(5);

    const imported = await importInto('copy', file);
    expect(imported.counts).toEqual(exported.counts);
    expect(imported.audit).toEqual(exported.audit);

    const copy = open('copy');
    try {
      expect(snapshot(copy.sqlite)).toEqual(snapshot(source.sqlite));
      expect(await verifyAuditChain(copy.db)).toEqual({ ok: true, count: 5 });
      // The full-text index is rebuilt by the target's triggers.
      const match = "select count(*) from customer_search where customer_search match 'a*'";
      expect(copy.sqlite.prepare(match).pluck().get()).toBe(
        source.sqlite.prepare(match).pluck().get(),
      );
      // New rows get ids after the imported ones.
      const maxId = copy.sqlite.prepare('select max(id) from audit_log').pluck().get() as number;
      await copy.db.transaction().execute((trx) =>
        appendAudit(trx, { id: null, username: 'cli' }, '2026-11-21T00:00:00.000Z', {
          action: 'test.after_import',
          entityType: 'test',
        }),
      );
      expect(copy.sqlite.prepare('select max(id) from audit_log').pluck().get()).toBe(maxId + 1);
      expect(await verifyAuditChain(copy.db)).toEqual({ ok: true, count: 6 });
    } finally {
      await close(copy);
    }
  });

  it('writes and reads gzip when the file name ends in .gz', async () => {
    const file = path.join(root, 'dump.jsonl.gz');
    const exported = await exportDatabase(source.db as Db, file);
    const header = JSON.parse(
      gunzipSync(readFileSync(file)).toString('utf8').split('\n')[0]!,
    ) as DumpHeader;
    expect(header.format).toBe('cic-desk-dump');
    // Dependency order: a table comes after those it references.
    const order = header.tables.map((t) => t.name);
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('sessions'));
    expect(order.indexOf('accounts')).toBeLessThan(order.indexOf('ledger_entries'));
    expect(order.indexOf('ledger_entries')).toBeLessThan(order.indexOf('dispute_transactions'));
    // Derived data is not exported.
    expect(order.some((t) => t.startsWith('customer_search'))).toBe(false);
    expect(header.tables.find((t) => t.name === 'customers')!.columns).not.toContain('search_name');
    const imported = await importInto('copy-gz', file);
    expect(imported.counts).toEqual(exported.counts);
  });

  it('refuses a target that already holds a desk, and leaves it as it was', async () => {
    const file = path.join(root, 'dump.jsonl');
    const before = (() => {
      const copy = open('copy');
      const s = snapshot(copy.sqlite);
      copy.sqlite.close();
      return s;
    })();
    await expect(importInto('copy', file)).rejects.toThrow(/already holds a CIC Desk database/);
    const copy = open('copy');
    try {
      expect(snapshot(copy.sqlite)).toEqual(before);
    } finally {
      await close(copy);
    }
  });

  const damaged: Array<[string, (lines: string[]) => string[], RegExp]> = [
    ['a truncated dump', (l) => l.slice(0, -2), /truncated/],
    [
      'an altered audit record',
      (l) =>
        l.map((line) =>
          line.startsWith('{"table":"audit_log"')
            ? line.replace('test.transfer', 'test.forged')
            : line,
        ),
      /audit chain broken/,
    ],
    [
      'a missing row',
      (l) =>
        l.map((line) => {
          if (!line.startsWith('{"table":"customers"')) return line;
          const batch = JSON.parse(line) as { table: string; rows: unknown[] };
          return JSON.stringify({ ...batch, rows: batch.rows.slice(1) });
        }),
      /customers: dump says \d+, read \d+/,
    ],
    [
      'another schema version',
      (l) => [
        l[0]!.replace(/"schemaVersion":"[^"]+"/, '"schemaVersion":"0099-future"'),
        ...l.slice(1),
      ],
      /schema 0099-future/,
    ],
    ['something else', () => ['{"hello":1}'], /not a CIC Desk dump/],
  ];

  it.each(damaged)('refuses %s and imports nothing', async (_label, damage, message) => {
    const good = readFileSync(path.join(root, 'dump.jsonl'), 'utf8').trimEnd().split('\n');
    const file = path.join(root, `damaged-${Math.random().toString(36).slice(2)}.jsonl`);
    writeFileSync(file, `${damage(good).join('\n')}\n`);
    const name = path.basename(file, '.jsonl');
    await expect(importInto(name, file)).rejects.toThrow(message);
    const target = open(name);
    try {
      const count = (table: string) =>
        target.sqlite
          .prepare('select count(*) from pragma_table_list where name = ?')
          .pluck()
          .get(table) === 0
          ? 0
          : target.sqlite.prepare(`select count(*) from "${table}"`).pluck().get();
      // Refused before migrating, or rolled back after: either way no data.
      expect(count('app_meta')).toBe(0);
      expect(count('customers')).toBe(0);
      expect(count('audit_log')).toBe(0);
    } finally {
      await close(target);
    }
  });

  it('refuses to export a database that is not at this build’s schema', async () => {
    const old = open('old');
    try {
      const { migrateTo } = await import('../../db/migrate.ts');
      await migrateTo(old.db, '0001-platform');
      await expect(exportDatabase(old.db, path.join(root, 'old.jsonl'))).rejects.toThrow(
        /run `npm run desk -- migrate` on it first/,
      );
    } finally {
      await close(old);
    }
  });
});

describe('dump values and order', () => {
  it.each([
    [42, 'integer', 42],
    ['2026-11-20', 'text', '2026-11-20'],
    [null, 'integer', null],
    ['17', 'bigint', 17],
    [1, 'boolean', true],
    [0, 'boolean', false],
    [true, 'integer', 1],
  ])('%j into a %s column → %j', (value, type, expected) => {
    expect(decodeValue(value, type)).toEqual(expected);
  });

  it('carries bytes and big integers through JSON', () => {
    const bytes = Buffer.from([0, 255, 10, 13]);
    expect(decodeValue(JSON.parse(JSON.stringify(encodeValue(bytes))), 'blob')).toEqual(bytes);
    expect(encodeValue(2n ** 70n)).toEqual({ $big: '1180591620717411303424' });
    expect(encodeValue(12n)).toBe(12);
    expect(encodeValue(new Date('2026-11-20T15:00:00.000Z'))).toBe('2026-11-20T15:00:00.000Z');
  });

  it('orders tables after what they reference and rejects a cycle', () => {
    const order = dependencyOrder([
      { name: 'c', references: ['b'] },
      { name: 'b', references: ['a'] },
      { name: 'a', references: [] },
      { name: 'z', references: [] },
    ]).map((t) => t.name);
    expect(order).toEqual(['a', 'b', 'c', 'z']);
    expect(() =>
      dependencyOrder([
        { name: 'a', references: ['b'] },
        { name: 'b', references: ['a'] },
      ]),
    ).toThrow(/cycle/);
  });
});

describe.skipIf(!onPostgres)('desk import into PostgreSQL', () => {
  it('moves a SQLite desk to PostgreSQL row for row, sequences re-synchronised', async () => {
    const file = path.join(root, 'to-pg.jsonl.gz');
    const exported = await exportDatabase(source.db as Db, file);
    const clone = await cloneDatabase(inject('pgTemplate'));
    const { db } = openPostgres(clone.url, { max: 2 });
    try {
      const imported = await importDatabase(db, file, { migrate: migrateToLatest });
      expect(imported.counts).toEqual(exported.counts);
      expect(imported.audit).toEqual(exported.audit);
      expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 5 });

      // Every exported column of every table, in key order, equal on both engines.
      const header = JSON.parse(
        gunzipSync(readFileSync(file)).toString('utf8').split('\n')[0]!,
      ) as DumpHeader;
      for (const t of header.tables) {
        const cols = t.columns.map((c) => `"${c}"`).join(', ');
        const fromSqlite = source.sqlite
          .prepare(`select ${cols} from "${t.name}" order by 1, 2`)
          .raw()
          .all()
          .map((r) => (r as unknown[]).map((v) => (v instanceof Uint8Array ? Buffer.from(v) : v)));
        const fromPg = (
          await sql
            .raw<Record<string, unknown>>(`select ${cols} from "${t.name}" order by 1, 2`)
            .execute(db)
        ).rows.map((r) => t.columns.map((c) => r[c]));
        expect(fromPg, t.name).toEqual(fromSqlite);
      }

      // Generated columns are recomputed by PostgreSQL.
      const active = await sql<{
        n: number;
      }>`select count(*) as n from message_threads where is_active = 1`.execute(db);
      expect(active.rows[0]!.n).toBe(
        source.sqlite
          .prepare('select count(*) from message_threads where is_active = 1')
          .pluck()
          .get(),
      );
      // Identity sequences continue after the imported ids.
      const max = source.sqlite.prepare('select max(id) from audit_log').pluck().get() as number;
      await db.transaction().execute((trx) =>
        appendAudit(trx, { id: null, username: 'cli' }, '2026-11-21T00:00:00.000Z', {
          action: 'test.after_import',
          entityType: 'test',
        }),
      );
      const next = await sql<{ id: number }>`select max(id) as id from audit_log`.execute(db);
      expect(next.rows[0]!.id).toBe(max + 1);
      const customers = source.sqlite
        .prepare('select max(id) from customers')
        .pluck()
        .get() as number;
      const inserted = await sql<{ id: number }>`
        insert into customers (kind, first_name, last_name, language, created_at, updated_at)
        values ('personal', 'New', 'Customer', 'en', '2026-11-21T00:00:00.000Z', '2026-11-21T00:00:00.000Z')
        returning id`.execute(db);
      expect(inserted.rows[0]!.id).toBe(customers + 1);
      // A second import into the now-used database is refused.
      await expect(importDatabase(db, file, { migrate: migrateToLatest })).rejects.toThrow(
        /already holds a CIC Desk database/,
      );
    } finally {
      await db.destroy();
      await clone.drop();
    }
  }, 120_000);
});
