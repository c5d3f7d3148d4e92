import { Faker, base, en, en_CA, en_US, fr_CA } from '@faker-js/faker';
import type { IsoDate } from '../../../domain/dates.ts';
import { easyPayDebitDate } from '../../../domain/easypay.ts';
import {
  amortizedPayment,
  leasePayment,
  periodsPerYear,
  principalAfter,
  scheduleDueDates,
  type AccountTerms,
} from '../../../domain/ledger.ts';
import { returnedPaymentFee } from '../../../domain/lender-config.ts';
import { vinCheckDigit } from '../../../domain/validators/vin.ts';
import {
  BUSINESS_SUFFIXES_EN,
  BUSINESS_TRADES_EN,
  BUSINESS_TRADES_FR,
  EN_FIRST_NAMES_FEMALE,
  EN_FIRST_NAMES_MALE,
  EN_LAST_NAMES,
} from '../data/people.ts';
import {
  BANK_ROUTING_NUMBERS,
  CA_PLACES,
  EMAIL_DOMAINS,
  QC_FIRST_NAMES_FEMALE,
  QC_FIRST_NAMES_MALE,
  QC_LAST_NAMES,
  QC_STREETS,
  US_PLACES,
  VEHICLES,
  type Place,
} from '../data/places.ts';
import { Weighted, type Prng } from '../prng.ts';
import type { Scenario, SeedContext, SeedModule } from '../types.ts';

/**
 * Customers, accounts and their ledgers: the world every other module builds on.
 *
 * Households of one or two people (a partner shares the address and often co-holds an
 * account), 1–3 leases or loans per household on MINI vehicles with valid VINs, and a payment
 * history per account from a behaviour profile: EasyPay, on time, sometimes late (with late
 * charges), delinquent now, or with a returned (NSF) payment. Instalments are not written: the
 * schedule bills them (server/domain/ledger.ts); the ledger holds what was posted.
 *
 * The first customers are planted on purpose for the trainer's crib sheet (see PLANTED below).
 */

const MODULE = 'customers';
const ROWS_PER_CUSTOMER = 40;

const NOON = 12 * 60;
const DAY_MS = 86_400_000;

/**
 * date ± n days, without date-fns: this runs ten million times at the large scale (5.7 s of the
 * large seed's profile with a Date per call), so both directions of the day-number conversion
 * are looked up in caches (a few thousand distinct dates).
 */
const dayOf = new Map<IsoDate, number>();
const dateOfDay = new Map<number, IsoDate>();
function plusDays(date: IsoDate, n: number): IsoDate {
  let day = dayOf.get(date);
  if (day === undefined) {
    day =
      Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
      DAY_MS;
    dayOf.set(date, day);
  }
  const target = day + n;
  let out = dateOfDay.get(target);
  if (out === undefined) {
    out = new Date(target * DAY_MS).toISOString().slice(0, 10);
    dateOfDay.set(target, out);
  }
  return out;
}

function plusMonths(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Math.min(Number(date.slice(8, 10)), 28);
  return new Date(Date.UTC(y + Math.floor(m / 12), ((m % 12) + 12) % 12, d))
    .toISOString()
    .slice(0, 10);
}

/** "Hélène" → "helene" for e-mail local parts. */
function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

// Model-year codes (position 10 of a VIN).
const YEAR_CODES: Record<number, string> = {
  2014: 'E',
  2015: 'F',
  2016: 'G',
  2017: 'H',
  2018: 'J',
  2019: 'K',
  2020: 'L',
  2021: 'M',
  2022: 'N',
  2023: 'P',
  2024: 'R',
  2025: 'S',
  2026: 'T',
  2027: 'V',
  2028: 'W',
  2029: 'X',
  2030: 'Y',
};
const PLANTS = ['T', '2', 'H'];
const LDU_LETTERS = 'ABCEGHJKLMNPRSTVWXYZ';

function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Late charge: 5% of the instalment, at most $25, after a 10-day grace period. */
const LATE_GRACE_DAYS = 10;
function lateFee(payment: number): number {
  return Math.min(Math.round(payment * 0.05), 2500);
}

type Profile = 'easypay' | 'punctual' | 'sometimes-late' | 'delinquent';

interface Person {
  id: number;
  firstName: string;
  lastName: string;
  language: 'en' | 'fr';
}

interface Home {
  place: Place;
  line1: string;
  line2: string | null;
  postalCode: string;
  /** An earlier address, for address history. */
  previous: {
    place: Place;
    line1: string;
    line2: string | null;
    postalCode: string;
    until: IsoDate;
  } | null;
}

interface AccountPlan {
  type: 'lease' | 'loan';
  status: 'active' | 'paid_off' | 'closed';
  profile: Profile;
  /** Active delinquent accounts: unpaid instalments at the end. */
  missed: number;
  /** Post one NSF return around this date (if an instalment is paid near it). */
  nsfNear: IsoDate | null;
  easyPay: boolean;
  dueDay: number | null;
  frequency: 'monthly' | 'semi-monthly' | null;
  openedOn: IsoDate | null;
  ultimatePay: boolean;
}

