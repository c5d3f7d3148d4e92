import { msg, type ServerMessage } from './errors.ts';
import {
  CA_PROVINCES,
  US_STATES,
  isCaProvince,
  isUsState,
  validatePostal,
  type CaProvinceCode,
  type UsStateCode,
} from './validators/postal.ts';

/**
 * Postal-address normalisation for the two countries the lender serves, as the post offices
 * want addresses printed: USPS Publication 28 for the US (street suffixes of Appendix C1,
 * secondary-unit designators of Appendix C2, directionals, upper case, no punctuation) and
 * the Canada Post Addressing Guidelines for Canada (upper case, `A1A 1A1`, English street
 * types after the name, French street types before it with Canada Post's French
 * abbreviations, accents kept).
 *
 * Pure: no I/O. The same function drives the live preview on screen and the check on save,
 * so what the agent sees is exactly what is stored.
 */

export type AddressCountry = 'US' | 'CA';

export interface AddressInput {
  country: AddressCountry;
  line1: string;
  line2?: string | null;
  city: string;
  /** Code or full name ("ma", "Massachusetts", "Québec"). */
  region: string;
  postalCode: string;
}

export interface NormalizedAddress {
  country: AddressCountry;
  line1: string;
  line2: string | null;
  city: string;
  region: UsStateCode | CaProvinceCode;
  postalCode: string;
}

export type AddressField = 'line1' | 'line2' | 'city' | 'region' | 'postalCode' | 'country';

export type NormalizeResult =
  | { ok: true; address: NormalizedAddress; changed: boolean }
  | { ok: false; fields: Partial<Record<AddressField, ServerMessage>> };

/** Upper case without accents: the form table look-ups use. */
export function foldAccents(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
}

