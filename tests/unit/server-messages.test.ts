import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { DomainError, msg } from '../../server/domain/errors.ts';
import en from '../../server/domain/shared/locales/en/server.json' with { type: 'json' };
import fr from '../../server/domain/shared/locales/fr/server.json' with { type: 'json' };
import { z } from 'zod';
import { fieldKey, zodFields } from '../../server/trpc/zod-messages.ts';
import {
  addMessageFormats,
  englishOf,
  serverMessageText,
  translateMessage,
  type ServerMessage,
} from '../../server/domain/shared/server-messages.ts';

const frCatalogue = fr;

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

describe('zod field errors in the user’s language', () => {
  const fr = i18next.createInstance();
  void fr.init({
    lng: 'fr',
    fallbackLng: 'en',
    resources: { en: { server: en }, fr: { server: frCatalogue } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  addMessageFormats(fr);
  const french = {
    exists: (key: string) => fr.exists(key),
    t: (key: string, params: Record<string, unknown>) => fr.t(key, params),
  };
  const schema = z.strictObject({
    username: z.string().min(1, fieldKey('fields.enterUsername')),
    note: z.string().max(5),
    count: z.number().int().min(2),
    kind: z.enum(['a', 'b']),
    legacy: z.string().min(1, 'Some old English'),
  });

  it('keys a schema’s own message and zod’s standard ones; English stays for logs and tests', () => {
    const result = schema.safeParse({
      username: '',
      note: 'too long',
      count: 1,
      kind: 'c',
      legacy: '',
    });
    expect(result.success).toBe(false);
    const { english, keyed } = zodFields(result.error as never);
    expect(english.username).toBe('Enter your username');
    expect(keyed.username).toEqual({ key: 'fields.enterUsername', params: {} });
    expect(keyed.note).toEqual({ key: 'zod.tooBig.string', params: { limit: 5 } });
    expect(keyed.count).toEqual({ key: 'zod.tooSmall.number', params: { limit: 2 } });
    expect(keyed.kind?.key).toBe('zod.invalidValue');
    // Plain English a schema still writes is shown as it is (never mislabelled as a standard one).
    expect(keyed.legacy).toBeUndefined();
    expect(english.legacy).toBe('Some old English');
    expect(translateMessage(keyed.username as ServerMessage, french)).toBe(
      'Entrez votre nom d’utilisateur',
    );
    expect(translateMessage(keyed.note as ServerMessage, french)).toBe('Au plus 5 caractères');
  });
});

describe('messages made of messages, dates and money', () => {
  const fr = i18next.createInstance();
  void fr.init({
    lng: 'fr',
    resources: { fr: { server: frCatalogue } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  addMessageFormats(fr);
  const french = {
    exists: (key: string) => fr.exists(key),
    t: (key: string, params: Record<string, unknown>) => fr.t(key, params),
  };

  it('translates nested messages, lists, plurals, dates and money in the reader’s language', () => {
    const message = msg('disputes.cannotCloseYet', {
      blockers: [msg('disputes.gate.noDetermination'), msg('disputes.gate.correctionNotPosted')],
    });
    expect(englishOf(message)).toBe(
      'The case cannot close yet: No determination has been recorded. The correction has not been posted.',
    );
    expect(translateMessage(message, french)).toBe(
      'Le dossier ne peut pas encore être fermé : Aucune décision n’a été enregistrée. La correction n’a pas été inscrite.',
    );
    const credit = msg('disputes.event.creditPosted', { amount: 123456, on: '2026-11-26' });
    expect(englishOf(credit)).toBe('Provisional credit of $1,234.56 posted Thu 2026-11-26');
    expect(translateMessage(credit, french)).toMatch(
      /^Crédit provisoire de 1\s234,56\s\$ inscrit le jeu\. 26 nov\. 2026$/,
    );
    expect(englishOf(msg('clocks.weekends', { count: 1 }))).toBe('one weekend');
    expect(translateMessage(msg('clocks.weekends', { count: 2 }), french)).toBe(
      '2 fins de semaine',
    );
    // A key this catalogue lacks (a newer server): null, so the screen shows the server's text.
    expect(
      translateMessage(
        msg('disputes.cannotCloseYet', { blockers: [{ key: 'x.y' as never, params: {} }] }),
        french,
      ),
    ).toBeNull();
  });
});

/**
 * The class stays fixed: in the converted areas, nothing throws or returns English to the user.
 * A DomainError's message, a field message and a zod schema's own message are keys (`msg(…)`,
 * `fieldKey(…)`); only these files still hold English (their areas are not converted yet).
 */
describe('no English text reaches the user from the converted areas', () => {
  const AREAS = [
    'server/disputes',
    'server/address-changes',
    'server/mail-payments',
    'server/calls',
    'server/auth',
    'server/controls',
    'server/domain',
    'server/core',
    'db/repositories',
  ];
  const NOT_CONVERTED_YET = new Set([
    'server/domain/message-state.ts', // the messages area's thread states
    'server/domain/address-normalize.ts', // the address form's field reasons
    'server/domain/lender-config.ts', // the admin's lender settings
  ]);
  const RULES: Array<[string, RegExp]> = [
    ['a DomainError with literal text', /new DomainError\(\s*'[A-Z_]+',\s*[`'"]/],
    ['a field message with literal text', /fields:\s*\{[^{}]*?:\s*[`'"][^`'"]*[A-Za-z]/],
    ['ensure() with literal text', /\bensure\([^,()]+,\s*[`'"]/],
    ['a zod message in English', /\.(?:min|max|length|regex|refine|email)\([^)]*,\s*[`'"][A-Z]/],
    ['a zod message in English', /\{\s*message:\s*[`'"][A-Z]/],
  ];

  function offences(file: string, text: string): string[] {
    const found: string[] = [];
    for (const [what, pattern] of RULES) {
      const m = pattern.exec(text);
      if (m) {
        const line = text.slice(0, m.index).split('\n').length;
        found.push(`${file}:${line}: ${what}`);
      }
    }
    return found;
  }

  it('finds English when it is there (the scan itself works)', () => {
    expect(offences('x.ts', `throw new DomainError('CONFLICT', 'Already done.');`)).toHaveLength(1);
    expect(
      offences('x.ts', "throw new DomainError('CONFLICT', `Case ${id} is closed.`);"),
    ).toHaveLength(1);
    expect(offences('x.ts', `{ fields: { note: 'Required' } }`)).toHaveLength(1);
    expect(offences('x.ts', `z.string().min(1, 'Enter your name')`)).toHaveLength(1);
    expect(
      offences(
        'x.ts',
        `throw new DomainError('CONFLICT', msg('disputes.caseClosed'), { fields: { a: msg('fields.required') } });`,
      ),
    ).toEqual([]);
  });

  it('the converted areas send keys only', () => {
    const problems = AREAS.flatMap((dir) =>
      sourcesUnder(dir)
        .filter((file) => !NOT_CONVERTED_YET.has(path.relative(ROOT, file)))
        .flatMap((file) => offences(path.relative(ROOT, file), readFileSync(file, 'utf8'))),
    );
    expect(problems).toEqual([]);
  });
});
