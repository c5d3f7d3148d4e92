import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import {
  emptyOf,
  setIn,
  validateSetting,
} from '../../renderer/src/areas/admin/setting-form-model.ts';
import { settingSchemas } from '../../server/domain/shared/lender-config.ts';
import demo from '../../resources/config/demo-lender.json' with { type: 'json' };
import en from '../../server/domain/shared/locales/en/server.json' with { type: 'json' };
import fr from '../../server/domain/shared/locales/fr/server.json' with { type: 'json' };

const settings = demo as unknown as Record<string, unknown>;

describe('lender settings form model', () => {
  it('the demo configuration has no field errors', () => {
    for (const key of Object.keys(settingSchemas) as Array<keyof typeof settingSchemas>) {
      expect(validateSetting(key, settings[key], 'en'), key).toEqual({});
    }
  });

  it('a bad field is reported at its own path, as the server reports it', () => {
    const lockboxes = setIn(settings.lockboxes, [1, 'postalCode'], '12');
    const errors = validateSetting('lockboxes', lockboxes, 'en');
    expect(Object.keys(errors)).toEqual(['1.postalCode']);
  });

  it('French messages come from zod’s French locale', () => {
    const errors = validateSetting(
      'mailPayments',
      setIn(settings.mailPayments, ['duplicateWindowDays'], 'x'),
      'fr',
    );
    expect(errors.duplicateWindowDays).toMatch(/nombre attendu/);
  });

  it('the schema’s own messages (catalogue keys) are shown in the admin’s language', () => {
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
    const hours = setIn(settings.hours, ['monday', 'open'], '9h');
    expect(validateSetting('hours', hours, 'fr', translator)).toEqual({
      'monday.open': 'Utilisez le format HH:MM (24 heures)',
    });
    // Without a translator (logs, tests): the English text, never the bare key.
    expect(validateSetting('hours', hours, 'en')).toEqual({ 'monday.open': 'Use HH:MM (24-hour)' });
    const zone = setIn(settings.identity, ['timeZone'], 'Mars/Olympus');
    expect(validateSetting('identity', zone, 'fr', translator)).toEqual({
      timeZone: 'Fuseau horaire IANA inconnu',
    });
  });

  it('setIn copies instead of mutating; a new entry starts blank and is then invalid', () => {
    const before = structuredClone(settings.phones);
    const after = setIn(settings.phones, [0, 'label'], 'Changed') as Array<{ label: string }>;
    expect(settings.phones).toEqual(before);
    expect(after[0]!.label).toBe('Changed');
    const blank = emptyOf(settingSchemas.lockboxes.element);
    expect(blank).toMatchObject({ id: '', accountType: 'lease', serves: 'east' });
    const errors = validateSetting(
      'lockboxes',
      [...(settings.lockboxes as unknown[]), blank],
      'en',
    );
    expect(
      Object.keys(errors).every((k) => k.startsWith(`${(settings.lockboxes as []).length}.`)),
    ).toBe(true);
  });
});