const STANDARD: Scenario = {
  id: 'standard',
  title: { en: 'Standard day', fr: 'Journée type' },
  description: {
    en: 'A Monday morning in Thanksgiving week: the whole book of leases and loans, with the planted customers below.',
    fr: "Un lundi matin de la semaine de l'Action de grâce américaine : tout le portefeuille de locations et de prêts, avec les clients plantés ci-dessous.",
  },
  seed: 1,
  scale: 'demo',
  startDate: '2026-11-23',
  startMinutes: 9 * 60 + 30,
};

const CLASSROOM: Scenario = {
  id: 'classroom',
  title: { en: 'Classroom book (5,000 customers)', fr: 'Portefeuille de classe (5 000 clients)' },
  description: {
    en: 'The standard day with a class-sized book, so every trainee finds different customers.',
    fr: 'La journée type avec un portefeuille de la taille d’une classe : chaque stagiaire trouve des clients différents.',
  },
  seed: 2,
  scale: 'class',
  startDate: '2026-11-23',
  startMinutes: 9 * 60 + 30,
};

class CustomersGenerator {
  readonly ctx: SeedContext;
  readonly people: Prng;
  readonly accounts: Prng;
  readonly ledger: Prng;
  readonly faker: Faker;
  readonly places: Weighted<Place>;
  readonly vehicles: Weighted<(typeof VEHICLES)[number]>;
  readonly createdAt = new Map<IsoDate, string>();
  readonly debitDates = new Map<IsoDate, IsoDate>();
  readonly ins: {
    customer: (...v: unknown[]) => number;
    phone: (...v: unknown[]) => void;
    address: (...v: unknown[]) => void;
    account: (...v: unknown[]) => number;
    entry: (...v: unknown[]) => void;
    customerFlag: (...v: unknown[]) => number;
    accountFlag: (...v: unknown[]) => number;
  };
  accountIndex = 0;
  customersMade = 0;
  readonly accountMultiplier: number;
  readonly accountOffset: number;
  readonly serialOffset: number;

  constructor(ctx: SeedContext) {
    this.ctx = ctx;
    this.people = ctx.rng('people');
    this.accounts = ctx.rng('accounts');
    this.ledger = ctx.rng('ledger');
    this.faker = new Faker({ locale: [en_US, en_CA, fr_CA, en, base] });
    this.faker.seed(ctx.seedFor('faker'));
    this.places = new Weighted([
      ...US_PLACES.map((p) => [p, p.weight * 2.6] as const),
      ...CA_PLACES.map((p) => [p, p.weight] as const),
    ]);
    this.vehicles = new Weighted(VEHICLES.map((v) => [v, v.weight] as const));
    const numbers = ctx.rng('numbers');
    // Multipliers coprime with 10^8 / 10^6 make index → number a bijection: unique, scattered.
    this.accountMultiplier = 104_729 + 20 * numbers.int(0, 5_000);
    this.accountOffset = numbers.int(0, 99_999_999);
    this.serialOffset = numbers.int(0, 999_999);
    this.ins = {
      customer: ctx.insert('customers', [
        'kind',
        'first_name',
        'last_name',
        'business_name',
        'date_of_birth',
        'ssn_last4',
        'email',
        'language',
        'created_at',
        'updated_at',
      ]),
      // Nobody needs these rows' ids: the buffered multi-row writer (ids in push order, as before).
      phone: ctx.writer('customer_phones', [
        'customer_id',
        'kind',
        'number',
        'is_primary',
        'created_at',
      ]),
      address: ctx.writer('customer_addresses', [
        'customer_id',
        'line1',
        'line2',
        'city',
        'region',
        'postal_code',
        'country',
        'effective_from',
        'effective_to',
        'source',
        'created_at',
      ]),
      account: ctx.insert('accounts', [
        'account_number',
        'type',
        'vin',
        'vehicle_year',
        'vehicle_make',
        'vehicle_model',
        'holder_customer_id',
        'co_holder_customer_id',
        'term_months',
        'frequency',
        'payment_cents',
        'due_day',
        'opened_on',
        'amount_financed_cents',
        'apr_bps',
        'residual_cents',
        'status',
        'closed_on',
        'easypay_enrolled',
        'easypay_bank_account',
        'easypay_bank_last4',
        'easypay_routing',
        'ultimatepay_date',
        'ultimatepay_cents',
        'lease_miles_allowed',
        'created_at',
        'updated_at',
      ]),
      entry: ctx.writer('ledger_entries', [
        'account_id',
        'posted_on',
        'kind',
        'amount_cents',
        'code',
        'created_at',
      ]),
      customerFlag: ctx.insert('customer_flags', ['customer_id', 'kind', 'note', 'raised_at']),
      accountFlag: ctx.insert('account_flags', ['account_id', 'kind', 'note', 'raised_at']),
    };
  }

  at(date: IsoDate): string {
    let value = this.createdAt.get(date);
    if (!value) {
      value = this.ctx.instant(date, NOON);
      this.createdAt.set(date, value);
    }
    return value;
  }

