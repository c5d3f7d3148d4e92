import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { DomainError, msg } from '../../server/domain/errors.ts';
import { nextState } from '../../server/domain/message-state.ts';
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

// Each name with its format (`{{on, day}}` → 'on, day'; `{{batch}}` → 'batch'): a format is part
// of the contract, or one language shows "2026-11-30" where the other shows a date in words.
// `{{en}}` / `{{fr}}` carry a text already in that language.
const placeholders = (text: string) =>
  [
    ...new Set(
      [...text.matchAll(/\{\{\s*(\w+)\s*(?:,\s*([^}]*?))?\s*\}\}/g)]
        .filter((m) => m[1] !== 'en' && m[1] !== 'fr')
        .map((m) => (m[2] ? `${m[1]}, ${m[2]}` : m[1])),
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
          problems.push(
            `${key}: placeholders differ between EN and FR (${placeholders(e).join('; ')} | ${placeholders(f).join('; ')})`,
          );
        // A text of placeholders and punctuation only ("{{first}}, {{next}}") has no words to translate.
        const words = /\p{L}/u.test(e.replace(/\{\{[^}]*\}\}/g, ''));
        if (f.trim() === '' || (f === e && words)) problems.push(`${key}: FR is not a translation`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('counts are i18next plurals (_one/_other with a count), never a faked "attempt(s)"', () => {
    const faked = [en, fr].flatMap((catalogue) =>
      leafKeys(catalogue).filter((key) =>
        /\p{L}\((?:e?s|x)\)/u.test(String(lookup(catalogue, key))),
      ),
    );
    expect(faked).toEqual([]);
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

  it('refuses plain English (the types: what a user reads is a key with its French)', () => {
    // @ts-expect-error: a DomainError's message is a key of the catalogue, never text.
    expect(new DomainError('VALIDATION', 'Some English.').messageKey).toBeUndefined();
    const fields = { a: 'Required' };
    // @ts-expect-error: so is a field's message.
    expect(new DomainError('VALIDATION', msg('zod.invalid'), { fields }).fields).toBeDefined();
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
    // A thread's refused move names its state in the reader's language.
    const refused = (() => {
      try {
        nextState('closed', { type: 'claim' });
      } catch (e) {
        return e as DomainError;
      }
      return null;
    })();
    expect(refused?.message).toBe('This thread is closed: it cannot be claimed.');
    expect(
      translateMessage(msg(refused?.messageKey as never, refused?.messageParams ?? {}), french),
    ).toBe('Cette conversation est fermée : elle ne peut pas être prise en charge.');
    // Plurals are the catalogue's (never "attempt(s)"); a moment is the centre's time, labelled.
    expect(englishOf(msg('addressChanges.answersWrong', { count: 1 }))).toBe(
      'The answers do not match our records. 1 attempt left.',
    );
    expect(translateMessage(msg('addressChanges.answersWrong', { count: 2 }), french)).toBe(
      'Les réponses ne correspondent pas à nos dossiers. 2 tentatives restantes.',
    );
    const locked = msg('addressChanges.verificationLocked', {
      until: '2026-11-23T20:30:00.000Z',
      zone: 'America/New_York',
    });
    expect(englishOf(locked)).toBe('Verification is locked for this customer until 3:30 PM EST.');
    expect(translateMessage(locked, french)).toMatch(/jusqu’à 15 h 30 HNE\.$/);
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
 * The class stays fixed: nothing on the server or in shared/ writes English a user reads outside
 * the catalogue. A DomainError's message, a field message, a validator's reason, a zod schema's
 * own message and a plain-HTTP route's error are keys (`msg(…)`, `fieldKey(…)`, `replyError`).
 * (A DomainError takes keys only: its types refuse text.) Only the files listed below hold
 * English, each for the reason given.
 */
describe('no English text reaches the user from the server or shared/', () => {
  const AREAS = ['server', 'db/repositories'];
  const NOT_FOR_USERS = new Map([
    // Operators' tools: they write to a terminal or a log, in English.
    ['server/cli/', 'the desk CLI (operators, a terminal)'],
    ['server/ops/', 'start-up, backups, restore (operators, a terminal or log)'],
    // The portal intake API: a contract with the portal's developers (docs/portal-intake.md).
    ['server/messages/intake-route.ts', 'the portal API (its developers)'],
    // Demo data: what the made-up customers wrote or said (a dispute's reason), stored as data.
    ['server/training/seed/', "the demo-data generator (the customers' own words, as data)"],
  ]);
  const RULES: Array<[string, RegExp]> = [
    ['a DomainError with literal text', /new DomainError\(\s*'[A-Z_]+',\s*[`'"]/],
    ['a field message with literal text', /fields:\s*\{[^{}]*?:\s*[`'"][^`'"]*[A-Za-z]/],
    ['a field message with literal text', /\bfields(?:\.\w+|\[[^\]]+\])\s*=\s*[`'"]/],
    ['ensure() with literal text', /\bensure\([^,()]+,\s*[`'"]/],
    ['a validator reason in English', /\breason:\s*[`'"][A-Z][^`'"]*\s/],
    ['a zod message in English', /\bmessage:\s*[`'"][A-Z]/],
    ['an HTTP error in English', /\.send\(\{\s*error:\s*[`'"][A-Z]/],
  ];
  // zod's checks whose last argument is the schema's own message (`fieldKey(…)`, never text).
  const ZOD_CHECKS =
    /\.(min|max|length|regex|refine|email|url|nonempty|startsWith|endsWith|gt|gte|lt|lte|multipleOf)\(/g;
  const ONE_ARGUMENT = new Set(['email', 'url', 'nonempty']);

  /** The top-level arguments of the call whose `(` is at `open` (strings and nesting skipped). */
  function callArguments(text: string, open: number): string[] {
    const args: string[] = [];
    let depth = 0;
    let start = open + 1;
    for (let i = open; i < text.length; i++) {
      const c = text[i];
      if (c === "'" || c === '"' || c === '`') {
        for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
      } else if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        depth--;
        if (depth === 0) {
          args.push(text.slice(start, i).trim());
          return args.filter((a) => a !== '');
        }
      } else if (c === ',' && depth === 1) {
        args.push(text.slice(start, i).trim());
        start = i + 1;
      }
    }
    return args;
  }

  function zodOffences(text: string): number[] {
    const at: number[] = [];
    for (const m of text.matchAll(ZOD_CHECKS)) {
      const args = callArguments(text, (m.index ?? 0) + m[0].length - 1);
      const last = args.at(-1) ?? '';
      const message = args.length >= (ONE_ARGUMENT.has(m[1] as string) ? 1 : 2);
      if (
        message &&
        (/^[`'"][^`'"]*[A-Za-z]{2}/.test(last) || /\bmessage:\s*[`'"][^`'"]*[A-Za-z]/.test(last))
      )
        at.push(m.index ?? 0);
    }
    return at;
  }

  function offences(file: string, text: string): string[] {
    const found: string[] = [];
    const lineOf = (index: number) => text.slice(0, index).split('\n').length;
    for (const [what, pattern] of RULES) {
      for (const m of text.matchAll(new RegExp(pattern.source, 'g')))
        found.push(`${file}:${lineOf(m.index ?? 0)}: ${what}`);
    }
    for (const index of zodOffences(text))
      found.push(`${file}:${lineOf(index)}: a zod schema's own message in English`);
    return found;
  }

  it('finds English when it is there (the scan itself works)', () => {
    expect(offences('x.ts', `throw new DomainError('CONFLICT', 'Already done.');`)).toHaveLength(1);
    expect(
      offences('x.ts', "throw new DomainError('CONFLICT', `Case ${id} is closed.`);"),
    ).toHaveLength(1);
    expect(offences('x.ts', `{ fields: { note: 'Required' } }`)).toHaveLength(1);
    expect(offences('x.ts', `if (!ok) fields.city = 'City is required';`)).toHaveLength(1);
    expect(offences('x.ts', `return { ok: false, reason: 'VIN is required' };`)).toHaveLength(1);
    expect(offences('x.ts', `z.string().min(1, 'Enter your name')`)).toHaveLength(1);
    expect(
      offences('x.ts', `z.string().regex(/^([01]\\d|2[0-3]):[0-5]\\d$/, 'Use HH:MM')`),
    ).toHaveLength(1);
    expect(
      offences(
        'x.ts',
        'z.string().refine(\n  (s) => s >= `${min}T12`,\n  `Use a date after ${min}`,\n)',
      ),
    ).toHaveLength(1);
    expect(offences('x.ts', `z.string().refine(isZone, { message: 'Unknown zone' })`)).toHaveLength(
      2,
    );
    expect(offences('x.ts', `z.string().regex(/^\\d{10}$/, '10 digits')`)).toHaveLength(1);
    expect(offences('x.ts', `reply.code(404).send({ error: 'No such letter.' })`)).toHaveLength(1);
    expect(
      offences(
        'x.ts',
        `throw new DomainError('CONFLICT', msg('disputes.caseClosed'), { fields: { a: msg('fields.required') } });`,
      ),
    ).toEqual([]);
    expect(
      offences(
        'x.ts',
        `z.string().min(3).max(32).regex(/^[a-z]+$/i, fieldKey('fields.usernameCharacters')); s.includes('x'); Math.min(a, b); reason: input.reason ?? 'preview'`,
      ),
    ).toEqual([]);
  });

  it('the server and shared/ send keys only', () => {
    const problems = AREAS.flatMap((dir) =>
      sourcesUnder(dir)
        .map((file) => path.relative(ROOT, file))
        .filter((file) => ![...NOT_FOR_USERS.keys()].some((skip) => file.startsWith(skip)))
        .flatMap((file) => offences(file, readFileSync(path.join(ROOT, file), 'utf8'))),
    );
    expect(problems).toEqual([]);
  });
});
