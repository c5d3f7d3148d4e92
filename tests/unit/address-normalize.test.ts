import { describe, expect, it } from 'vitest';
import { addressEffects } from '../../server/domain/address-effects.ts';
import { addressKey, normalizeAddress } from '../../server/domain/address-normalize.ts';
import {
  changesSuspectedByRequest,
  redFlagsForChange,
} from '../../server/domain/address-red-flags.ts';
import { answersMatch, evaluateVerification } from '../../server/domain/identity-verification.ts';
import type { Settings } from '../../server/domain/lender-config.ts';
import demo from '../../resources/config/demo-lender.json' with { type: 'json' };
import { englishOf } from '../../server/domain/shared/server-messages.ts';

const us = (
  line1: string,
  city = 'Boston',
  region = 'MA',
  postalCode = '02116',
  line2: string | null = null,
) => normalizeAddress({ country: 'US', line1, line2, city, region, postalCode });
const ca = (line1: string, city: string, region: string, postalCode: string) =>
  normalizeAddress({ country: 'CA', line1, city, region, postalCode });

describe('US normalisation (USPS Pub 28)', () => {
  it.each([
    ['200 boylston street', '200 BOYLSTON ST'],
    ['500 Fifth Avenue, Suite 200', '500 FIFTH AVE STE 200'],
    ['77 Ocean Blvd. #12', '77 OCEAN BLVD # 12'],
    ['12 north main street apartment 4b', '12 N MAIN ST APT 4B'],
    ['100 Park Avenue South', '100 PARK AVE S'],
    ['1 North St', '1 NORTH ST'],
    ['9 Sunset Boulevard', '9 SUNSET BLVD'],
    ['45 Elm Drive', '45 ELM DR'],
    ['3 Oak Lane', '3 OAK LN'],
    ['8 Harbor Parkway', '8 HARBOR PKWY'],
    ['21 Old Mill Road', '21 OLD MILL RD'],
    ['6 Maple Court Unit 3', '6 MAPLE CT UNIT 3'],
    ['14 Southwest Crescent', '14 SOUTHWEST CRES'],
    ['14 Southwest Cedar Circle', '14 SW CEDAR CIR'],
    ['P.O. Box 123', 'PO BOX 123'],
  ])('%s → %s', (input, expected) => {
    const r = us(input);
    expect(r.ok && r.address.line1).toBe(expected);
  });

  it('upper-cases the city, turns state names into codes and formats ZIP+4', () => {
    expect(
      normalizeAddress({
        country: 'US',
        line1: '1 Main St',
        city: 'new york',
        region: 'New York',
        postalCode: '100011234',
      }),
    ).toMatchObject({
      ok: true,
      address: { city: 'NEW YORK', region: 'NY', postalCode: '10001-1234' },
    });
  });

  it.each([
    [{ line1: 'Main Street' }, 'line1'],
    [{ line1: '' }, 'line1'],
    [{ region: 'ZZ' }, 'region'],
    [{ postalCode: '1234' }, 'postalCode'],
    [{ city: '' }, 'city'],
    [{ city: 'B0ston' }, 'city'],
  ])('rejects %o with a field error on %s', (patch, field) => {
    const r = normalizeAddress({
      country: 'US',
      line1: '1 Main St',
      city: 'Boston',
      region: 'MA',
      postalCode: '02116',
      ...patch,
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && Object.keys(r.fields)).toContain(field);
  });
});

describe('Canada normalisation (Canada Post)', () => {
  it.each([
    [
      '1200 boul. René-Lévesque ouest',
      'Montréal',
      'qc',
      'h3b4w8',
      '1200 BOUL RENÉ-LÉVESQUE O',
      'MONTRÉAL',
      'H3B 4W8',
    ],
    [
      '1200 boulevard Rene-Levesque Ouest',
      'Montreal',
      'QC',
      'H3B 4W8',
      '1200 BOUL RENE-LEVESQUE O',
      'MONTREAL',
      'H3B 4W8',
    ],
    [
      '45 rue Sainte-Catherine Est',
      'Montréal',
      'Québec',
      'H2X 1K4',
      '45 RUE SAINTE-CATHERINE E',
      'MONTRÉAL',
      'H2X 1K4',
    ],
    ['88 montee du Moulin', 'Laval', 'QC', 'H7A 1A1', '88 MONTÉE DU MOULIN', 'LAVAL', 'H7A 1A1'],
    ['3 chemin du Lac', 'Magog', 'QC', 'J1X 1A1', '3 CH DU LAC', 'MAGOG', 'J1X 1A1'],
    ['5 avenue du Parc', 'Québec', 'QC', 'G1R 1A1', '5 AV DU PARC', 'QUÉBEC', 'G1R 1A1'],
    ['12 route 117', 'Mont-Tremblant', 'QC', 'J8E 1A1', '12 RTE 117', 'MONT-TREMBLANT', 'J8E 1A1'],
    [
      '400 rang Saint-Joseph',
      'Saint-Hyacinthe',
      'QC',
      'J2S 1A1',
      '400 RANG SAINT-JOSEPH',
      'SAINT-HYACINTHE',
      'J2S 1A1',
    ],
    ['10 Queen Street West', 'Toronto', 'Ontario', 'm5h2n2', '10 QUEEN ST W', 'TORONTO', 'M5H 2N2'],
    ['7 Maple Court', 'Ottawa', 'ON', 'K1A 0B1', '7 MAPLE CRT', 'OTTAWA', 'K1A 0B1'],
  ])('%s, %s %s %s', (line1, city, region, postal, eLine1, eCity, ePostal) => {
    const r = ca(line1, city, region, postal);
    expect(r).toMatchObject({
      ok: true,
      address: { line1: eLine1, city: eCity, postalCode: ePostal },
    });
  });

  it('rejects a postal code from another province, on the postal code field', () => {
    const r = ca('10 Queen St W', 'Toronto', 'QC', 'M5H 2N2');
    expect(r.ok).toBe(false);
    expect(!r.ok && Object.keys(r.fields)).toEqual(['postalCode']);
    expect(!r.ok && englishOf(r.fields.postalCode!)).toBe(
      'Postal codes starting with M are in Ontario, not Quebec',
    );
    expect(ca('10 Queen St W', 'Toronto', 'XX', 'M5H 2N2')).toMatchObject({
      ok: false,
      fields: { region: { key: 'validators.postal.notCaProvince', params: { region: 'XX' } } },
    });
  });

  it('compares addresses ignoring accents, unit designators and ZIP+4', () => {
    const a = ca('1200 boul. René-Lévesque O', 'Montréal', 'QC', 'H3B 4W8');
    const b = ca('1200 BOULEVARD RENE-LEVESQUE OUEST', 'Montreal', 'QC', 'h3b4w8');
    expect(a.ok && b.ok && addressKey(a.address) === addressKey(b.address)).toBe(true);
    const c = us('12 Main St Apt 4', 'Boston', 'MA', '02116-1234');
    const d = us('12 Main Street', 'Boston', 'MA', '02116', '#4');
    expect(c.ok && d.ok && addressKey(c.address) === addressKey(d.address)).toBe(true);
  });
});

describe('red flags', () => {
  const policy = { redFlagWindowDays: 30, payoffAfterChangeDays: 30 };
  const base = {
    today: '2026-11-20',
    priorChanges: [],
    requests: [],
    failedAttemptsBeforePass: 0,
    sharedWith: [],
  };
  it.each([
    ['none', base, []],
    [
      'second change 18 days later',
      { ...base, priorChanges: [{ id: 3, requestedOn: '2026-11-02' }] },
      ['second-change'],
    ],
    [
      'a change 30 days ago is outside the window',
      { ...base, priorChanges: [{ id: 3, requestedOn: '2026-10-21' }] },
      [],
    ],
    [
      'a payoff request a week ago',
      { ...base, requests: [{ id: 1, kind: 'payoff' as const, requestedOn: '2026-11-13' }] },
      ['payoff-or-title-request'],
    ],
    ['failed then passed', { ...base, failedAttemptsBeforePass: 2 }, ['failed-then-passed']],
    [
      'shared address',
      { ...base, sharedWith: [{ customerId: 9, displayName: 'Other' }] },
      ['shared-address'],
    ],
  ])('%s', (_name, input, kinds) => {
    expect(redFlagsForChange(input, policy).map((f) => f.kind)).toEqual(kinds);
  });

  it('a payoff request two days after a change suspects that change', () => {
    expect(
      changesSuspectedByRequest(
        '2026-11-22',
        [
          { id: 9, requestedOn: '2026-11-20' },
          { id: 2, requestedOn: '2026-09-01' },
        ],
        policy,
      ),
    ).toEqual([9]);
  });
});

describe('identity verification', () => {
  const file = {
    kind: 'personal' as const,
    dateOfBirth: '1980-04-12',
    ssnLast4: '4321',
    postalCode: '02116-1234',
    vins: ['1M8GDM9AXKP042788'],
  };
  it.each([
    [
      'dob_ssn_zip' as const,
      { dateOfBirth: '1980-04-12', ssnLast4: '4321', postalCode: '02116' },
      true,
    ],
    [
      'dob_ssn_zip' as const,
      { dateOfBirth: '1980-04-12', ssnLast4: '4322', postalCode: '02116' },
      false,
    ],
    [
      'dob_ssn_zip' as const,
      { dateOfBirth: '1980-04-13', ssnLast4: '4321', postalCode: '02116' },
      false,
    ],
    ['dob_vin' as const, { dateOfBirth: '1980-04-12', vin: '1m8gdm9axkp042788' }, true],
    ['dob_vin' as const, { dateOfBirth: '1980-04-12', vin: '1M8GDM9AXKP04278' }, false],
    ['vin' as const, { vin: '1M8GDM9AXKP042788' }, false],
  ])('%s %o → %s', (method, answers, ok) => {
    expect(answersMatch(method, answers, file)).toBe(ok);
  });

  it('locks on the third failure for the configured time', () => {
    const now = new Date('2026-11-20T15:00:00Z');
    const policy = { maxFailedVerifications: 3, lockMinutes: 60 };
    let state = { failedAttempts: 0, lockedUntil: null as string | null };
    const kinds = [];
    for (let i = 0; i < 3; i++) {
      const r = evaluateVerification(state, false, now, policy);
      kinds.push(r.kind);
      state = r.next;
    }
    expect(kinds).toEqual(['failed', 'failed', 'now-locked']);
    expect(evaluateVerification(state, true, new Date('2026-11-20T15:59:00Z'), policy).kind).toBe(
      'locked',
    );
    expect(evaluateVerification(state, true, new Date('2026-11-20T16:01:00Z'), policy).kind).toBe(
      'passed',
    );
  });
});

describe('effects', () => {
  const settings = demo as unknown as Settings;
  const accounts = [
    { id: 1, accountNumber: '1000000001', type: 'lease' as const, status: 'active' },
    { id: 2, accountNumber: '1000000002', type: 'loan' as const, status: 'active' },
  ];
  it('NY → CA: fee, lease notice and the western lease lockbox', () => {
    const e = addressEffects(
      { region: 'NY', country: 'US' },
      { region: 'CA', country: 'US' },
      accounts,
      settings,
    );
    expect(e.fee).toEqual({ beforeCents: 2000, afterCents: 2500, changed: true });
    expect(e.massachusettsRule.change).toBe('none');
    expect(e.leaseNotices.map((n) => n.accountNumber)).toEqual(['1000000001']);
    expect(e.lockboxes.map((l) => [l.accountNumber, l.before?.id, l.after.id, l.changed])).toEqual([
      ['1000000001', 'lease-louisville', 'lease-phoenix', true],
      ['1000000002', 'loan-phoenix', 'loan-phoenix', false],
    ]);
  });
  it('MA → NH stops the Massachusetts rule; same state means no lease notice', () => {
    expect(
      addressEffects(
        { region: 'MA', country: 'US' },
        { region: 'NH', country: 'US' },
        accounts,
        settings,
      ).massachusettsRule.change,
    ).toBe('stops');
    expect(
      addressEffects(
        { region: 'MA', country: 'US' },
        { region: 'MA', country: 'US' },
        accounts,
        settings,
      ).leaseNotices,
    ).toEqual([]);
  });
});

describe('maker-checker on address changes', () => {
  it('refuses the maker, lets any other supervisor decide', async () => {
    const { checkerRefusal } = await import('../../server/domain/address-red-flags.ts');
    expect(englishOf(checkerRefusal(7, 7, 'approve') ?? '')).toMatch(
      /another supervisor must approve/,
    );
    expect(englishOf(checkerRefusal(7, 7, 'reject') ?? '')).toMatch(
      /another supervisor must decide/,
    );
    expect(checkerRefusal(7, 8, 'approve')).toBeNull();
    // A change taken by the seed or the portal has no maker on file: any supervisor decides.
    expect(checkerRefusal(null, 8, 'reject')).toBeNull();
  });
});
