import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import frCatalogue from '../../server/domain/shared/locales/fr/server.json' with { type: 'json' };
import {
  isValidAccountNumber,
  normalizeAccountNumber,
  validateAccountNumber,
} from '../../server/domain/validators/account-number.ts';
import {
  CA_PROVINCES,
  US_STATES,
  isCaProvince,
  isUsState,
  normalizePostalCode,
  normalizeZip,
  validatePostal,
} from '../../server/domain/validators/postal.ts';
import {
  routingCheckDigit,
  validateCheckRoutingNumber,
  validateRoutingNumber,
} from '../../server/domain/validators/routing-number.ts';
import { validateVin, vinCheckDigit } from '../../server/domain/validators/vin.ts';
import {
  addMessageFormats,
  englishOf,
  translateMessage,
  type ServerMessage,
} from '../../server/domain/shared/server-messages.ts';

/** A result with its reason (a message key) read out in English, as the desk shows it. */
function inEnglish<R extends { ok: boolean; reason?: ServerMessage }>(result: R) {
  return result.ok ? result : { ...result, reason: englishOf(result.reason as ServerMessage) };
}

describe('account number', () => {
  it.each([
    ['1234567890', true],
    ['0000000001', true],
    ['123456789', false],
    ['12345678901', false],
    ['123-456-7890', false],
    ['12345678a0', false],
    ['', false],
    ['１２３４５６７８９０', false], // full-width digits are not ASCII digits
  ])('isValidAccountNumber(%j) = %s', (input, expected) => {
    expect(isValidAccountNumber(input)).toBe(expected);
  });

  it.each([
    ['123-456-7890', '1234567890'],
    [' 123 456 7890 ', '1234567890'],
    ['12.34', '12.34'],
  ])('normalizeAccountNumber(%j) = %j', (input, expected) => {
    expect(normalizeAccountNumber(input)).toBe(expected);
  });

  it.each([
    ['1234567890', { ok: true, accountNumber: '1234567890' }],
    ['123-456-7890', { ok: true, accountNumber: '1234567890' }],
    ['', { ok: false, reason: 'Account number is required' }],
    [' - ', { ok: false, reason: 'Account number is required' }],
    ['12345', { ok: false, reason: 'Account number must be 10 digits (got 5)' }],
    ['123456789012', { ok: false, reason: 'Account number must be 10 digits (got 12)' }],
    ['12345678a0', { ok: false, reason: 'Account number can only contain digits' }],
  ])('validateAccountNumber(%j)', (input, expected) => {
    expect(inEnglish(validateAccountNumber(input))).toEqual(expected);
  });
});