  debitDate(due: IsoDate): IsoDate {
    let value = this.debitDates.get(due);
    if (!value) {
      value = easyPayDebitDate(this.ctx.calendar, due);
      this.debitDates.set(due, value);
    }
    return value;
  }

  // ---------------------------------------------------------------- people and places

  firstName(french: boolean, female: boolean): string {
    const r = this.people;
    if (french) return r.pick(female ? QC_FIRST_NAMES_FEMALE : QC_FIRST_NAMES_MALE);
    if (r.chance(0.8)) return r.pick(female ? EN_FIRST_NAMES_FEMALE : EN_FIRST_NAMES_MALE);
    const names = en.person?.first_name as { female?: string[]; male?: string[] } | undefined;
    return r.pick((female ? names?.female : names?.male) ?? EN_FIRST_NAMES_MALE);
  }

  lastName(french: boolean): string {
    return french ? this.people.pick(QC_LAST_NAMES) : this.people.pick(EN_LAST_NAMES);
  }

  street(place: Place): { line1: string; line2: string | null } {
    const r = this.people;
    const number = r.chance(0.7) ? r.int(10, 9999) : r.int(100, 29999);
    if (place.french) {
      return {
        line1: `${number}, ${r.pick(QC_STREETS)}`,
        line2: r.chance(0.18) ? `app. ${r.int(1, 24)}` : null,
      };
    }
    const streets = (en_US.location?.street_name as string[] | undefined) ?? ['Main Street'];
    const unit = r.chance(0.15)
      ? place.country === 'US'
        ? `Apt ${r.int(1, 40)}${r.pick(['', 'A', 'B', 'C'])}`
        : `Unit ${r.int(101, 2408)}`
      : null;
    return { line1: `${number} ${r.pick(streets)}`, line2: unit };
  }

  postalCode(place: Place): string {
    const r = this.people;
    const prefix = r.pick(place.postal);
    if (place.country === 'US') return r.chance(0.25) ? `${prefix}-${r.digits(4)}` : prefix;
    return `${prefix} ${r.int(0, 9)}${LDU_LETTERS[r.int(0, LDU_LETTERS.length - 1)]}${r.int(0, 9)}`;
  }

  phone(place: Place): string {
    const r = this.people;
    let exchange = `${r.int(2, 9)}${r.digits(2)}`;
    if (exchange.endsWith('11')) exchange = `${exchange.slice(0, 2)}2`;
    return `${r.pick(place.areaCodes)}${exchange}${r.digits(4)}`;
  }

  email(first: string, last: string, place: Place): string {
    const r = this.people;
    const domains = place.french
      ? EMAIL_DOMAINS.QC
      : place.country === 'CA'
        ? EMAIL_DOMAINS.CA
        : EMAIL_DOMAINS.US;
    const f = ascii(first);
    const l = ascii(last);
    const style = r.int(0, 3);
    const local =
      style === 0
        ? `${f}.${l}`
        : style === 1
          ? `${f[0] ?? 'x'}${l}`
          : style === 2
            ? `${f}${l[0] ?? 'x'}`
            : `${l}.${f}`;
    return `${local}${r.chance(0.55) ? r.int(1, 999) : ''}@${r.pick(domains)}`;
  }

  home(firstOpened: IsoDate): Home {
    const r = this.people;
    const place = this.places.draw(r);
    const { line1, line2 } = this.street(place);
    let previous: Home['previous'] = null;
    if (r.chance(0.3)) {
      // Moved since the first account opened: the old address is history.
      const sameCity = r.chance(0.6);
      const prevPlace = sameCity
        ? place
        : place.country === 'US'
          ? r.pick(US_PLACES)
          : r.pick(CA_PLACES);
      const old = this.street(prevPlace);
      const days = Math.max(
        30,
        Math.round(Math.abs((Date.parse(this.ctx.asOf) - Date.parse(firstOpened)) / DAY_MS)),
      );
      const until = plusDays(firstOpened, r.int(20, Math.max(21, days - 10)));
      if (until < this.ctx.asOf)
        previous = { place: prevPlace, ...old, postalCode: this.postalCode(prevPlace), until };
    }
    return { place, line1, line2, postalCode: this.postalCode(place), previous };
  }

