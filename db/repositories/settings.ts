import type { DbOrTrx } from '../database.ts';
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

/** Reads every lender setting, validated. Throws if a required key is missing. */
export async function readSettings(db: DbOrTrx): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const key of settingKeys) {
    const raw = byKey.get(key);
    if (raw === undefined) throw new Error(`Lender setting "${key}" is missing from the database`);
    out[key] = parseStored(key, raw);
  }
  return out as Settings;
}

export async function readSetting<K extends SettingKey>(db: DbOrTrx, key: K): Promise<Settings[K]> {
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
