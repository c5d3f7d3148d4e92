import { msg, type ServerMessage } from '../errors.ts';

/**
 * US and Canadian address regions and postal codes. The lender finances cars on both sides of
 * the border, and a mistyped postal code means a returned statement and, eventually, a skip
 * trace, so the cheap structural checks are done at the point of entry.
 */

/** USPS codes: 50 states, DC, the inhabited territories and the military "states". */
export const US_STATES = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  AS: 'American Samoa',
  GU: 'Guam',
  MP: 'Northern Mariana Islands',
  PR: 'Puerto Rico',
  VI: 'U.S. Virgin Islands',
  AA: 'Armed Forces Americas',
  AE: 'Armed Forces Europe',
  AP: 'Armed Forces Pacific',
} as const satisfies Record<string, string>;

export type UsStateCode = keyof typeof US_STATES;

/** Canada Post province and territory codes, with the English and French names. */
export const CA_PROVINCES = {
  AB: { en: 'Alberta', fr: 'Alberta' },
  BC: { en: 'British Columbia', fr: 'Colombie-Britannique' },
  MB: { en: 'Manitoba', fr: 'Manitoba' },
  NB: { en: 'New Brunswick', fr: 'Nouveau-Brunswick' },
  NL: { en: 'Newfoundland and Labrador', fr: 'Terre-Neuve-et-Labrador' },
  NS: { en: 'Nova Scotia', fr: 'Nouvelle-Écosse' },
  NT: { en: 'Northwest Territories', fr: 'Territoires du Nord-Ouest' },
  NU: { en: 'Nunavut', fr: 'Nunavut' },
  ON: { en: 'Ontario', fr: 'Ontario' },
  PE: { en: 'Prince Edward Island', fr: 'Île-du-Prince-Édouard' },
  QC: { en: 'Quebec', fr: 'Québec' },
  SK: { en: 'Saskatchewan', fr: 'Saskatchewan' },
  YT: { en: 'Yukon', fr: 'Yukon' },
} as const satisfies Record<string, { en: string; fr: string }>;

export type CaProvinceCode = keyof typeof CA_PROVINCES;

/**
 * True for an exact, upper-case USPS code (50 states, DC, territories, AA/AE/AP).
 *
 * @example
 * isUsState('NY'); // true
 * isUsState('ny'); // false (codes are stored upper-case; normalise input first)
 * isUsState('ON'); // false
 */
export function isUsState(code: string): code is UsStateCode {
  return Object.hasOwn(US_STATES, code);
}

/**
 * True for an exact, upper-case Canadian province or territory code.
 *
 * @example
 * isCaProvince('QC'); // true
 * isCaProvince('PQ'); // false (the pre-1990 code)
 */
export function isCaProvince(code: string): code is CaProvinceCode {
  return Object.hasOwn(CA_PROVINCES, code);
}

/**
 * Normalises a US ZIP or ZIP+4 to `12345` or `12345-6789`, or returns null if it is neither.
 * Nine bare digits are accepted because that is how ZIP+4 comes out of many bank files.
 *
 * @example
 * normalizeZip('123456789'); // '12345-6789'
 * normalizeZip(' 12345 '); // '12345'
 * normalizeZip('1234'); // null
 */
export function normalizeZip(s: string): string | null {
  const match = /^(\d{5})(?:[-\s]?(\d{4}))?$/.exec(s.trim());
  if (!match) return null;
  const [, zip5, plus4] = match;
  return plus4 === undefined ? `${zip5}` : `${zip5}-${plus4}`;
}

const CA_SHAPE = /^[A-Z]\d[A-Z]\d[A-Z]\d$/;
// Canada Post never uses these anywhere: they are too easily misread by sorting machines
// (D/O/Q vs 0, I vs 1, F vs E, U vs V).
const CA_NEVER = /[DFIOQU]/;
// W and Z are not (yet) assigned to any province, so cannot lead a postal code.
const CA_NOT_FIRST = /^[WZ]/;

/**
 * Normalises a Canadian postal code to `A1A 1A1` (upper case, one space), or returns null when
 * it breaks any Canada Post format rule: letter/digit alternation, no D F I O Q U, no leading
 * W or Z.
 *
 * @example
 * normalizePostalCode('k1a0b1'); // 'K1A 0B1'
 * normalizePostalCode('K1A-0B1'); // 'K1A 0B1'
 * normalizePostalCode('D1A 0B1'); // null
 */
export function normalizePostalCode(s: string): string | null {
  const compact = compactPostal(s);
  return caPostalProblem(compact) === null ? formatPostal(compact) : null;
}

function compactPostal(s: string): string {
  return s.replace(/[\s-]/g, '').toUpperCase();
}

function formatPostal(compact: string): string {
  return `${compact.slice(0, 3)} ${compact.slice(3)}`;
}

