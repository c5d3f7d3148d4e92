import { sql, type Kysely } from 'kysely';
import type { DialectName } from './database.ts';
import { TransferError, type DumpTable } from './transfer-format.ts';

/**
 * The tables a dump moves, found by introspection on either engine: their columns, primary keys
 * and foreign-key order, and each column's declared type (db/transfer.ts writes and reads them).
 */

type Dialect = DialectName;

// The app's DB type says nothing about the tables found by introspection: the transfer works
// on any table, so it talks to Kysely untyped.
export type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Tables that only exist for the migrator. */
const INTERNAL = new Set(['kysely_migration', 'kysely_migration_lock']);

export interface TableInfo extends DumpTable {
  /** Primary-key columns (row order of the dump). */
  key: string[];
  /** Tables this one references (other than itself). */
  references: string[];
}

export interface ColumnType {
  /** Lower-case declared type: 'integer', 'text', 'blob', 'boolean', 'bytea', 'jsonb', … */
  type: string;
  identity: 'always' | 'default' | 'serial' | null;
}

async function sqliteTables(db: AnyDb): Promise<TableInfo[]> {
  const list = await sql<{
    name: string;
    type: string;
  }>`select name, type from pragma_table_list where schema = 'main'`.execute(db);
  const out: TableInfo[] = [];
  for (const { name, type } of list.rows) {
    if (type !== 'table' || name.startsWith('sqlite_') || INTERNAL.has(name)) continue;
    const cols = await sql<{
      name: string;
      pk: number;
      hidden: number;
    }>`select name, pk, hidden from pragma_table_xinfo(${name}) order by cid`.execute(db);
    const fks = await sql<{
      table: string;
    }>`select "table" from pragma_foreign_key_list(${name})`.execute(db);
    out.push({
      name,
      // hidden: 0 normal, 1 virtual-table hidden, 2/3 generated (recomputed by the target).
      columns: cols.rows.filter((c) => c.hidden === 0).map((c) => c.name),
      key: cols.rows
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      references: [...new Set(fks.rows.map((f) => f.table))].filter((t) => t !== name),
    });
  }
  return out;
}

async function postgresTables(db: AnyDb): Promise<TableInfo[]> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
  `.execute(db);
  const cols = await sql<{ table: string; name: string }>`
    select table_name as "table", column_name as name from information_schema.columns
    where table_schema = current_schema() and is_generated = 'NEVER'
    order by table_name, ordinal_position
  `.execute(db);
  const keys = await sql<{ table: string; name: string }>`
    select c.relname as "table", a.attname as name
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
    cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where i.indisprimary
    order by c.relname, k.ord
  `.execute(db);
  const fks = await sql<{ table: string; target: string }>`
    select c.relname as "table", t.relname as target
    from pg_constraint f
    join pg_class c on c.oid = f.conrelid
    join pg_class t on t.oid = f.confrelid
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
    where f.contype = 'f'
  `.execute(db);
  return tables.rows
    .filter((t) => !INTERNAL.has(t.name))
    .map((t) => ({
      name: t.name,
      columns: cols.rows.filter((c) => c.table === t.name).map((c) => c.name),
      key: keys.rows.filter((k) => k.table === t.name).map((k) => k.name),
      references: [
        ...new Set(fks.rows.filter((f) => f.table === t.name).map((f) => f.target)),
      ].filter((x) => x !== t.name),
    }));
}

/**
 * Tables in an order where every table comes after the tables it references (alphabetical
 * among equals, so the order is stable). A reference cycle is an error: no such cycle exists in
 * the schema, and inserting one would need deferred constraints.
 */
export function dependencyOrder<T extends { name: string; references: string[] }>(
  tables: readonly T[],
): T[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: T[] = [];
  const visit = (t: T, path: string[]) => {
    if (done.has(t.name)) return;
    if (visiting.has(t.name))
      throw new TransferError(`foreign-key cycle: ${[...path, t.name].join(' → ')}`);
    visiting.add(t.name);
    for (const ref of [...t.references].sort()) {
      const target = byName.get(ref);
      if (target) visit(target, [...path, t.name]);
    }
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t, []);
  return out;
}

export async function tablesOf(db: AnyDb, dialect: Dialect): Promise<TableInfo[]> {
  return dependencyOrder(dialect === 'sqlite' ? await sqliteTables(db) : await postgresTables(db));
}

export async function columnTypes(db: AnyDb, dialect: Dialect): Promise<Map<string, ColumnType>> {
  const types = new Map<string, ColumnType>();
  if (dialect === 'sqlite') {
    for (const t of await sqliteTables(db)) {
      const cols = await sql<{
        name: string;
        type: string;
      }>`select name, type from pragma_table_xinfo(${t.name})`.execute(db);
      for (const c of cols.rows)
        types.set(`${t.name}.${c.name}`, { type: c.type.toLowerCase(), identity: null });
    }
    return types;
  }
  const cols = await sql<{
    table: string;
    name: string;
    type: string;
    identity: string | null;
    dflt: string | null;
  }>`
    select table_name as "table", column_name as name, data_type as type,
      case when is_identity = 'YES' then identity_generation end as identity,
      column_default as dflt
    from information_schema.columns where table_schema = current_schema()
  `.execute(db);
  for (const c of cols.rows) {
    types.set(`${c.table}.${c.name}`, {
      type: c.type.toLowerCase(),
      identity:
        c.identity === 'ALWAYS'
          ? 'always'
          : c.identity
            ? 'default'
            : c.dflt?.startsWith('nextval(')
              ? 'serial'
              : null,
    });
  }
  return types;
}
