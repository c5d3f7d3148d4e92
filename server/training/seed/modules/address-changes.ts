import {
  addressKey,
  mailingLines,
  normalizeAddress,
  type NormalizedAddress,
} from '../../../domain/address-normalize.ts';
import type { RedFlag } from '../../../domain/address-red-flags.ts';
import { addCalendarDays, type IsoDate } from '../../../domain/dates.ts';
import { CA_PLACES, QC_STREETS, US_PLACES, type Place } from '../data/places.ts';
import type { Prng } from '../prng.ts';
import type { Scenario, SeedContext, SeedModule } from '../types.ts';

/**
 * Address-change demo data: customers who moved in the last months, each with the passed
 * identity verification, the change (applied, a few future-dated, a few still waiting for a
 * supervisor with their red flags), the new effective-dated address row (the old row gets its
 * effective_to, nothing else is touched) and both confirmation letters recorded as sent (no
 * stored PDF: the letter row is the record). About 20,000 changes at the large scale.
 *
 * Scenario "suspicious-address-change": a change two days before the class starts, then a
 * payoff request on the first morning: the change is back in the supervisor's queue for review.
 */
const MODULE = 'address-changes';

const COUNT: Record<string, number> = { demo: 40, class: 600, large: 20_000 };
const LDU_LETTERS = 'ABCEGHJKLMNPRSTVWXYZ';
const US_STREETS = [
  'Maple Avenue',
  'Oak Street',
  'Cedar Lane',
  'Park Boulevard',
  'Hillside Drive',
  'Lakeview Road',
  'Elm Court',
  'North Pine Street',
  'Sunset Terrace',
  'Harbor Parkway',
  'Washington Place',
  'Mill Creek Road',
];
const EN_CA_STREETS = [
  'King Street West',
  'Queen Street East',
  'Maple Crescent',
  'Lakeshore Road',
  'Bay Street',
  'Yonge Street',
  'Birch Court',
];
const REASONS = [
  'Moved',
  'New job',
  'Bought a house',
  'Lease ended',
  'Moving in with family',
  'Mail goes to a P.O. box now',
];

export const SUSPICIOUS_ADDRESS_CHANGE: Scenario = {
  id: 'suspicious-address-change',
  title: { en: 'Suspicious address change', fr: 'Changement d’adresse suspect' },
  description: {
    en: 'A customer’s address was changed two days ago; this morning the same “customer” asks for a payoff quote. The change is back in the supervisor’s queue: find it, read why, and decide.',
    fr: 'L’adresse d’un client a été changée il y a deux jours; ce matin, le même « client » demande un montant de remboursement. Le changement est de retour dans la file du superviseur : trouvez-le, lisez pourquoi et décidez.',
  },
  seed: 11,
  scale: 'demo',
  startDate: '2026-11-23',
  startMinutes: 9 * 60,
};

interface Mover {
  customerId: number;
  addressId: number;
  line1: string;
  line2: string | null;
  city: string;
  region: string;
  postalCode: string;
  country: 'US' | 'CA';
  effectiveFrom: IsoDate;
  language: 'en' | 'fr';
  displayName: string;
}

function newAddress(rng: Prng, from: Mover): NormalizedAddress | null {
  const sameCountry = rng.chance(0.9);
  const country = sameCountry ? from.country : from.country === 'US' ? 'CA' : 'US';
  const places: readonly Place[] = country === 'US' ? US_PLACES : CA_PLACES;
  const place = rng.pick(places);
  const number = rng.int(10, 9999);
  const street = place.french
    ? rng.pick(QC_STREETS)
    : country === 'CA'
      ? rng.pick(EN_CA_STREETS)
      : rng.pick(US_STREETS);
  const line2 = rng.chance(0.2)
    ? place.french
      ? `app. ${rng.int(1, 24)}`
      : `Apartment ${rng.int(1, 40)}`
    : null;
  const prefix = rng.pick(place.postal);
  const postalCode =
    country === 'US'
      ? prefix
      : `${prefix} ${rng.int(0, 9)}${LDU_LETTERS.charAt(rng.int(0, LDU_LETTERS.length - 1))}${rng.int(0, 9)}`;
  const r = normalizeAddress({
    country,
    line1: `${number} ${street}`,
    line2,
    city: place.city,
    region: place.region,
    postalCode,
  });
  return r.ok ? r.address : null;
}