describe('VIN', () => {
  // Check digits worked by hand: sum of transliterated value × weight, mod 11, 10 → X.
  it.each([
    ['1M8GDM9AXKP042788', '1M8GDM9AXKP042788'], // sum 351, 351 mod 11 = 10 → X
    ['11111111111111111', '11111111111111111'], // sum of weights 89, mod 11 = 1
    ['1HGCM82633A004352', '1HGCM82633A004352'], // sum 311, mod 11 = 3
    ['JH4KA7561PC008269', 'JH4KA7561PC008269'], // sum 364, mod 11 = 1
    ['5YJSA1E18HF000001', '5YJSA1E18HF000001'], // sum 261, mod 11 = 8
    ['1m8gdm9axkp042788', '1M8GDM9AXKP042788'], // case is forgiven
    [' 1HGCM82633A004352 ', '1HGCM82633A004352'], // so is surrounding whitespace
  ])('accepts %j', (input, vin) => {
    expect(validateVin(input)).toEqual({ ok: true, vin });
  });

  const digitHint = 'if it is, another character is mistyped';
  it.each([
    ['5YJSA1E14HF000001', `VIN check digit (9th character) should be 8; ${digitHint}`],
    ['1M8GDM9A1KP042788', `VIN check digit (9th character) should be X; ${digitHint}`],
    ['1HGCM82643A004352', `VIN check digit (9th character) should be 3; ${digitHint}`],
    // A typo away from position 9 (G→H at position 3: 7×6 → 8×6, sum 317, mod 11 = 9).
    ['1HHCM82633A004352', `VIN check digit (9th character) should be 9; ${digitHint}`],
    ['', 'VIN is required'],
    ['   ', 'VIN is required'],
    ['1HGCM82633A00435', 'VIN must be 17 characters (got 16)'],
    ['1HGCM82633A0043521', 'VIN must be 17 characters (got 18)'],
    ['IHGCM82633A004352', 'VIN cannot contain the letter I (character 1); did you mean 1?'],
    ['1HGCM82633AO04352', 'VIN cannot contain the letter O (character 12); did you mean 0?'],
    ['1HGCM8263QA004352', 'VIN cannot contain the letter Q (character 10); did you mean 0?'],
    ['1HGCM82633A00435#', "VIN can only contain letters and digits ('#' at character 17)"],
    ['1HGCM82633A 04352', "VIN can only contain letters and digits (' ' at character 12)"],
  ])('rejects %j', (input, reason) => {
    expect(inEnglish(validateVin(input))).toEqual({ ok: false, reason });
  });

  it.each([
    ['1M8GDM9A_KP042788', 'X'],
    ['1M8GDM9A0KP042788', 'X'], // whatever is in position 9 is ignored
    ['11111111_11111111', '1'],
    ['1HGCM826_3A004352', '3'],
    ['5yjsa1e1_hf000001', '8'],
  ])('vinCheckDigit(%j) = %j', (input, expected) => {
    expect(vinCheckDigit(input)).toBe(expected);
  });

  it.each(['1HGCM826_3A00435', '1HGCM826_3A0043521', '1HGCM826_3AO04352', '1HGCM826_3A00435#'])(
    'vinCheckDigit throws for %j',
    (input) => {
      expect(() => vinCheckDigit(input)).toThrow(RangeError);
    },
  );

  it.each(['2T1BURHE_JC000000', 'WDBUF56X_8B000001', '3VWFE21C_4M000002', 'KNDJP3A5_H7000003'])(
    'a VIN completed with vinCheckDigit validates (%s)',
    (body) => {
      const vin = body.replace('_', vinCheckDigit(body));
      expect(validateVin(vin)).toEqual({ ok: true, vin });
    },
  );
});

describe('routing number', () => {
  // Each checksum 3(d1+d4+d7) + 7(d2+d5+d8) + (d3+d6+d9) worked by hand, e.g. 021000021:
  // 3(0+0+0) + 7(2+0+2) + (1+0+1) = 30.
  it.each([
    ['021000021', '021000021'], // JPMorgan Chase, NY (prefix 02)
    ['011000015', '011000015'], // Federal Reserve Bank of Boston (01)
    ['122105155', '122105155'], // prefix 12, the last Fed district: sum 70
    ['026009593', '026009593'], // Bank of America, NY: sum 110
    ['121000358', '121000358'], // Bank of America, CA: sum 70
    ['210000007', '210000007'], // thrift range starts at 21: sum 20
    ['322271627', '322271627'], // thrift range ends at 32: sum 120
    ['610000005', '610000005'], // electronic range starts at 61: sum 30
    ['720000005', '720000005'], // electronic range ends at 72: sum 40
    ['800000006', '800000006'], // traveler's cheques: sum 30
    ['0210-0002-1', '021000021'], // grouped as read off a cheque
    [' 021 000 021 ', '021000021'],
  ])('accepts %j', (input, routingNumber) => {
    expect(validateRoutingNumber(input)).toEqual({ ok: true, routingNumber });
  });

  const prefixRule = 'it must start with 00–12, 21–32, 61–72 or 80';
  const checksum = 'Routing number checksum failed: one of the digits is mistyped';
  // The bad-prefix numbers all pass the checksum, so only the prefix rule can reject them.
  it.each([
    ['130000006', `Routing number cannot start with 13: ${prefixRule}`],
    ['200000004', `Routing number cannot start with 20: ${prefixRule}`],
    ['330000000', `Routing number cannot start with 33: ${prefixRule}`],
    ['500000005', `Routing number cannot start with 50: ${prefixRule}`],
    ['600000002', `Routing number cannot start with 60: ${prefixRule}`],
    ['730000008', `Routing number cannot start with 73: ${prefixRule}`],
    ['790000006', `Routing number cannot start with 79: ${prefixRule}`],
    ['810000009', `Routing number cannot start with 81: ${prefixRule}`],
    ['021000022', checksum], // last digit off by one: sum 31
    ['021000012', checksum], // last two digits transposed: sum 24
    ['122105156', checksum],
    ['02100002', 'Routing number must be 9 digits (got 8)'],
    ['0210000211', 'Routing number must be 9 digits (got 10)'],
    ['02100002A', 'Routing number can only contain digits'],
    ['O21000021', 'Routing number can only contain digits'],
    ['', 'Routing number is required'],
  ])('rejects %j', (input, reason) => {
    expect(inEnglish(validateRoutingNumber(input))).toEqual({ ok: false, reason });
  });

  it.each([
    ['02100002', '1'],
    ['01100001', '5'],
    ['12210515', '5'],
    ['32227162', '7'],
    ['13000000', '6'],
    ['00000000', '0'],
  ])('routingCheckDigit(%j) = %j', (first8, expected) => {
    expect(routingCheckDigit(first8)).toBe(expected);
  });

  it.each(['0210000', '021000021', '0210000A', ''])('routingCheckDigit throws for %j', (s) => {
    expect(() => routingCheckDigit(s)).toThrow(RangeError);
  });

  it.each(['02600959', '07100001', '25307148', '66000000', '80123456'])(
    'a number completed with routingCheckDigit validates (%s)',
    (first8) => {
      const routingNumber = first8 + routingCheckDigit(first8);
      expect(validateRoutingNumber(routingNumber)).toEqual({ ok: true, routingNumber });
    },
  );
});

