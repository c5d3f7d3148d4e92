import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Counts in the renderer are i18next plurals (_one/_other), never a faked "attempt(s)". */
const root = join(import.meta.dirname, '../../renderer/src/locales');

function flat(o: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = v;
    else flat(v, key, out);
  }
  return out;
}

const files = readdirSync(join(root, 'en')).filter((f) => f.endsWith('.json'));
const load = (lang: string, file: string) =>
  flat(JSON.parse(readFileSync(join(root, lang, file), 'utf8')));

describe.each(files)('%s', (file) => {
  for (const lang of ['en', 'fr']) {
    it(`${lang}: no faked plural like "attempt(s)" or "échouée(s)"`, () => {
      const faked = Object.entries(load(lang, file)).filter(([, v]) =>
        /\p{L}\((?:e?s|x)\)/u.test(v),
      );
      expect(faked).toEqual([]);
    });
    it(`${lang}: every _one has its _other and back`, () => {
      const keys = load(lang, file);
      for (const k of Object.keys(keys)) {
        const m = /^(.*)_(one|other)$/.exec(k);
        if (!m) continue;
        expect(keys, k).toHaveProperty([`${m[1]}_${m[2] === 'one' ? 'other' : 'one'}`]);
      }
    });
  }
});

/**
 * The same placeholders, with the same formats, in both languages: a `{{on, day}}` in one and a
 * bare `{{on}}` in the other shows a date in words to one agent and "2026-11-30" to the other.
 */
const placeholders = (text: string) =>
  [
    ...new Set(
      [...text.matchAll(/\{\{\s*(\w+)\s*(?:,\s*([^}]*?))?\s*\}\}/g)].map((m) =>
        m[2] ? `${m[1]}, ${m[2]}` : m[1],
      ),
    ),
  ].sort();

describe.each(files)('%s in EN and FR', (file) => {
  it('every key has the same placeholders and formats in both languages', () => {
    const en = load('en', file);
    const fr = load('fr', file);
    const differ = Object.keys(en)
      .filter((k) => k in fr)
      .filter((k) => placeholders(en[k]!).join(';') !== placeholders(fr[k]!).join(';'))
      .map((k) => `${k}: ${placeholders(en[k]!).join('; ')} | ${placeholders(fr[k]!).join('; ')}`);
    expect(differ).toEqual([]);
  });
});
