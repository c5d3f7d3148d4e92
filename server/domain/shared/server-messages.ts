import i18next, { type i18n as I18n } from 'i18next';
import { centreTimeText } from './centre-time.ts';
import { dayLabel } from './date-labels.ts';
import { formatCents } from './money.ts';
import en from './locales/en/server.json' with { type: 'json' };

/**
 * Messages the server sends the screen, in the user's language: the server sends a key with
 * parameters (and the plain English, for logs and for any client that has no catalogue); the
 * renderer translates the key with i18next (`server` namespace, server/domain/shared/locales/<lang>/server.json).
 *
 * Keys are `<group>.<name>` (a group per area). A parameter is a string or number, or another
 * message (translated first: a gate reason inside "The case cannot close yet: …"), or a list of
 * messages (each translated, joined by a space). Dates and money are sent raw and formatted in
 * the reader's language by the catalogue text: `{{on, day}}` (an ISO date),
 * `{{until, centreTime}}` (an ISO instant, with the centre's zone as the `zone` parameter) and
 * `{{amount, money}}` (cents), with the shared helpers (server/domain/shared/date-labels.ts, server/domain/shared/money.ts).
 */
type Catalogue = typeof en;
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
/** A leaf of the catalogue; plural leaves (`x_one`, `x_other`) are sent as `x` with a count. */
export type ServerMessageKey =
  Leaves<Catalogue> extends infer K
    ? K extends `${infer Base}_${'one' | 'other'}`
      ? Base
      : K
    : never;

export interface ServerMessage {
  key: ServerMessageKey;
  params: MessageParams;
}
export type MessageParam = string | number | null | ServerMessage | readonly ServerMessage[];
export type MessageParams = { readonly [name: string]: MessageParam };

/**
 * What a screen may show: a keyed message, or plain text that is data (a name, what a customer
 * wrote, a note stored in English). The server's own words are always keys.
 */
export type UserText = string | ServerMessage;

export const SERVER_NAMESPACE = 'server';

/** A server message; `englishOf` it is what logs (and untranslated clients) read. */
export function msg(key: ServerMessageKey, params: MessageParams = {}): ServerMessage {
  return { key, params };
}

/**
 * A zod schema's own message, as a key of the `server` catalogue (`fields.…`): the server
 * reports it keyed (server/trpc/zod-messages.ts) and a form shows it in the user's language.
 *
 * @example z.string().min(1, fieldKey('fields.enterUsername'))
 */
export function fieldKey(key: ServerMessageKey): string {
  return key;
}

/** A zod schema's message as a form shows it: a catalogue key translated, any other text as it is. */
export function schemaMessageText(message: string, i18n: Translator = englishTranslator): string {
  if (!/^[a-z]\w*\.[\w.]+$/i.test(message)) return message;
  return translateMessage(msg(message as ServerMessageKey), i18n) ?? message;
}

export function isServerMessage(value: unknown): value is ServerMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { key?: unknown }).key === 'string' &&
    typeof (value as { params?: unknown }).params === 'object'
  );
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** English keeps the desk's "Thu 2026-11-26"; other languages get their own date label. */
function dayText(value: unknown, language: string): string {
  const iso = String(value);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  if (language.startsWith('fr')) return dayLabel(iso, language);
  const [y, m, d] = iso.split('-').map(Number);
  return `${WEEKDAYS[new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay()]} ${iso}`;
}

/**
 * The formats the catalogue uses (`{{on, day}}`, `{{amount, money}}`): added to any i18next
 * instance that renders server messages (the server's English one here, the renderer's).
 */
export function addMessageFormats(instance: I18n): void {
  const formatter = instance.services.formatter;
  if (!formatter) return;
  formatter.add('day', (value, lng) => dayText(value, lng ?? 'en'));
  // A moment (ISO instant) as the centre's time of day, labelled with its zone ("3:00 PM EST"):
  // the message carries the centre's zone as its `zone` parameter (the context's timeZone).
  formatter.add('centreTime', (value, lng, options: { zone?: unknown }) =>
    typeof value === 'string' && ISO_INSTANT.test(value)
      ? centreTimeText(
          value,
          lng ?? 'en',
          String(options.zone ?? 'UTC'),
          String(options.zone ?? 'UTC'),
          {
            style: 'time',
            pcLabel: (x) => x,
          },
        ).text
      : String(value),
  );
  formatter.add('money', (value, lng) =>
    typeof value === 'number' && Number.isSafeInteger(value)
      ? formatCents(value, lng ?? 'en')
      : String(value),
  );
}

/** The part of i18next a translation needs. */
export interface Translator {
  exists: (key: string) => boolean;
  t: (key: string, params: Record<string, unknown>) => string;
}

/**
 * A message in the translator's language: nested messages first, then the key with its
 * parameters. Null when the catalogue lacks the key or one of the nested keys.
 */
export function translateMessage(message: ServerMessage, i18n: Translator): string | null {
  const key = `${SERVER_NAMESPACE}:${message.key}`;
  const plural = typeof message.params.count === 'number';
  if (!i18n.exists(key) && !(plural && i18n.exists(`${key}_other`))) return null;
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(message.params ?? {})) {
    if (Array.isArray(value)) {
      const parts = value.map((m: ServerMessage) => translateMessage(m, i18n));
      if (parts.some((p) => p === null)) return null;
      params[name] = parts.join(' ');
    } else if (isServerMessage(value)) {
      const part = translateMessage(value, i18n);
      if (part === null) return null;
      params[name] = part;
    } else params[name] = value;
  }
  return i18n.t(key, params);
}

/** Text stored before its area sent keys (plain English) as a message, to nest in another. */
export function asMessage(text: UserText): ServerMessage {
  return typeof text === 'string' ? msg('common.text', { text }) : text;
}

/** Any text the server produced, in the translator's language (plain English stays as it is). */
export function userText(text: UserText, i18n: Translator): string {
  return typeof text === 'string' ? text : (translateMessage(text, i18n) ?? text.key);
}

// The English catalogue, rendered with i18next like the screen does (same interpolation).
const english = i18next.createInstance();
void english.init({
  lng: 'en',
  resources: { en: { [SERVER_NAMESPACE]: en } },
  defaultNS: SERVER_NAMESPACE,
  interpolation: { escapeValue: false },
  initAsync: false,
});
addMessageFormats(english);
const englishTranslator: Translator = {
  exists: (key) => english.exists(key),
  t: (key, params) => english.t(key, params),
};

export function englishOf(message: UserText): string {
  return userText(message, englishTranslator);
}

/**
 * What the screen shows for a server message: its key translated into the reader's language
 * when the catalogue has it, else the text the server sent (a message not converted yet, or a
 * key newer than this screen).
 */
export function serverMessageText(
  text: string,
  data: { messageKey?: string | null; messageParams?: Record<string, unknown> | null } | undefined,
  i18n: Translator,
): string {
  if (!data?.messageKey) return text;
  const message = {
    key: data.messageKey as ServerMessageKey,
    params: (data.messageParams ?? {}) as MessageParams,
  };
  return translateMessage(message, i18n) ?? text;
}