function caPostalProblem(compact: string): ServerMessage | null {
  if (compact === '') return msg('validators.postal.required');
  if (!CA_SHAPE.test(compact)) return msg('validators.postal.shape');
  const bad = CA_NEVER.exec(compact);
  if (bad) return msg('validators.postal.neverLetter', { letter: bad[0] });
  if (CA_NOT_FIRST.test(compact)) {
    return msg('validators.postal.neverFirst', { letter: compact.charAt(0) });
  }
  return null;
}

/** A province or territory, named in the reader's language. */
function provinceName(code: CaProvinceCode): ServerMessage {
  return msg(`validators.province.${code}`);
}

/**
 * The province(s) each leading letter (the postal district) belongs to. Ontario and Quebec are
 * split into several districts; Nunavut and the Northwest Territories still share X from before
 * Nunavut was created in 1999.
 */
const CA_DISTRICTS: Readonly<Record<string, readonly CaProvinceCode[]>> = {
  A: ['NL'],
  B: ['NS'],
  C: ['PE'],
  E: ['NB'],
  G: ['QC'],
  H: ['QC'],
  J: ['QC'],
  K: ['ON'],
  L: ['ON'],
  M: ['ON'],
  N: ['ON'],
  P: ['ON'],
  R: ['MB'],
  S: ['SK'],
  T: ['AB'],
  V: ['BC'],
  X: ['NT', 'NU'],
  Y: ['YT'],
};

/**
 * Forward sortation areas that cross a provincial border. H0M serves Akwesasne, a Mohawk
 * community straddling the Quebec–Ontario border, so its Ontario addresses carry a Quebec
 * district letter.
 */
const CA_CROSS_BORDER_FSAS: Readonly<Record<string, readonly CaProvinceCode[]>> = {
  H0M: ['QC', 'ON'],
};

export type PostalResult =
  | { ok: true; postalCode: string; region: UsStateCode | CaProvinceCode }
  | { ok: false; field: 'postalCode' | 'region'; reason: ServerMessage };

/**
 * Validates a postal code and its region together, returning both normalised. `field` says
 * which form field the reason (a message key, shown in the agent's language) belongs to. For Canada the postal district (first letter) must
 * belong to the province; for the US, ZIP-to-state plausibility is deliberately not checked
 * (ZIPs cross state lines and military/territory ZIPs are irregular).
 *
 * @example
 * validatePostal('CA', 'k1a0b1', 'on'); // { ok: true, postalCode: 'K1A 0B1', region: 'ON' }
 * validatePostal('US', '100011234', 'NY'); // { ok: true, postalCode: '10001-1234', region: 'NY' }
 * validatePostal('CA', 'K1A 0B1', 'QC');
 * // { ok: false, field: 'postalCode', reason: msg('validators.postal.wrongProvince', …) }
 * // (in English: 'Postal codes starting with K are in Ontario, not Quebec')
 */
export function validatePostal(country: 'US' | 'CA', code: string, region: string): PostalResult {
  const regionCode = region.trim().toUpperCase();
  if (country === 'US') {
    if (!isUsState(regionCode)) {
      return {
        ok: false,
        field: 'region',
        reason:
          regionCode === ''
            ? msg('validators.postal.stateRequired')
            : msg('validators.postal.notUsState', { region: regionCode }),
      };
    }
    const zip = normalizeZip(code);
    if (zip === null) {
      return {
        ok: false,
        field: 'postalCode',
        reason:
          code.trim() === ''
            ? msg('validators.postal.zipRequired')
            : msg('validators.postal.zipFormat'),
      };
    }
    return { ok: true, postalCode: zip, region: regionCode };
  }

  if (!isCaProvince(regionCode)) {
    return {
      ok: false,
      field: 'region',
      reason:
        regionCode === ''
          ? msg('validators.postal.provinceRequired')
          : msg('validators.postal.notCaProvince', { region: regionCode }),
    };
  }
  const compact = compactPostal(code);
  const problem = caPostalProblem(compact);
  if (problem !== null) return { ok: false, field: 'postalCode', reason: problem };

  const district = compact.charAt(0);
  const allowed = CA_CROSS_BORDER_FSAS[compact.slice(0, 3)] ?? CA_DISTRICTS[district] ?? [];
  if (!allowed.includes(regionCode)) {
    const [first = regionCode, second] = CA_DISTRICTS[district] ?? [];
    const where = second
      ? msg('validators.postal.either', {
          first: provinceName(first),
          second: provinceName(second),
        })
      : provinceName(first);
    return {
      ok: false,
      field: 'postalCode',
      reason: msg('validators.postal.wrongProvince', {
        district,
        where,
        province: provinceName(regionCode),
      }),
    };
  }
  return { ok: true, postalCode: formatPostal(compact), region: regionCode };
}
