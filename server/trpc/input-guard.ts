import { fieldKey } from './zod-messages.ts';
import type { ServerMessageKey } from '../domain/shared/server-messages.ts';
/**
 * Edge checks every procedure's raw input passes before its own zod schema (server/trpc/base.ts).
 *
 * NUL (U+0000) is refused in every string and object key: no field of the desk holds one, and
 * PostgreSQL cannot store it in TEXT ("invalid byte sequence for encoding UTF8: 0x00") — left
 * through, it would be an internal error on PostgreSQL and a silently odd value on SQLite.
 */
/** The field's message: a catalogue key, shown in the user's language. */
export const NUL_KEY = 'fields.noNul' satisfies ServerMessageKey;
export const NUL_MESSAGE = fieldKey(NUL_KEY);

/**
 * The path of the first string (or key) holding a NUL, or null when there is none. Iterative,
 * so a deeply nested input cannot overflow the stack.
 *
 * @example
 * findNulByte({ a: ['ok', 'x\u0000'] }); // ['a', 1]
 */
export function findNulByte(value: unknown): Array<string | number> | null {
  // Each entry links to its parent: a path is only built for the one string found, so a deep
  // input costs linear time.
  interface Entry {
    value: unknown;
    key: string | number | null;
    parent: Entry | null;
  }
  const pathOf = (entry: Entry | null, last?: string): Array<string | number> => {
    const path: Array<string | number> = last === undefined ? [] : [last];
    for (let e = entry; e && e.key !== null; e = e.parent) path.push(e.key);
    return path.reverse();
  };
  const stack: Entry[] = [{ value, key: null, parent: null }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const v = entry.value;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return pathOf(entry);
      continue;
    }
    if (!v || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i -= 1) stack.push({ value: v[i], key: i, parent: entry });
      continue;
    }
    for (const [key, child] of Object.entries(v).reverse()) {
      if (key.includes('\u0000')) return pathOf(entry, key);
      stack.push({ value: child, key, parent: entry });
    }
  }
  return null;
}
