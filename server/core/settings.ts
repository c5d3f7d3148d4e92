import {
  cachedConfigRead,
  saveSettingRow,
  settingRow,
  settingRows,
} from '../../db/repositories/settings.ts';
import type { DbOrTrx } from '../../db/database.ts';
import {
  parseSetting,
  settingKeys,
  type SettingKey,
  type Settings,
} from '../domain/lender-config.ts';

/**
 * The lender settings, validated by their schemas (server/domain/lender-config.ts). The rows
 * are read through the configuration cache of db/repositories/settings.ts; this module parses
 * them, so the repository only reads and writes rows.
 */

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

function missing(key: string): Error {
  return new Error(`Lender setting "${key}" is missing from the database`);
}

/** Reads every lender setting, validated. Throws if a required key is missing. */
export function readSettings(db: DbOrTrx): Promise<Settings> {
  return cachedConfigRead(db, 'settings', async () => {
    const byKey = await settingRows(db);
    const out: Partial<Record<SettingKey, unknown>> = {};
    for (const key of settingKeys) {
      const raw = byKey.get(key);
      if (raw === undefined) throw missing(key);
      out[key] = parseStored(key, raw);
    }
    return Object.freeze(out) as Settings;
  });
}

export function readSetting<K extends SettingKey>(db: DbOrTrx, key: K): Promise<Settings[K]> {
  return cachedConfigRead(db, `setting:${key}`, async () => {
    const raw = await settingRow(db, key);
    if (raw === null) throw missing(key);
    return parseStored(key, raw);
  });
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
  const before = await saveSettingRow(db, key, JSON.stringify(after), at, userId);
  return { before: before === null ? null : JSON.parse(before), after };
}
