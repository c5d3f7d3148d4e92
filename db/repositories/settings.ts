import type { Db, DbOrTrx } from '../database.ts';

/**
 * Short-lived cache of configuration reads (settings, the closures calendar) for one database
 * handle, opted into by the central PostgreSQL server (server/http/start.ts): there every query is a
 * network round trip, and these were about half of them (each request checks the session
 * policy; every queue page and thread reads settings + closures).
 *
 * - Only reads through the handle itself are served from it. A transaction (every mutation,
 *   intake, background writer) always reads the database, so a decision that writes is never
 *   taken on a cached value; SQLite handles never opt in and keep reading every time.
 * - An entry lives `ttlMs` at most. `forgetCachedConfig()` drops everything at once: called by
 *   `saveSettingRow` in this process, and by the server on a committed calendar / clock / reset
 *   event from any instance (LISTEN/NOTIFY). A change made elsewhere (another instance's
 *   settings edit, psql) — or read by a concurrent request while the writing transaction had
 *   not committed yet — is therefore seen by this instance's plain reads within `ttlMs`.
 */
interface ConfigCache {
  ttlMs: number;
  entries: Map<string, { at: number; generation: number; value: Promise<unknown> }>;
}
const configCaches = new WeakMap<object, ConfigCache>();
let generation = 0;

/** Serves this handle's plain (non-transaction) configuration reads from a `ttlMs` cache. */
export function cacheConfigReads(db: Db, ttlMs: number): void {
  configCaches.set(db, { ttlMs, entries: new Map() });
}

/** Drops every cached configuration read (all handles): the next read goes to the database. */
export function forgetCachedConfig(): void {
  generation++;
}

/** `read()`, or its recent result when `db` opted in (see `cacheConfigReads`). */
export function cachedConfigRead<T>(db: DbOrTrx, key: string, read: () => Promise<T>): Promise<T> {
  const cache = db.isTransaction ? undefined : configCaches.get(db);
  if (!cache) return read();
  const now = performance.now();
  const hit = cache.entries.get(key);
  if (hit && hit.generation === generation && now - hit.at < cache.ttlMs)
    return hit.value as Promise<T>;
  // Tagged with the generation it started in: a change during the read makes it stale at once.
  const entry = { at: now, generation, value: read() as Promise<unknown> };
  cache.entries.set(key, entry);
  entry.value.catch(() => {
    if (cache.entries.get(key) === entry) cache.entries.delete(key);
  });
  return entry.value as Promise<T>;
}

/** Every stored lender setting as its JSON text, by key (server/core/settings.ts parses them). */
export async function settingRows(db: DbOrTrx): Promise<Map<string, string>> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  return new Map(rows.map((r) => [r.key, r.value]));
}

/** One stored setting's JSON text, or null when the key has no row. */
export async function settingRow(db: DbOrTrx, key: string): Promise<string | null> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value ?? null;
}

/**
 * Stores one setting's JSON text (validated by the caller) and drops the configuration cache;
 * returns the text it replaced (null for a new key), for the audit record.
 */
export async function saveSettingRow(
  db: DbOrTrx,
  key: string,
  json: string,
  at: string,
  userId: number | null,
): Promise<string | null> {
  forgetCachedConfig();
  const before = await settingRow(db, key);
  await db
    .insertInto('settings')
    .values({ key, value: json, updated_at: at, updated_by: userId })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value: json, updated_at: at, updated_by: userId }),
    )
    .execute();
  return before;
}

/** One value of the `app_meta` table (what kind of database this is, what it was seeded with). */
export async function readAppMeta(db: DbOrTrx, key: string): Promise<string | null> {
  const row = await db
    .selectFrom('app_meta')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value ?? null;
}