// USPS Publication 28, Appendix C1: street suffix → standard abbreviation (common forms and
// the usual misspellings/variants an agent will type).
// prettier-ignore
const US_SUFFIXES: Readonly<Record<string, string>> = {
  ALLEY: 'ALY', ALLEE: 'ALY', ALLY: 'ALY', ALY: 'ALY',
  ANNEX: 'ANX', ANX: 'ANX',
  ARCADE: 'ARC', ARC: 'ARC',
  AVENUE: 'AVE', AV: 'AVE', AVE: 'AVE', AVEN: 'AVE', AVENU: 'AVE', AVN: 'AVE', AVNUE: 'AVE',
  BAYOU: 'BYU', BEACH: 'BCH', BCH: 'BCH',
  BEND: 'BND', BND: 'BND',
  BLUFF: 'BLF', BOTTOM: 'BTM',
  BOULEVARD: 'BLVD', BLVD: 'BLVD', BOUL: 'BLVD', BOULV: 'BLVD',
  BRANCH: 'BR', BRIDGE: 'BRG', BROOK: 'BRK', BURG: 'BG', BYPASS: 'BYP',
  CAMP: 'CP', CANYON: 'CYN', CAPE: 'CPE',
  CAUSEWAY: 'CSWY', CENTER: 'CTR', CENTRE: 'CTR', CTR: 'CTR',
  CIRCLE: 'CIR', CIR: 'CIR', CIRC: 'CIR', CIRCL: 'CIR', CRCLE: 'CIR',
  CLIFF: 'CLF', CLUB: 'CLB', COMMON: 'CMN', CORNER: 'COR', CORNERS: 'CORS',
  COURSE: 'CRSE', COURT: 'CT', CT: 'CT', COURTS: 'CTS', COVE: 'CV', CREEK: 'CRK',
  CRESCENT: 'CRES', CRES: 'CRES', CREST: 'CRST', CROSSING: 'XING', CROSSROAD: 'XRD', CURVE: 'CURV',
  DALE: 'DL', DAM: 'DM', DIVIDE: 'DV',
  DRIVE: 'DR', DR: 'DR', DRIV: 'DR', DRV: 'DR',
  ESTATE: 'EST', ESTATES: 'ESTS',
  EXPRESSWAY: 'EXPY', EXPY: 'EXPY',
  EXTENSION: 'EXT', EXT: 'EXT',
  FALLS: 'FLS', FERRY: 'FRY', FIELD: 'FLD', FIELDS: 'FLDS', FLAT: 'FLT', FLATS: 'FLTS',
  FORD: 'FRD', FOREST: 'FRST', FORGE: 'FRG', FORK: 'FRK', FORKS: 'FRKS', FORT: 'FT',
  FREEWAY: 'FWY', FWY: 'FWY',
  GARDEN: 'GDN', GARDENS: 'GDNS', GATEWAY: 'GTWY', GLEN: 'GLN', GREEN: 'GRN', GROVE: 'GRV',
  HARBOR: 'HBR', HAVEN: 'HVN', HEIGHTS: 'HTS', HTS: 'HTS',
  HIGHWAY: 'HWY', HWY: 'HWY', HIGHWY: 'HWY', HIWAY: 'HWY',
  HILL: 'HL', HILLS: 'HLS', HOLLOW: 'HOLW',
  INLET: 'INLT', ISLAND: 'IS', ISLANDS: 'ISS',
  JUNCTION: 'JCT', JCT: 'JCT',
  KEY: 'KY', KNOLL: 'KNL', KNOLLS: 'KNLS',
  LAKE: 'LK', LAKES: 'LKS', LANDING: 'LNDG',
  LANE: 'LN', LN: 'LN',
  LIGHT: 'LGT', LOCK: 'LCK', LODGE: 'LDG', LOOP: 'LOOP',
  MALL: 'MALL', MANOR: 'MNR', MEADOW: 'MDW', MEADOWS: 'MDWS', MILL: 'ML', MILLS: 'MLS',
  MISSION: 'MSN', MOTORWAY: 'MTWY', MOUNT: 'MT', MOUNTAIN: 'MTN',
  ORCHARD: 'ORCH', OVAL: 'OVAL', OVERPASS: 'OPAS',
  PARK: 'PARK', PARKS: 'PARK',
  PARKWAY: 'PKWY', PKWY: 'PKWY', PARKWY: 'PKWY', PKY: 'PKWY',
  PASS: 'PASS', PASSAGE: 'PSGE', PATH: 'PATH', PIKE: 'PIKE', PINE: 'PNE', PINES: 'PNES',
  PLACE: 'PL', PL: 'PL', PLAIN: 'PLN', PLAINS: 'PLNS',
  PLAZA: 'PLZ', PLZ: 'PLZ', POINT: 'PT', POINTS: 'PTS', PORT: 'PRT', PRAIRIE: 'PR',
  RADIAL: 'RADL', RANCH: 'RNCH', RAPIDS: 'RPDS', REST: 'RST', RIDGE: 'RDG', RIVER: 'RIV',
  ROAD: 'RD', RD: 'RD', ROADS: 'RDS', ROUTE: 'RTE', RTE: 'RTE', ROW: 'ROW', RUN: 'RUN',
  SHOAL: 'SHL', SHORE: 'SHR', SHORES: 'SHRS', SKYWAY: 'SKWY', SPRING: 'SPG', SPRINGS: 'SPGS',
  SQUARE: 'SQ', SQ: 'SQ', STATION: 'STA', STRAVENUE: 'STRA', STREAM: 'STRM',
  STREET: 'ST', ST: 'ST', STR: 'ST', STRT: 'ST', STREETS: 'STS', SUMMIT: 'SMT',
  TERRACE: 'TER', TER: 'TER', TERR: 'TER', THROUGHWAY: 'TRWY', TRACE: 'TRCE', TRACK: 'TRAK',
  TRAIL: 'TRL', TRL: 'TRL', TRAILS: 'TRL', TRAILER: 'TRLR', TUNNEL: 'TUNL', TURNPIKE: 'TPKE', TPKE: 'TPKE',
  UNDERPASS: 'UPAS', UNION: 'UN', VALLEY: 'VLY', VIADUCT: 'VIA', VIEW: 'VW', VILLAGE: 'VLG',
  VILLE: 'VL', VISTA: 'VIS', WALK: 'WALK', WALL: 'WALL', WAY: 'WAY', WELL: 'WL', WELLS: 'WLS',
};

