import type { Db, DbOrTrx } from '../database.ts';
import {
  parseSetting,
  settingKeys,
  type SettingKey,
  type Settings,
} from '../../server/domain/lender-config.ts';

/**
 * Parsed settings by their stored JSON: every request reads the rows (so a change is seen at
 * once, by every server sharing the database) but validates a given text only once.
 */
const parsed = new Map<string, unknown>();
function parseStored<K extends SettingKey>(key: K, raw: string): Settings[K] {
  const memoKey = `${key}\u0000${raw}`;
  if (parsed.has(memoKey)) return parsed.get(memoKey) as Settings[K];
  // Shared between requests, so frozen: a caller that tried to change it would throw, not leak.
  const value = deepFreeze(parseSetting(key, JSON.parse(raw)));
  if (parsed.size > 200) parsed.clear();
  parsed.set(memoKey, value);
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

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
 *   `writeSetting` in this process, and by the server on a committed calendar / clock / reset
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

/** Reads every lender setting, validated. Throws if a required key is missing. */
export function readSettings(db: DbOrTrx): Promise<Settings> {
  return cachedConfigRead(db, 'settings', () => readAllSettings(db));
}

async function readAllSettings(db: DbOrTrx): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const key of settingKeys) {
    const raw = byKey.get(key);
    if (raw === undefined) throw new Error(`Lender setting "${key}" is missing from the database`);
    out[key] = parseStored(key, raw);
  }
  return Object.freeze(out) as Settings;
}

export function readSetting<K extends SettingKey>(db: DbOrTrx, key: K): Promise<Settings[K]> {
  return cachedConfigRead(db, `setting:${key}`, () => readOneSetting(db, key));
}

async function readOneSetting<K extends SettingKey>(db: DbOrTrx, key: K): Promise<Settings[K]> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) throw new Error(`Lender setting "${key}" is missing from the database`);
  return parseStored(key, row.value);
}

/** Writes one validated setting; returns the previous value (for the audit record). */
export async function writeSetting<K extends SettingKey>(
  db: DbOrTrx,
  key: K,
  value: unknown,
  at: string,
  userId: number | null,
): Promise<{ before: unknown; after: Settings[K] }> {
  const after = parseSetting(key, value);
  forgetCachedConfig();
  const prev = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  await db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(after), updated_at: at, updated_by: userId })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ value: JSON.stringify(after), updated_at: at, updated_by: userId }),
    )
    .execute();
  return { before: prev ? JSON.parse(prev.value) : null, after };
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