  insertCustomer(input: {
    firstName: string;
    lastName: string;
    businessName?: string | null;
    language: 'en' | 'fr';
    dateOfBirth: IsoDate | null;
    home: Home;
    since: IsoDate;
    female: boolean;
  }): Person {
    const r = this.people;
    const { home, since } = input;
    const created = this.at(since);
    const email = r.chance(0.93) ? this.email(input.firstName, input.lastName, home.place) : null;
    let ssn = r.digits(4);
    if (ssn === '0000') ssn = '0001';
    const id = this.ins.customer(
      input.businessName ? 'business' : 'personal',
      input.firstName,
      input.lastName,
      input.businessName ?? null,
      input.dateOfBirth,
      ssn,
      email,
      input.language,
      created,
      created,
    );
    this.ins.phone(id, 'mobile', this.phone(home.place), 1, created);
    if (r.chance(0.3)) this.ins.phone(id, 'home', this.phone(home.place), 0, created);
    if (r.chance(0.1)) this.ins.phone(id, 'work', this.phone(home.place), 0, created);
    if (home.previous) {
      const p = home.previous;
      this.ins.address(
        id,
        p.line1,
        p.line2,
        p.place.city,
        p.place.region,
        p.postalCode,
        p.place.country,
        since,
        p.until,
        'origination',
        created,
      );
      this.ins.address(
        id,
        home.line1,
        home.line2,
        home.place.city,
        home.place.region,
        home.postalCode,
        home.place.country,
        p.until,
        null,
        'customer-request',
        this.at(p.until),
      );
    } else {
      this.ins.address(
        id,
        home.line1,
        home.line2,
        home.place.city,
        home.place.region,
        home.postalCode,
        home.place.country,
        since,
        null,
        'origination',
        created,
      );
    }
    this.customersMade += 1;
    return { id, firstName: input.firstName, lastName: input.lastName, language: input.language };
  }

  dateOfBirth(): IsoDate {
    const age = Math.round(this.people.around(46, 12, 21, 82));
    return plusDays(plusMonths(this.ctx.asOf, -12 * age), -this.people.int(0, 364));
  }

  // ---------------------------------------------------------------- accounts

  accountNumber(type: 'lease' | 'loan'): string {
    const i = this.accountIndex;
    const body = String((i * this.accountMultiplier + this.accountOffset) % 100_000_000).padStart(
      8,
      '0',
    );
    const first9 = `${type === 'lease' ? '5' : '3'}${body}`;
    return `${first9}${luhnDigit(first9)}`;
  }

  vin(vds: string, modelYear: number): string {
    const serial = String((this.accountIndex * 7_919 + this.serialOffset) % 1_000_000).padStart(
      6,
      '0',
    );
    const year = YEAR_CODES[modelYear] ?? 'T';
    const draft = `WMW${vds}0${year}${PLANTS[this.accountIndex % PLANTS.length]}${serial}`;
    return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
  }

  planAccount(forced: Partial<AccountPlan> = {}): AccountPlan {
    const r = this.accounts;
    const type = forced.type ?? (r.chance(0.45) ? 'lease' : 'loan');
    const roll = r.next();
    // Only leases are "closed" (returned at the end); a finished loan is paid off.
    const status =
      forced.status ??
      (roll < 0.86 ? 'active' : roll < 0.95 || type === 'loan' ? 'paid_off' : 'closed');
    const easyPay = forced.easyPay ?? (status === 'active' ? r.chance(0.45) : r.chance(0.3));
    let profile: Profile;
    if (forced.profile) profile = forced.profile;
    else if (easyPay) profile = 'easypay';
    else if (status !== 'active') profile = 'punctual';
    else {
      const p = r.next();
      profile = p < 0.58 ? 'punctual' : p < 0.88 ? 'sometimes-late' : 'delinquent';
    }
    return {
      type,
      status,
      profile,
      missed: forced.missed ?? (profile === 'delinquent' ? r.int(1, 3) : 0),
      nsfNear: forced.nsfNear ?? null,
      easyPay,
      dueDay: forced.dueDay ?? null,
      frequency: forced.frequency ?? null,
      openedOn: forced.openedOn ?? null,
      ultimatePay: forced.ultimatePay ?? (status === 'active' && !easyPay && r.chance(0.04)),
    };
  }

  /** Opening date for a plan: active accounts are mid-term, closed ones ended before today. */
  openedOnFor(plan: AccountPlan, termMonths: number): IsoDate {
    const r = this.accounts;
    const asOf = this.ctx.asOf;
    if (plan.openedOn) return plan.openedOn;
    if (plan.status === 'active') return plusDays(asOf, -r.int(20, termMonths * 30 - 10));
    if (plan.status === 'closed') return plusDays(plusMonths(asOf, -termMonths), -r.int(50, 700));
    return plusDays(asOf, -r.int(14 * 30, termMonths * 30 + 600));
  }

