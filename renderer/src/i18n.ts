import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { addMessageFormats } from '../../server/domain/shared/server-messages.ts';

/**
 * Every string on screen goes through i18next. Each area owns one namespace per language in
 * `locales/<lang>/<area>.json`; they are picked up here automatically, so adding an area never
 * means editing a shared file.
 */
const files = import.meta.glob<{ default: Record<string, unknown> }>(
  // The `server` namespace (messages the server sends by key) is shared with the server.
  ['./locales/*/*.json', '../../server/domain/shared/locales/*/*.json'],
  { eager: true },
);

const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [file, mod] of Object.entries(files)) {
  const match = /\/locales\/(\w+)\/([\w-]+)\.json$/.exec(file);
  if (!match) continue;
  const [, lang, ns] = match as unknown as [string, string, string];
  resources[lang] ??= {};
  resources[lang][ns] = mod.default;
}

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

const stored = globalThis.localStorage?.getItem('cic.language');
export const initialLanguage: Language = stored === 'fr' ? 'fr' : 'en';

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage,
  fallbackLng: 'en',
  defaultNS: 'common',
  ns: Object.keys(resources.en ?? { common: {} }),
  interpolation: { escapeValue: false },
  returnNull: false,
});
// `{{on, day}}` and `{{amount, money}}` in server messages, with the shared date/money helpers.
addMessageFormats(i18n);

export function setLanguage(lang: Language): void {
  globalThis.localStorage?.setItem('cic.language', lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export default i18n;