// Canada Post English street types (they differ from USPS in places: COURT → CRT, TERRACE → TERR).
// prettier-ignore
const CA_EN_TYPES: Readonly<Record<string, string>> = {
  AVENUE: 'AVE', AVE: 'AVE', BOULEVARD: 'BLVD', BLVD: 'BLVD', CIRCLE: 'CIR', CIR: 'CIR',
  COURT: 'CRT', CRT: 'CRT', CT: 'CRT', CRESCENT: 'CRES', CRES: 'CRES', DRIVE: 'DR', DR: 'DR',
  EXPRESSWAY: 'EXPY', FREEWAY: 'FWY', GARDENS: 'GDNS', GATE: 'GATE', GROVE: 'GROVE',
  HEIGHTS: 'HTS', HIGHWAY: 'HWY', HWY: 'HWY', HILL: 'HILL', LANE: 'LANE', LN: 'LANE', LINE: 'LINE',
  PARKWAY: 'PKY', PKWY: 'PKY', PLACE: 'PL', PL: 'PL', PLAZA: 'PLAZA', POINT: 'PT', PRIVATE: 'PVT',
  ROAD: 'RD', RD: 'RD', ROUTE: 'RTE', SQUARE: 'SQ', STREET: 'ST', ST: 'ST', TERRACE: 'TERR',
  TERR: 'TERR', TRAIL: 'TRAIL', WAY: 'WAY', CONCESSION: 'CONC', SIDEROAD: 'SIDERD', WALK: 'WALK',
};

/**
 * Canada Post French street types (keys without accents): they come BEFORE the street name
 * ("123 RUE PRINCIPALE", "45 BOUL RENÉ-LÉVESQUE O").
 */
// prettier-ignore
const CA_FR_TYPES: Readonly<Record<string, string>> = {
  RUE: 'RUE', 'R.': 'RUE',
  BOULEVARD: 'BOUL', BOUL: 'BOUL', BLVD: 'BOUL', BD: 'BOUL',
  AVENUE: 'AV', AV: 'AV', AVE: 'AV',
  CHEMIN: 'CH', CH: 'CH',
  ROUTE: 'RTE', RTE: 'RTE',
  RANG: 'RANG',
  MONTEE: 'MONTÉE',
  COTE: 'CÔTE',
  PLACE: 'PL', PL: 'PL',
  CARRE: 'CAR', CROISSANT: 'CROIS', CROIS: 'CROIS',
  IMPASSE: 'IMP', IMP: 'IMP',
  PROMENADE: 'PROM', PROM: 'PROM',
  TERRASSE: 'TSSE', TSSE: 'TSSE',
  AUTOROUTE: 'AUT', AUT: 'AUT',
  RUELLE: 'RUELLE', SENTIER: 'SENT', ALLEE: 'ALLÉE', CERCLE: 'CERCLE', COUR: 'COUR',
  PARC: 'PARC', ESPLANADE: 'ESPL', CARREFOUR: 'CARREF', CROISEE: 'CROISÉE', JARDIN: 'JARD',
  QUAI: 'QUAI', VOIE: 'VOIE', PASSAGE: 'PASS', BOIS: 'BOIS', CHAUSSEE: 'CH',
};

// prettier-ignore
const EN_DIRECTIONS: Readonly<Record<string, string>> = {
  NORTH: 'N', N: 'N', SOUTH: 'S', S: 'S', EAST: 'E', E: 'E', WEST: 'W', W: 'W',
  NORTHEAST: 'NE', NE: 'NE', NORTHWEST: 'NW', NW: 'NW', SOUTHEAST: 'SE', SE: 'SE',
  SOUTHWEST: 'SW', SW: 'SW',
};

// prettier-ignore
const FR_DIRECTIONS: Readonly<Record<string, string>> = {
  NORD: 'N', N: 'N', SUD: 'S', S: 'S', EST: 'E', E: 'E', OUEST: 'O', O: 'O',
  'NORD-EST': 'NE', NE: 'NE', 'NORD-OUEST': 'NO', NO: 'NO', 'SUD-EST': 'SE', SE: 'SE',
  'SUD-OUEST': 'SO', SO: 'SO',
};