  createAccount(
    holder: Person,
    coHolder: Person | null,
    home: Home,
    plan: AccountPlan,
  ): { id: number; terms: AccountTerms } {
    const r = this.accounts;
    const vehicle = this.vehicles.draw(r);
    const termMonths = plan.type === 'lease' ? 48 : r.pick([48, 72, 72, 84]);
    const frequency = plan.frequency ?? (r.chance(0.12) ? 'semi-monthly' : 'monthly');
    const openedOn = this.openedOnFor(plan, termMonths);
    const dueDay =
      plan.dueDay ??
      (frequency === 'monthly' ? Math.min(28, Number(openedOn.slice(8, 10))) : r.int(1, 13));
    const openedYear = Number(openedOn.slice(0, 4));
    const used = plan.type === 'loan' && r.chance(0.2);
    const modelYear = used
      ? openedYear - r.int(1, 4)
      : openedYear + (Number(openedOn.slice(5, 7)) >= 8 && r.chance(0.6) ? 1 : 0);
    const msrp = r.int(vehicle.msrp[0], vehicle.msrp[1]) * 100;
    const perYear = periodsPerYear(frequency);
    const n = termMonths * (perYear / 12);
    let amountFinanced: number;
    let residual: number | null = null;
    let aprBps: number;
    let payment: number;
    if (plan.type === 'lease') {
      amountFinanced = Math.round((msrp * r.int(88, 96)) / 100);
      residual = Math.round((msrp * r.int(50, 60)) / 100);
      aprBps = r.int(20, 65) * 10;
      payment = leasePayment(amountFinanced, residual, aprBps, n, perYear);
    } else {
      const price = used ? Math.round(msrp * (1 - 0.12 * (openedYear - modelYear))) : msrp;
      amountFinanced = Math.round((price * r.int(75, 95)) / 100);
      aprBps = r.int(19, 99) * 10 - 1;
      payment = amortizedPayment(amountFinanced, aprBps, n, perYear);
    }
    const terms: AccountTerms = {
      type: plan.type,
      frequency,
      paymentCents: payment,
      dueDay,
      openedOn,
      termMonths,
      amountFinancedCents: amountFinanced,
      aprBps,
      residualCents: residual,
      status: plan.status,
      closedOn: null,
    };
    const schedule = scheduleDueDates(terms);
    let closedOn: IsoDate | null = null;
    let endKind: 'payoff' | 'maturity' | null = null;
    let paidInstallments = schedule.length;
    if (plan.status !== 'active') {
      const maturity = schedule.at(-1) ?? openedOn;
      if (plan.status === 'closed' || maturity < plusDays(this.ctx.asOf, -25)) {
        closedOn = plusDays(maturity, r.int(3, 20));
        endKind = 'maturity';
      } else {
        // Paid off early (a loan repaid, a lease bought out) after a due date, before the next.
        let last = 0;
        for (let i = 0; i < schedule.length; i++) {
          if (plusDays(schedule[i] as IsoDate, 13) < this.ctx.asOf) last = i;
        }
        const k = r.int(Math.min(11, last), last);
        closedOn = plusDays(schedule[k] ?? openedOn, r.int(3, 12));
        paidInstallments = k + 1;
        endKind = 'payoff';
      }
      if (closedOn >= this.ctx.asOf) closedOn = plusDays(this.ctx.asOf, -1);
      terms.closedOn = closedOn;
    }

    let bank: string | null = null;
    let routing: string | null = null;
    if (plan.easyPay) {
      bank = `${r.int(1, 9)}${r.digits(r.int(7, 11))}`;
      routing = r.pick(BANK_ROUTING_NUMBERS);
    }
    let ultimateDate: IsoDate | null = null;
    let ultimateCents: number | null = null;
    if (plan.ultimatePay && plan.status === 'active') {
      ultimateDate = plusDays(this.ctx.asOf, r.int(1, 20));
      ultimateCents = payment;
    }
    const created = this.at(openedOn);
    const id = this.ins.account(
      this.accountNumber(plan.type),
      plan.type,
      this.vin(r.pick(vehicle.vds), modelYear),
      modelYear,
      'MINI',
      vehicle.model,
      holder.id,
      coHolder?.id ?? null,
      termMonths,
      frequency,
      payment,
      dueDay,
      openedOn,
      amountFinanced,
      aprBps,
      residual,
      plan.status,
      closedOn,
      plan.easyPay && plan.status === 'active' ? 1 : 0,
      plan.status === 'active' ? bank : null,
      plan.status === 'active' && bank ? bank.slice(-4) : null,
      plan.status === 'active' ? routing : null,
      ultimateDate,
      ultimateCents,
      plan.type === 'lease' ? r.pick([10_000, 12_000, 12_000, 15_000]) : null,
      created,
      closedOn ? this.at(closedOn) : created,
    );
    this.accountIndex += 1;
    this.history(id, terms, schedule, plan, home, paidInstallments, endKind);
    return { id, terms };
  }

  // ---------------------------------------------------------------- ledger

