import i18next from 'i18next';
import en from './locales/en/server.json' with { type: 'json' };

/**
 * Messages the server sends the screen, in the user's language: the server sends a key with
 * parameters (and the plain English, for logs and for any client that has no catalogue); the
 * renderer translates the key with i18next (`server` namespace, shared/locales/<lang>/server.json).
 *
 * Keys are `<group>.<name>` (a group per area). A message not converted yet is plain English
 * text and is shown as it is.
 */
type Catalogue = typeof en;
export type ServerMessageKey = {
  [G in keyof Catalogue]: `${G & string}.${keyof Catalogue[G] & string}`;
}[keyof Catalogue];

export type MessageParams = Record<string, string | number>;

export interface ServerMessage {
  key: ServerMessageKey;
  params: MessageParams;
}

export const SERVER_NAMESPACE = 'server';

// The English catalogue, rendered with i18next like the screen does (same interpolation).
const english = i18next.createInstance();
void english.init({
  lng: 'en',
  resources: { en: { [SERVER_NAMESPACE]: en } },
  defaultNS: SERVER_NAMESPACE,
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** A server message; `english` of it is what logs (and untranslated clients) read. */
export function msg(key: ServerMessageKey, params: MessageParams = {}): ServerMessage {
  return { key, params };
}

export function englishOf(message: ServerMessage): string {
  return english.t(message.key, message.params);
}

/** The part of i18next the screen's translation needs. */
export interface Translator {
  exists: (key: string) => boolean;
  t: (key: string, params: Record<string, unknown>) => string;
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
  const key = data?.messageKey ? `${SERVER_NAMESPACE}:${data.messageKey}` : null;
  return key && i18n.exists(key) ? i18n.t(key, data?.messageParams ?? {}) : text;
}
