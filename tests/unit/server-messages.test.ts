import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { DomainError, msg } from '../../server/domain/errors.ts';
import en from '../../shared/locales/en/server.json' with { type: 'json' };
import fr from '../../shared/locales/fr/server.json' with { type: 'json' };
import { serverMessageText } from '../../shared/server-messages.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sourcesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(ROOT, dir, f));
}

/** Every `msg('group.key'…)` the server and db code send. */
function keysUsedByTheServer(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of [...sourcesUnder('server'), ...sourcesUnder('db')]) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bmsg\(\s*['"]([\w.-]+)['"]/g)) {
      const key = m[1] as string;
      used.set(key, [...(used.get(key) ?? []), path.relative(ROOT, file)]);
    }
  }
  return used;
}

function lookup(catalogue: unknown, key: string): unknown {
  const at = (k: string) =>
    k
      .split('.')
      .reduce<unknown>(
        (node, part) => (node as Record<string, unknown> | undefined)?.[part],
        catalogue,
      );
  // A plural message is sent as its base key with a count: its `_other` form must exist.
  return at(key) ?? at(`${key}_other`);
}

function leafKeys(node: unknown, prefix = ''): string[] {
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? leafKeys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

// Names only (`{{on, day}}` → on); `{{en}}` / `{{fr}}` carry a text already in that language.
const placeholders = (text: string) =>
  [
    ...new Set(
      [...text.matchAll(/\{\{\s*(\w+)\s*(?:,[^}]*)?\}\}/g)]
        .map((m) => m[1])
        .filter((name) => name !== 'en' && name !== 'fr'),
    ),
  ].sort();

describe('server messages in EN and FR', () => {
  const used = keysUsedByTheServer();

  it('finds the keys the server sends (the walk itself works)', () => {
    expect(used.size).toBeGreaterThan(30);
    expect(used.get('common.sessionEnded')).toContain('server/trpc/base.ts');
  });

  it('every key the server sends has an English and a French text with the same placeholders', () => {
    const problems: string[] = [];
    for (const [key, files] of used) {
      const e = lookup(en, key);
      const f = lookup(fr, key);
      if (typeof e !== 'string') problems.push(`${key} (${files[0]}): missing in EN`);
      if (typeof f !== 'string') problems.push(`${key} (${files[0]}): missing in FR`);
      if (typeof e === 'string' && typeof f === 'string') {
        if (JSON.stringify(placeholders(e)) !== JSON.stringify(placeholders(f)))
          problems.push(`${key}: placeholders differ between EN and FR`);
        // A text of placeholders and punctuation only ("{{first}}, {{next}}") has no words to translate.
        const words = /\p{L}/u.test(e.replace(/\{\{[^}]*\}\}/g, ''));
        if (f.trim() === '' || (f === e && words)) problems.push(`${key}: FR is not a translation`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('EN and FR hold the same keys', () => {
    expect(leafKeys(fr).sort()).toEqual(leafKeys(en).sort());
  });
});

describe('a DomainError with a key', () => {
  it('keeps the key and parameters, and its English as the message (for logs)', () => {
    const error = new DomainError('CONFLICT', msg('messages.threadTaken', { owner: 'Ana' }));
    expect(error.message).toBe('Ana already has this thread.');
    expect(error.messageKey).toBe('messages.threadTaken');
    expect(error.messageParams).toEqual({ owner: 'Ana' });
  });

  it('still takes plain English (areas not converted yet)', () => {
    const error = new DomainError('VALIDATION', 'Some old message.');
    expect(error.message).toBe('Some old message.');
    expect(error.messageKey).toBeNull();
  });
});

describe('the screen shows server messages in the user’s language', () => {
  // Loaded like renderer/src/i18n.ts loads them (the `server` namespace of each language).
  const i18n = i18next.createInstance();
  void i18n.init({
    lng: 'fr',
    fallbackLng: 'en',
    resources: { en: { server: en }, fr: { server: fr } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  const translator = {
    exists: (key: string) => i18n.exists(key),
    t: (key: string, params: Record<string, unknown>) => i18n.t(key, params),
  };

  it('translates a keyed message with its parameters, and falls back to the text', async () => {
    const keyed = { messageKey: 'messages.threadTaken', messageParams: { owner: 'Ana' } };
    const text = 'Ana already has this thread.';
    expect(serverMessageText(text, keyed, translator)).toBe('Ana a déjà cette conversation.');
    expect(serverMessageText('Some old message.', { messageKey: null }, translator)).toBe(
      'Some old message.',
    );
    expect(
      serverMessageText('From a newer server.', { messageKey: 'messages.notYet' }, translator),
    ).toBe('From a newer server.');
    expect(serverMessageText('No data.', undefined, translator)).toBe('No data.');
    await i18n.changeLanguage('en');
    expect(serverMessageText(text, keyed, translator)).toBe('Ana already has this thread.');
  });
});