// USPS Publication 28, Appendix C2: secondary unit designators.
// prettier-ignore
const US_UNITS: Readonly<Record<string, string>> = {
  APARTMENT: 'APT', APT: 'APT', SUITE: 'STE', STE: 'STE', UNIT: 'UNIT', BUILDING: 'BLDG',
  BLDG: 'BLDG', FLOOR: 'FL', FL: 'FL', ROOM: 'RM', RM: 'RM', DEPARTMENT: 'DEPT', DEPT: 'DEPT',
  SPACE: 'SPC', SPC: 'SPC', LOT: 'LOT', TRAILER: 'TRLR', TRLR: 'TRLR', HANGAR: 'HNGR', PIER: 'PIER',
  SLIP: 'SLIP', STOP: 'STOP', KEY: 'KEY', BASEMENT: 'BSMT', BSMT: 'BSMT', FRONT: 'FRNT',
  LOBBY: 'LBBY', LOWER: 'LOWR', OFFICE: 'OFC', OFC: 'OFC', PENTHOUSE: 'PH', PH: 'PH',
  REAR: 'REAR', SIDE: 'SIDE', UPPER: 'UPPR',
};

// prettier-ignore
const CA_UNITS: Readonly<Record<string, string>> = {
  APARTMENT: 'APT', APT: 'APT', APPARTEMENT: 'APP', APP: 'APP', SUITE: 'SUITE', STE: 'SUITE',
  UNIT: 'UNIT', UNITE: 'UNITÉ', BUREAU: 'BUREAU', BUR: 'BUREAU', ROOM: 'RM', PIECE: 'PIÈCE',
  FLOOR: 'FL', ETAGE: 'ÉTAGE', PENTHOUSE: 'PH', PH: 'PH', TOWNHOUSE: 'TH', TH: 'TH',
};

/** State and province names (folded) → codes, so "Massachusetts" or "Québec" is accepted. */
const REGION_NAMES: ReadonlyMap<string, string> = new Map([
  ...Object.entries(US_STATES).map(([code, name]) => [foldAccents(name), code] as const),
  ...Object.entries(CA_PROVINCES).flatMap(([code, names]) => [
    [foldAccents(names.en), code] as const,
    [foldAccents(names.fr), code] as const,
  ]),
  ['PQ', 'QC'],
  ['NFLD', 'NL'],
  ['NF', 'NL'],
]);

function clean(s: string): string {
  // Commas and periods are dropped (USPS/Canada Post print none); '#', '-', '/' and the
  // apostrophe carry meaning ("# 4", "10-123", "1/2", "D'ARCY").
  return s
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[.,;:]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
}