  /**
   * Writes an account's posted history through today. Each instalment is paid according to the
   * profile; what would be posted after today is left out (it has not happened yet).
   */
  history(
    accountId: number,
    terms: AccountTerms,
    schedule: readonly IsoDate[],
    plan: AccountPlan,
    home: Home,
    paidInstallments: number,
    endKind: 'payoff' | 'maturity' | null,
  ): void {
    const r = this.ledger;
    const asOf = this.ctx.asOf;
    const payment = terms.paymentCents;
    const entries: Array<[IsoDate, string, number, string]> = [];
    const post = (date: IsoDate, kind: string, amount: number, code: string) => {
      if (date <= asOf) entries.push([date, kind, amount, code]);
    };
    const horizon = plusDays(asOf, 7);
    let lastDue = -1;
    for (let i = 0; i < schedule.length; i++) {
      if ((schedule[i] as IsoDate) <= horizon) lastDue = i;
    }
    const upTo = Math.min(lastDue, paidInstallments - 1);
    const unpaidFrom =
      plan.missed > 0 ? this.lastDueBefore(schedule, asOf) - plan.missed + 1 : Infinity;
    let nsfDone = plan.nsfNear === null;
    const nsfFee = returnedPaymentFee(this.ctx.settings.returnedPaymentFees, home.place.region);
    let skipNext = false;
    for (let i = 0; i <= upTo; i++) {
      const due = schedule[i] as IsoDate;
      if (skipNext) {
        skipNext = false;
        continue;
      }
      if (i >= unpaidFrom) {
        if (plusDays(due, LATE_GRACE_DAYS) <= asOf)
          post(plusDays(due, LATE_GRACE_DAYS), 'fee', lateFee(payment), 'late');
        continue;
      }
      let payOn: IsoDate;
      let channel: string;
      let amount = payment;
      switch (plan.profile) {
        case 'easypay':
          payOn = this.debitDate(due);
          channel = 'easypay';
          break;
        case 'punctual':
          payOn = plusDays(due, -r.int(0, 6));
          channel = r.pick(['online', 'online', 'online', 'phone', 'mail']);
          break;
        default: {
          const late = r.chance(plan.profile === 'delinquent' ? 0.35 : 0.2);
          payOn = late ? plusDays(due, r.int(3, 24)) : plusDays(due, -r.int(0, 4));
          channel = r.pick(['online', 'online', 'phone', 'mail', 'mail']);
          if (late && payOn > plusDays(due, LATE_GRACE_DAYS)) {
            const fee = lateFee(payment);
            post(plusDays(due, LATE_GRACE_DAYS), 'fee', fee, 'late');
            amount += fee;
          }
        }
      }
      post(payOn, 'payment', -amount, channel);
      const nsf = !nsfDone && plan.nsfNear !== null && payOn >= plusDays(plan.nsfNear, -20);
      if (
        nsf ||
        (plan.profile !== 'easypay' && r.chance(0.004)) ||
        (plan.profile === 'easypay' && r.chance(0.006))
      ) {
        nsfDone = nsfDone || nsf;
        const returnedOn = plusDays(payOn, r.int(3, 5));
        post(returnedOn, 'return', amount, 'nsf');
        post(returnedOn, 'fee', nsfFee, 'nsf');
        if (!nsf)
          post(
            plusDays(returnedOn, r.int(2, 8)),
            'payment',
            -(amount + nsfFee),
            r.pick(['online', 'phone']),
          );
        if (returnedOn <= asOf && returnedOn >= plusDays(asOf, -60)) {
          this.ins.accountFlag(
            accountId,
            'nsf',
            `Payment of ${(amount / 100).toFixed(2)} returned unpaid (NSF)`,
            this.at(returnedOn),
          );
        }
      }
      // Now and then a customer pays the next instalment with this one, then skips it.
      if (plan.profile !== 'easypay' && i < upTo && r.chance(0.01)) {
        post(plusDays(payOn, r.int(1, 9)), 'payment', -payment, 'online');
        skipNext = true;
      }
    }

    if (endKind === 'payoff' && terms.closedOn) {
      const last = schedule[paidInstallments - 1] ?? terms.openedOn;
      const principal = principalAfter(
        { ...terms, status: 'active', closedOn: null },
        paidInstallments,
      );
      const days = Math.round((Date.parse(terms.closedOn) - Date.parse(last)) / DAY_MS);
      const interest =
        terms.type === 'loan' ? Math.round((principal * terms.aprBps * days) / 10_000 / 365) : 0;
      const payoff = principal + interest;
      if (payoff > 0) {
        post(terms.closedOn, 'charge', payoff, 'payoff');
        post(terms.closedOn, 'payment', -payoff, r.pick(['wire', 'online', 'mail']));
      }
    } else if (endKind === 'maturity' && terms.closedOn) {
      if (terms.type === 'lease' && plan.status === 'paid_off' && terms.residualCents) {
        post(terms.closedOn, 'charge', terms.residualCents, 'purchase-option');
        post(terms.closedOn, 'payment', -terms.residualCents, r.pick(['wire', 'online']));
      } else if (terms.type === 'lease') {
        const fee = 39_500;
        post(terms.closedOn, 'charge', fee, 'disposition');
        const paidOn = plusDays(terms.closedOn, r.int(5, 25));
        if (r.chance(0.85)) post(paidOn, 'payment', -fee, 'online');
        if (r.chance(0.2)) {
          const miles = r.int(800, 6_000);
          const charge = miles * 25;
          post(plusDays(terms.closedOn, 2), 'charge', charge, 'excess-mileage');
          post(plusDays(paidOn, 3), 'payment', -charge, 'online');
        }
      }
    }

    entries.sort((a, b) =>
      a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : Math.sign(b[2]) - Math.sign(a[2]),
    );
    for (const [date, kind, amount, code] of entries) {
      this.ins.entry(accountId, date, kind, amount, code, this.at(date));
    }
  }

  lastDueBefore(schedule: readonly IsoDate[], date: IsoDate): number {
    let last = -1;
    for (let i = 0; i < schedule.length; i++) {
      if ((schedule[i] as IsoDate) < date) last = i;
    }
    return last;
  }

  // ---------------------------------------------------------------- households