async function generate(ctx: SeedContext): Promise<void> {
  const rng = ctx.rng('changes');
  const { sqlite } = ctx;
  const target = COUNT[ctx.scale.name] ?? 40;
  const total = (
    sqlite
      .prepare('select count(*) as n from customer_addresses where effective_to is null')
      .get() as { n: number }
  ).n;
  if (total === 0) return;
  const fraction = Math.min(1, (target * 1.05) / total);
  const rows = sqlite
    .prepare(
      `select a.id as addressId, a.customer_id as customerId, a.line1, a.line2, a.city, a.region, a.postal_code as postalCode,
              a.country, a.effective_from as effectiveFrom, c.language, coalesce(c.business_name, c.first_name || ' ' || c.last_name) as displayName,
              c.kind
       from customer_addresses a join customers c on c.id = a.customer_id
       where a.effective_to is null order by a.customer_id`,
    )
    .iterate() as Iterable<Mover & { kind: 'personal' | 'business' }>;
  const movers: Array<Mover & { kind: 'personal' | 'business' }> = [];
  for (const row of rows) {
    if (movers.length < target && rng.chance(fraction)) movers.push(row);
  }

  // One pass over accounts (the runner dropped the secondary indexes while loading).
  const byCustomer = new Map<number, number[]>();
  for (const a of sqlite
    .prepare(
      "select id, holder_customer_id as h, co_holder_customer_id as c from accounts where status = 'active' order by id",
    )
    .iterate() as Iterable<{ id: number; h: number; c: number | null }>) {
    for (const who of a.c !== null && a.c !== a.h ? [a.h, a.c] : [a.h]) {
      const list = byCustomer.get(who);
      if (list) list.push(a.id);
      else byCustomer.set(who, [a.id]);
    }
  }
  const ins = {
    verification: ctx.insert('identity_verifications', [
      'customer_id',
      'method',
      'result',
      'channel',
      'failed_before',
      'attempted_at',
      'attempted_by',
    ]),
    change: ctx.insert('address_changes', [
      'customer_id',
      'channel',
      'requester_customer_id',
      'requester_role',
      'verification_id',
      'old_address_id',
      'line1',
      'line2',
      'city',
      'region',
      'postal_code',
      'country',
      'address_key',
      'effective_from',
      'reason',
      'status',
      'red_flags',
      'new_address_id',
      'from_thread_id',
      'requested_on',
      'created_at',
      'created_by',
    ]),
    changeAccount: ctx.insert('address_change_accounts', ['change_id', 'account_id']),
    letter: ctx.insert('address_change_letters', [
      'change_id',
      'recipient',
      'language',
      'mailing_address',
      'pdf',
      'sent_at',
      'sent_by',
    ]),
    address: ctx.insert('customer_addresses', [
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
    request: ctx.insert('customer_requests', [
      'customer_id',
      'account_id',
      'kind',
      'channel',
      'note',
      'requested_on',
      'created_at',
      'created_by',
    ]),
    flag: ctx.insert('customer_flags', ['customer_id', 'kind', 'note', 'raised_at']),
  };
  const closeOld = sqlite.prepare('update customer_addresses set effective_to = ? where id = ?');

  const suspicious = ctx.scenario.id === SUSPICIOUS_ADDRESS_CHANGE.id;
  for (const [i, m] of movers.entries()) {
    const accounts = byCustomer.get(m.customerId) ?? [];
    const to = newAddress(rng, m);
    if (!to || accounts.length === 0) continue;
    const planted = suspicious && i === 0;
    // Requested in the last 120 days (after the current address began), never after "today".
    const back = planted ? 2 : rng.int(1, 120);
    const requestedOn = addCalendarDays(ctx.asOf, -back);
    if (requestedOn <= m.effectiveFrom) continue;
    const future = !planted && rng.chance(0.05);
    const effectiveFrom = future ? addCalendarDays(ctx.asOf, rng.int(1, 20)) : requestedOn;
    const pending = !planted && rng.chance(0.03);
    const at = ctx.instant(requestedOn, rng.int(9 * 60, 19 * 60));
    const channel = rng.pick(['phone', 'phone', 'phone', 'message', 'mail'] as const);
    const verificationId = ins.verification(
      m.customerId,
      m.kind === 'business' ? 'vin' : rng.chance(0.6) ? 'dob_ssn_zip' : 'dob_vin',
      'passed',
      channel,
      pending ? 2 : 0,
      at,
      null,
    );
    const flags: RedFlag[] = pending
      ? [
          {
            kind: 'failed-then-passed',
            detail: 'Identity verification failed 2 time(s) before it passed',
            facts: { failures: 2 },
          },
        ]
      : [];
    let newAddressId: number | null = null;
    if (!pending) {
      closeOld.run(effectiveFrom, m.addressId);
      newAddressId = ins.address(
        m.customerId,
        to.line1,
        to.line2,
        to.city,
        to.region,
        to.postalCode,
        to.country,
        effectiveFrom,
        null,
        'address-change',
        at,
      );
    }
    const changeId = ins.change(
      m.customerId,
      channel,
      m.customerId,
      'holder',
      verificationId,
      m.addressId,
      to.line1,
      to.line2,
      to.city,
      to.region,
      to.postalCode,
      to.country,
      addressKey(to),
      effectiveFrom,
      rng.pick(REASONS),
      pending ? 'pending_approval' : 'applied',
      JSON.stringify(flags),
      newAddressId,
      null,
      requestedOn,
      at,
      null,
    );
    for (const accountId of accounts) ins.changeAccount(changeId, accountId);
    if (!pending) {
      const old = mailingLines(m.displayName, { ...m });
      ins.letter(changeId, 'old', m.language, old.join('\n'), null, at, null);
      ins.letter(
        changeId,
        'new',
        m.language,
        mailingLines(m.displayName, to).join('\n'),
        null,
        at,
        null,
      );
    }
    if (planted) {
      const requestAt = ctx.instant(ctx.asOf, 8 * 60 + 40);
      ins.request(
        m.customerId,
        accounts[0] ?? null,
        'payoff',
        'phone',
        'Caller wants the payoff quote and title sent to the new address',
        ctx.asOf,
        requestAt,
        null,
      );
      sqlite.prepare('update address_changes set status = ?, red_flags = ? where id = ?').run(
        'in_review',
        JSON.stringify([
          {
            kind: 'payoff-or-title-request',
            detail: `A payoff request on ${ctx.asOf}, 2 day(s) after this change`,
            facts: {
              requestKind: 'payoff',
              on: ctx.asOf,
              windowDays: ctx.settings.addressChanges.payoffAfterChangeDays,
            },
          },
        ]),
        changeId,
      );
      ins.flag(
        m.customerId,
        'address-change-review',
        `payoff request shortly after an address change: hold documents until a supervisor reviews change #${changeId}`,
        requestAt,
      );
      ctx.plant({
        area: MODULE,
        title: 'Address change, then a payoff request two days later',
        detail: `${m.displayName}: moved to ${to.line1}, ${to.city} ${to.region} on ${requestedOn}; payoff quote asked for on ${ctx.asOf}. Change #${changeId} waits for supervisor review.`,
        customerId: m.customerId,
        ...(accounts[0] ? { accountId: accounts[0] } : {}),
        entity: { type: 'address_change', id: changeId },
      });
    }
    if (i % 250 === 0) await ctx.progress(i);
  }
}

export const addressChangesModule: SeedModule = {
  name: MODULE,
  tables: [
    'identity_verifications',
    'identity_verification_locks',
    'address_changes',
    'address_change_accounts',
    'address_change_letters',
    'customer_requests',
  ],
  estimate: (scale) => COUNT[scale.name] ?? 40,
  generate,
  scenarios: [SUSPICIOUS_ADDRESS_CHANGE],
};