describe('US states', () => {
  it('has the 50 states, DC, 5 territories and 3 military codes', () => {
    expect(Object.keys(US_STATES)).toHaveLength(50 + 1 + 5 + 3);
  });

  it.each([
    ['NY', true],
    ['CA', true],
    ['DC', true],
    ['PR', true],
    ['VI', true],
    ['GU', true],
    ['AS', true],
    ['MP', true],
    ['AA', true],
    ['AE', true],
    ['AP', true],
    ['ny', false],
    ['ON', false],
    ['XX', false],
    ['', false],
    ['toString', false], // not fooled by Object.prototype
  ])('isUsState(%j) = %s', (code, expected) => {
    expect(isUsState(code)).toBe(expected);
  });

  it.each([
    ['NY', 'New York'],
    ['DC', 'District of Columbia'],
    ['PR', 'Puerto Rico'],
    ['AE', 'Armed Forces Europe'],
  ])('names %s as %s', (code, name) => {
    expect(US_STATES[code as keyof typeof US_STATES]).toBe(name);
  });
});

describe('Canadian provinces', () => {
  it('has 10 provinces and 3 territories', () => {
    expect(Object.keys(CA_PROVINCES).sort()).toEqual(
      ['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT'].sort(),
    );
  });

  it.each([
    ['QC', 'Quebec', 'Québec'],
    ['BC', 'British Columbia', 'Colombie-Britannique'],
    ['NL', 'Newfoundland and Labrador', 'Terre-Neuve-et-Labrador'],
    ['PE', 'Prince Edward Island', 'Île-du-Prince-Édouard'],
    ['NT', 'Northwest Territories', 'Territoires du Nord-Ouest'],
  ])('names %s as %s / %s', (code, en, fr) => {
    expect(CA_PROVINCES[code as keyof typeof CA_PROVINCES]).toEqual({ en, fr });
  });

  it.each([
    ['ON', true],
    ['QC', true],
    ['YT', true],
    ['PQ', false], // retired code for Quebec
    ['on', false],
    ['NY', false],
    ['constructor', false],
  ])('isCaProvince(%j) = %s', (code, expected) => {
    expect(isCaProvince(code)).toBe(expected);
  });
});