function tokensOf(s: string): string[] {
  return clean(s)
    .replace(/#\s*/g, '# ')
    .split(' ')
    .filter((t) => t !== '');
}

/** Abbreviates unit designators ("Apartment 4B" → "APT 4B", "#4B" → "# 4B"). */
function normalizeUnits(tokens: string[], table: Readonly<Record<string, string>>): string[] {
  return tokens.map((t, i) => {
    const key = foldAccents(t);
    const unit = table[key];
    // Only a designator when something follows it (or it is a stand-alone word like REAR).
    return unit !== undefined && (i < tokens.length - 1 || !/\d/.test(unit)) ? unit : t;
  });
}

function isUnitToken(t: string, table: Readonly<Record<string, string>>): boolean {
  return t === '#' || Object.values(table).includes(t);
}

/** USPS street line: "123 north main street apt 4" → "123 N MAIN ST APT 4". */
function normalizeUsStreet(line: string): string {
  const raw = tokensOf(line);
  const poBox = poBoxLine(raw);
  if (poBox) return poBox;
  const tokens = normalizeUnits(raw, US_UNITS);
  // The street part ends where a unit designator begins.
  let end = tokens.findIndex((t, i) => i > 0 && isUnitToken(t, US_UNITS) && i < tokens.length - 1);
  if (end === -1) end = tokens.length;
  const street = tokens.slice(0, end);
  const hasNumber = street.length > 0 && /\d/.test(street[0] ?? '');
  const first = hasNumber ? 1 : 0;
  // Post-directional: the last token, when it is a direction and a street precedes it.
  let last = street.length - 1;
  const postDir = last > first + 1 ? EN_DIRECTIONS[street[last] ?? ''] : undefined;
  if (postDir) {
    street[last] = postDir;
    last -= 1;
  }
  // Suffix: the last remaining token, if it is one and a name precedes it.
  const suffix = last > first ? US_SUFFIXES[street[last] ?? ''] : undefined;
  if (suffix) street[last] = suffix;
  const nameEnd = suffix ? last - 1 : last;
  // Pre-directional: right after the number, when at least one name word follows it.
  const preDir = EN_DIRECTIONS[street[first] ?? ''];
  if (preDir && nameEnd > first) street[first] = preDir;
  return [...street, ...tokens.slice(end)].join(' ');
}

function poBoxLine(tokens: string[]): string | null {
  const joined = tokens.join(' ');
  const m =
    /^(?:P\s?O|POST OFFICE|POSTAL|CP|C P|CASE POSTALE)\s*BOX\s+(\S+)(.*)$/.exec(joined) ??
    /^(?:PO|P O)\s+(\S+)$/.exec(joined);
  if (m) return `PO BOX ${m[1]}${m[2] ?? ''}`;
  const cp = /^(?:CP|C P|CASE POSTALE)\s+(\d\S*)(.*)$/.exec(joined);
  if (cp) return `CP ${cp[1]}${cp[2] ?? ''}`;
  return null;
}

/** Canada Post street line, English or French. */
function normalizeCaStreet(line: string): string {
  const raw = tokensOf(line);
  const poBox = poBoxLine(raw);
  if (poBox) return poBox;
  const tokens = normalizeUnits(raw, CA_UNITS);
  let end = tokens.findIndex((t, i) => i > 0 && isUnitToken(t, CA_UNITS) && i < tokens.length - 1);
  if (end === -1) end = tokens.length;
  const street = tokens.slice(0, end);
  const hasNumber = street.length > 0 && /\d/.test(street[0] ?? '');
  const first = hasNumber ? 1 : 0;
  const typeFr = CA_FR_TYPES[foldAccents(street[first] ?? '')];
  const french = typeFr !== undefined && street.length > first + 1;
  let last = street.length - 1;
  if (french) {
    street[first] = typeFr;
    const dir = last > first + 1 ? FR_DIRECTIONS[foldAccents(street[last] ?? '')] : undefined;
    if (dir) street[last] = dir;
  } else {
    const dir = last > first + 1 ? EN_DIRECTIONS[street[last] ?? ''] : undefined;
    if (dir) {
      street[last] = dir;
      last -= 1;
    }
    const type = last > first ? CA_EN_TYPES[street[last] ?? ''] : undefined;
    if (type) street[last] = type;
  }
  return [...street, ...tokens.slice(end)].join(' ');
}

function normalizeRegion(country: AddressCountry, region: string): string {
  const folded = foldAccents(clean(region));
  if ((country === 'US' && isUsState(folded)) || (country === 'CA' && isCaProvince(folded))) {
    return folded;
  }
  return REGION_NAMES.get(folded) ?? folded;
}

const MAX_LINE = 60;
const MAX_CITY = 40;
const atMost = (limit: number) => msg('zod.tooBig.string', { limit });

/**
 * Validates and normalises an address. Errors come back per field, ready for a form (message
 * keys, shown in the agent's language).
 *
 * @example
 * normalizeAddress({ country: 'US', line1: '12 north main street apartment 4b', city: 'boston',
 *   region: 'Massachusetts', postalCode: '021081234' });
 * // → { ok: true, address: { line1: '12 N MAIN ST APT 4B', city: 'BOSTON', region: 'MA',
 * //      postalCode: '02108-1234', ... } }
 * normalizeAddress({ country: 'CA', line1: '1200 boul. René-Lévesque ouest', city: 'Montréal',
 *   region: 'qc', postalCode: 'h3b4w8' });
 * // → line1 '1200 BOUL RENÉ-LÉVESQUE O', city 'MONTRÉAL', postalCode 'H3B 4W8'
 */
export function normalizeAddress(input: AddressInput): NormalizeResult {
  const fields: Partial<Record<AddressField, ServerMessage>> = {};
  if (input.country !== 'US' && input.country !== 'CA') {
    return { ok: false, fields: { country: msg('validators.address.country') } };
  }
  const us = input.country === 'US';
  const line1Raw = input.line1 ?? '';
  const line2Raw = input.line2 ?? '';
  if (clean(line1Raw) === '') fields.line1 = msg('validators.address.streetRequired');
  else if (!/\d/.test(line1Raw)) fields.line1 = msg('validators.address.streetNumber');
  else if (/[^\p{L}\p{N}\s.,#'/-]/u.test(line1Raw))
    fields.line1 = msg('validators.address.streetCharacters');
  if (line2Raw !== '' && /[^\p{L}\p{N}\s.,#'/-]/u.test(line2Raw))
    fields.line2 = msg('validators.address.line2Characters');
  const city = clean(input.city ?? '');
  if (city === '') fields.city = msg('validators.address.cityRequired');
  else if (!/^[\p{L}][\p{L}\s'-]*$/u.test(city))
    fields.city = msg('validators.address.cityCharacters');

  const region = normalizeRegion(input.country, input.region ?? '');
  const postal = validatePostal(input.country, input.postalCode ?? '', region);
  if (!postal.ok) fields[postal.field] = postal.reason;

  const line1 = fields.line1 ? '' : us ? normalizeUsStreet(line1Raw) : normalizeCaStreet(line1Raw);
  const line2Tokens = normalizeUnits(tokensOf(line2Raw), us ? US_UNITS : CA_UNITS);
  const line2 = line2Tokens.length > 0 ? line2Tokens.join(' ') : null;
  if (line1.length > MAX_LINE) fields.line1 = atMost(MAX_LINE);
  if (line2 && line2.length > MAX_LINE) fields.line2 = atMost(MAX_LINE);
  if (city.length > MAX_CITY) fields.city = atMost(MAX_CITY);

  if (Object.keys(fields).length > 0 || !postal.ok) return { ok: false, fields };
  const address: NormalizedAddress = {
    country: input.country,
    line1,
    line2,
    city,
    region: postal.region,
    postalCode: postal.postalCode,
  };
  const changed =
    address.line1 !== line1Raw ||
    (address.line2 ?? '') !== line2Raw ||
    address.city !== input.city ||
    address.region !== input.region ||
    address.postalCode !== input.postalCode;
  return { ok: true, address, changed };
}

/**
 * The comparison key of an address: accents, spacing and the ZIP+4 extension ignored, so
 * "12 Main Street Apt 4" and "12 MAIN ST # 4"-style near-duplicates of ANOTHER customer's
 * address are caught. Unit designators are dropped (APT 4 = UNIT 4 = # 4) but the unit value kept.
 */
export function addressKey(
  a: Pick<NormalizedAddress, 'country' | 'line1' | 'line2' | 'postalCode'>,
): string {
  const units = new Set([...Object.values(US_UNITS), ...Object.values(CA_UNITS), '#']);
  const words = foldAccents(`${a.line1} ${a.line2 ?? ''}`)
    .split(/\s+/)
    .filter((w) => w !== '' && !units.has(w));
  const postal = a.country === 'US' ? a.postalCode.slice(0, 5) : a.postalCode.replace(/\s/g, '');
  return `${a.country}|${postal}|${words.join(' ')}`;
}

/** What printing needs of an address (stored rows carry a plain string region). */
export interface PrintableAddress {
  line1: string;
  line2: string | null;
  city: string;
  region: string;
  postalCode: string;
}

/** One-line rendering for lists and audit: "12 N MAIN ST APT 4, BOSTON MA 02108". */
export function formatAddressLine(a: PrintableAddress): string {
  return `${a.line1}${a.line2 ? `, ${a.line2}` : ''}, ${a.city} ${a.region}  ${a.postalCode}`;
}

/** The lines of a mailing label, as the post office wants them. */
export function mailingLines(
  name: string,
  a: PrintableAddress & { country: AddressCountry },
): string[] {
  return [
    name.toUpperCase(),
    a.line1,
    ...(a.line2 ? [a.line2] : []),
    `${a.city} ${a.region}  ${a.postalCode}`,
    ...(a.country === 'CA' ? ['CANADA'] : []),
  ];
}