  household(): void {
    const r = this.people;
    const accountsHeld = r.chance(0.65) ? 1 : r.chance(0.77) ? 2 : 3;
    const plans = Array.from({ length: accountsHeld }, () => this.planAccount());
    const firstOpened = plusDays(this.ctx.asOf, -r.int(60, 8 * 365));
    const home = this.home(firstOpened);
    const french =
      home.place.french === true ? r.chance(0.82) : home.place.country === 'CA' && r.chance(0.04);
    const business = r.chance(0.04);
    const female = r.chance(0.5);
    const firstName = this.firstName(french, female);
    const lastName = this.lastName(french);
    let businessName: string | null = null;
    if (business) {
      businessName = french
        ? `${r.pick(BUSINESS_TRADES_FR)} ${lastName} ${r.pick(['inc.', 'ltée', 'enr.'])}`
        : r.chance(0.5)
          ? this.faker.company.name()
          : `${lastName} ${r.pick(BUSINESS_TRADES_EN)} ${r.pick(BUSINESS_SUFFIXES_EN)}`;
    }
    const holder = this.insertCustomer({
      firstName,
      lastName,
      businessName,
      language: french ? 'fr' : 'en',
      dateOfBirth: business ? null : this.dateOfBirth(),
      home,
      since: firstOpened,
      female,
    });
    let partner: Person | null = null;
    if (!business && r.chance(0.15)) {
      partner = this.insertCustomer({
        firstName: this.firstName(french, !female),
        lastName: r.chance(0.7) ? lastName : this.lastName(french),
        language: french ? 'fr' : 'en',
        dateOfBirth: this.dateOfBirth(),
        home,
        since: firstOpened,
        female: !female,
      });
    }
    for (const [i, plan] of plans.entries()) {
      const coHolder = partner && i === 0 && r.chance(0.6) ? partner : null;
      this.createAccount(holder, coHolder, home, plan);
    }
    if (partner && r.chance(0.35)) this.createAccount(partner, null, home, this.planAccount());
    if (r.chance(0.002))
      this.ins.customerFlag(
        holder.id,
        'fraud-alert',
        'Identity-theft alert on file: verify with two factors',
        this.at(plusDays(this.ctx.asOf, -r.int(5, 400))),
      );
  }

  // ---------------------------------------------------------------- planted records