describe('normalizeZip', () => {
  it.each([
    ['12345', '12345'],
    ['02134', '02134'],
    [' 90210 ', '90210'],
    ['12345-6789', '12345-6789'],
    ['123456789', '12345-6789'],
    ['12345 6789', '12345-6789'],
  ])('normalizeZip(%j) = %j', (input, expected) => {
    expect(normalizeZip(input)).toBe(expected);
  });

  it.each(['', '1234', '123456', '12345-678', '12345-67890', '1234-56789', 'ABCDE', '12345--6789'])(
    'rejects %j',
    (input) => {
      expect(normalizeZip(input)).toBeNull();
    },
  );
});

describe('normalizePostalCode', () => {
  it.each([
    ['K1A 0B1', 'K1A 0B1'],
    ['k1a0b1', 'K1A 0B1'],
    [' k1a  0b1 ', 'K1A 0B1'],
    ['K1A-0B1', 'K1A 0B1'],
    ['H0H 0H0', 'H0H 0H0'],
    ['K1Z 8R1', 'K1Z 8R1'], // W and Z are fine after the first character
    ['T2W 1A1', 'T2W 1A1'],
  ])('normalizePostalCode(%j) = %j', (input, expected) => {
    expect(normalizePostalCode(input)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['K1A 0B', 'too short'],
    ['K1A 0B12', 'too long'],
    ['KIA 0B1', 'letter I where a digit belongs'],
    ['1A1 A1A', 'digits and letters swapped'],
    ['D1A 1A1', 'D'],
    ['F1A 1A1', 'F'],
    ['K1I 1A1', 'I'],
    ['K1A 1O1', 'O'],
    ['K1Q 1A1', 'Q'],
    ['K1A 1U1', 'U'],
    ['W1A 1A1', 'W first'],
    ['Z1A 1A1', 'Z first'],
  ])('rejects %j (%s)', (input) => {
    expect(normalizePostalCode(input)).toBeNull();
  });
});

describe('validatePostal', () => {
  it.each([
    ['US', '10001', 'NY', '10001', 'NY'],
    ['US', '100011234', 'ny', '10001-1234', 'NY'],
    ['US', ' 20500-0003 ', ' dc ', '20500-0003', 'DC'],
    ['US', '00901', 'PR', '00901', 'PR'],
    ['US', '09012', 'AE', '09012', 'AE'],
    ['CA', 'k1a0b1', 'on', 'K1A 0B1', 'ON'],
    ['CA', 'H0H 0H0', 'QC', 'H0H 0H0', 'QC'],
    ['CA', 'X0A 0H0', 'NU', 'X0A 0H0', 'NU'], // Iqaluit
    ['CA', 'X1A 2L9', 'NT', 'X1A 2L9', 'NT'], // Yellowknife
    ['CA', 'H0M 1A0', 'QC', 'H0M 1A0', 'QC'], // Akwesasne, Quebec side
    ['CA', 'H0M 1A0', 'ON', 'H0M 1A0', 'ON'], // Akwesasne, Ontario side
  ] as const)('accepts %s %j in %j', (country, code, region, postalCode, normRegion) => {
    expect(validatePostal(country, code, region)).toEqual({
      ok: true,
      postalCode,
      region: normRegion,
    });
  });

  // Canada Post postal districts: the first letter of every postal code in a province.
  it.each([
    ['A', 'NL'],
    ['B', 'NS'],
    ['C', 'PE'],
    ['E', 'NB'],
    ['G', 'QC'],
    ['H', 'QC'],
    ['J', 'QC'],
    ['K', 'ON'],
    ['L', 'ON'],
    ['M', 'ON'],
    ['N', 'ON'],
    ['P', 'ON'],
    ['R', 'MB'],
    ['S', 'SK'],
    ['T', 'AB'],
    ['V', 'BC'],
    ['X', 'NT'],
    ['X', 'NU'],
    ['Y', 'YT'],
  ])('postal district %s belongs to %s and no other province', (letter, province) => {
    const code = `${letter}1B 2C3`;
    expect(validatePostal('CA', code, province)).toMatchObject({ ok: true });
    const others = Object.keys(CA_PROVINCES).filter(
      (p) => p !== province && !(letter === 'X' && (p === 'NT' || p === 'NU')),
    );
    for (const other of others) {
      expect(validatePostal('CA', code, other)).toMatchObject({ ok: false, field: 'postalCode' });
    }
  });

  it.each([
    ['US', '10001', 'ON', 'region', 'ON is not a US state code'],
    ['US', '10001', '', 'region', 'State is required'],
    ['US', '1000', 'NY', 'postalCode', 'ZIP code must be 12345 or 12345-6789'],
    ['US', 'K1A 0B1', 'NY', 'postalCode', 'ZIP code must be 12345 or 12345-6789'],
    ['US', '', 'NY', 'postalCode', 'ZIP code is required'],
    ['CA', 'K1A 0B1', 'NY', 'region', 'NY is not a Canadian province or territory code'],
    ['CA', 'K1A 0B1', 'PQ', 'region', 'PQ is not a Canadian province or territory code'],
    ['CA', 'K1A 0B1', '', 'region', 'Province is required'],
    ['CA', '', 'ON', 'postalCode', 'Postal code is required'],
    ['CA', '10001', 'ON', 'postalCode', 'Postal code must look like A1A 1A1'],
    ['CA', 'K1A 0D1', 'ON', 'postalCode', 'Canadian postal codes never contain the letter D'],
    ['CA', 'W1A 1A1', 'ON', 'postalCode', 'Canadian postal codes never start with W'],
    [
      'CA',
      'K1A 0B1',
      'QC',
      'postalCode',
      'Postal codes starting with K are in Ontario, not Quebec',
    ],
    [
      'CA',
      'H1A 1A1',
      'ON',
      'postalCode',
      'Postal codes starting with H are in Quebec, not Ontario',
    ],
    [
      'CA',
      'X1A 2L9',
      'YT',
      'postalCode',
      'Postal codes starting with X are in Northwest Territories or Nunavut, not Yukon',
    ],
    [
      'CA',
      'H0M 1A0',
      'NB',
      'postalCode',
      'Postal codes starting with H are in Quebec, not New Brunswick',
    ],
  ] as const)('rejects %s %j in %j: %s', (country, code, region, field, reason) => {
    expect(inEnglish(validatePostal(country, code, region))).toEqual({ ok: false, field, reason });
  });
});

describe('validator reasons in the agent’s language', () => {
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
  const inFrench = (r: { ok: boolean; reason?: ServerMessage }) =>
    r.ok ? null : translateMessage(r.reason as ServerMessage, french);

  it('says each reason in French, parameters and province names included', () => {
    expect(inFrench(validateAccountNumber('12345'))).toBe(
      'Le numéro de compte doit compter 10 chiffres (5 saisis)',
    );
    expect(inFrench(validateRoutingNumber('021000022'))).toBe(
      'La clé de contrôle du numéro d’acheminement est fausse : un des chiffres est mal saisi',
    );
    expect(inFrench(validateCheckRoutingNumber('621000010'))).toMatch(
      /^Un numéro d’acheminement commençant par 62 sert aux paiements électroniques seulement/,
    );
    expect(inFrench(validateVin('IHGCM82633A004352'))).toBe(
      'Un NIV ne peut pas contenir la lettre I (caractère 1) ; vouliez-vous dire 1 ?',
    );
    expect(inFrench(validatePostal('CA', 'K1A 0B1', 'QC'))).toBe(
      'Les codes postaux commençant par K désignent l’Ontario, pas le Québec',
    );
    expect(inFrench(validatePostal('CA', 'X1A 2L9', 'YT'))).toBe(
      'Les codes postaux commençant par X désignent les Territoires du Nord-Ouest ou le Nunavut, pas le Yukon',
    );
    expect(inFrench(validatePostal('US', '1000', 'NY'))).toBe(
      'Le code ZIP s’écrit 12345 ou 12345-6789',
    );
  });

  it('gives every province a French name', () => {
    for (const code of Object.keys(CA_PROVINCES)) {
      expect(french.exists(`server:validators.province.${code}`), code).toBe(true);
    }
  });
});