  /** The named customers every scenario starts with: the trainer's crib sheet. */
  plantCustomers(): void {
    const ctx = this.ctx;
    const asOf = ctx.asOf;
    const montreal = CA_PLACES.find((p) => p.city === 'Montréal') as Place;
    const quebec = CA_PLACES.find((p) => p.city === 'Québec') as Place;
    const chicago = US_PLACES.find((p) => p.city === 'Chicago') as Place;
    const seattle = US_PLACES.find((p) => p.city === 'Seattle') as Place;
    const fixedHome = (
      place: Place,
      line1: string,
      postalCode: string,
      line2: string | null = null,
    ): Home => ({ place, line1, line2, postalCode, previous: null });

    // 1. EasyPay cancellation drill: the debit is a few days out, the 3-business-day cut-off sooner.
    const dueSoon = plusDays(asOf, 5);
    const dueDay = Math.min(28, Number(dueSoon.slice(8, 10)));
    const helene = this.insertCustomer({
      firstName: 'Hélène',
      lastName: 'Tremblay',
      language: 'fr',
      dateOfBirth: '1979-04-12',
      home: fixedHome(montreal, '4521, rue Saint-Denis', 'H2J 2L3', 'app. 3'),
      since: plusDays(asOf, -700),
      female: true,
    });
    const lease = this.createAccount(
      helene,
      null,
      fixedHome(montreal, '4521, rue Saint-Denis', 'H2J 2L3'),
      {
        ...this.planAccount({
          type: 'lease',
          status: 'active',
          easyPay: true,
          profile: 'easypay',
          ultimatePay: false,
          frequency: 'monthly',
          missed: 0,
        }),
        dueDay,
        openedOn: plusDays(asOf, -640),
      },
    );
    ctx.plant({
      area: MODULE,
      title: 'Hélène Tremblay — EasyPay cancellation',
      detail:
        'Lease on EasyPay, next debit in a few days. Can she still stop it? Move the clock two business days and ask again.',
      customerId: helene.id,
      accountId: lease.id,
    });

    // 2. Co-holders, 30+ days past due with a late charge.
    const cote = this.insertCustomer({
      firstName: 'Marc-André',
      lastName: 'Côté',
      language: 'fr',
      dateOfBirth: '1984-09-30',
      home: fixedHome(quebec, '88, avenue Cartier', 'G1R 2S1'),
      since: plusDays(asOf, -900),
      female: false,
    });
    const genevieve = this.insertCustomer({
      firstName: 'Geneviève',
      lastName: 'Côté',
      language: 'fr',
      dateOfBirth: '1986-02-17',
      home: fixedHome(quebec, '88, avenue Cartier', 'G1R 2S1'),
      since: plusDays(asOf, -900),
      female: true,
    });
    const loan = this.createAccount(
      cote,
      genevieve,
      fixedHome(quebec, '88, avenue Cartier', 'G1R 2S1'),
      {
        ...this.planAccount({
          type: 'loan',
          status: 'active',
          easyPay: false,
          profile: 'delinquent',
          missed: 2,
          ultimatePay: false,
          frequency: 'monthly',
        }),
        openedOn: plusDays(asOf, -880),
      },
    );
    ctx.plant({
      area: MODULE,
      title: 'Marc-André and Geneviève Côté — past due',
      detail: 'Joint loan, two instalments unpaid with late charges. Either co-holder may call.',
      customerId: cote.id,
      accountId: loan.id,
    });

    // 3. A returned (NSF) payment two weeks ago.
    const darnell = this.insertCustomer({
      firstName: 'Darnell',
      lastName: 'Washington',
      language: 'en',
      dateOfBirth: '1990-07-04',
      home: fixedHome(chicago, '2245 North Halsted Street', '60614'),
      since: plusDays(asOf, -500),
      female: false,
    });
    const nsfLoan = this.createAccount(
      darnell,
      null,
      fixedHome(chicago, '2245 North Halsted Street', '60614'),
      {
        ...this.planAccount({
          type: 'loan',
          status: 'active',
          easyPay: false,
          profile: 'punctual',
          missed: 0,
          ultimatePay: false,
          frequency: 'monthly',
        }),
        nsfNear: plusDays(asOf, -14),
        openedOn: plusDays(asOf, -470),
      },
    );
    ctx.plant({
      area: MODULE,
      title: 'Darnell Washington — returned payment',
      detail: 'His last payment came back NSF with a returned-payment fee: the account is flagged.',
      customerId: darnell.id,
      accountId: nsfLoan.id,
    });

    // 4. A business customer.
    const boulangerie = this.insertCustomer({
      firstName: 'Sylvie',
      lastName: 'Gagnon',
      businessName: 'Boulangerie Gagnon inc.',
      language: 'fr',
      dateOfBirth: null,
      home: fixedHome(montreal, '1200, avenue du Mont-Royal Est', 'H2J 1Y3'),
      since: plusDays(asOf, -400),
      female: true,
    });
    const bizLease = this.createAccount(
      boulangerie,
      null,
      fixedHome(montreal, '1200, avenue du Mont-Royal Est', 'H2J 1Y3'),
      {
        ...this.planAccount({
          type: 'lease',
          status: 'active',
          easyPay: false,
          profile: 'punctual',
          missed: 0,
          ultimatePay: false,
          frequency: 'monthly',
        }),
        openedOn: plusDays(asOf, -380),
      },
    );
    ctx.plant({
      area: MODULE,
      title: 'Boulangerie Gagnon inc. — business account',
      detail: 'A business lease: identity is verified with the VIN, not a date of birth.',
      customerId: boulangerie.id,
      accountId: bizLease.id,
    });

    // 5. Semi-monthly payer with an UltimatePay scheduled.
    const emily = this.insertCustomer({
      firstName: 'Emily',
      lastName: 'Nguyen',
      language: 'en',
      dateOfBirth: '1993-11-02',
      home: fixedHome(seattle, '1520 Eastlake Avenue East', '98102', 'Apt 12B'),
      since: plusDays(asOf, -300),
      female: true,
    });
    const semi = this.createAccount(
      emily,
      null,
      fixedHome(seattle, '1520 Eastlake Avenue East', '98102'),
      {
        ...this.planAccount({
          type: 'loan',
          status: 'active',
          easyPay: false,
          profile: 'punctual',
          missed: 0,
          ultimatePay: true,
          frequency: 'semi-monthly',
        }),
        openedOn: plusDays(asOf, -280),
      },
    );
    ctx.plant({
      area: MODULE,
      title: 'Emily Nguyen — semi-monthly with UltimatePay',
      detail: 'Pays twice a month and has a one-time UltimatePay scheduled.',
      customerId: emily.id,
      accountId: semi.id,
    });
  }
}

async function generate(ctx: SeedContext): Promise<void> {
  const g = new CustomersGenerator(ctx);
  g.plantCustomers();
  const target = ctx.scale.customers;
  let reported = 0;
  while (g.customersMade < target) {
    g.household();
    if (g.customersMade - reported >= 500) {
      reported = g.customersMade;
      await ctx.progress(reported * ROWS_PER_CUSTOMER);
    }
  }
  await ctx.progress(target * ROWS_PER_CUSTOMER);
}

export const customersModule: SeedModule = {
  name: MODULE,
  tables: [
    'customers',
    'customer_phones',
    'customer_addresses',
    'accounts',
    'ledger_entries',
    'customer_flags',
    'account_flags',
    // Replayable results of keyed requests point at the records a reset wipes: cleared with them.
    'idempotency_keys',
  ],
  estimate: (scale) => scale.customers * ROWS_PER_CUSTOMER,
  generate,
  finish(ctx) {
    ctx.sqlite.exec("INSERT INTO customer_search(customer_search) VALUES ('rebuild')");
  },
  scenarios: [STANDARD, CLASSROOM],
};
