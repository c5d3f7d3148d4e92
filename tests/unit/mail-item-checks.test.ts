import { describe, expect, it } from 'vitest';
import {
  batchBalance,
  checkMailItem,
  normalizePayee,
  payeeMatches,
  type MailItemFacts,
} from '../../server/domain/mail-item-checks.ts';
import {
  allocateMailPayment,
  approvalBlocker,
  postingBlockers,
} from '../../server/domain/mail-posting.ts';
import { englishOf } from '../../server/domain/shared/server-messages.ts';

const LEASE = 'MINI Financial Services';
const LOAN = 'BMW Bank of North America';

describe('payee matching: case, punctuation and check abbreviations', () => {
  it.each([
    ['MINI Financial Services', LEASE, true],
    ['mini financial services', LEASE, true],
    ['MINI FIN SVCS', LEASE, true],
    ['Mini Fin. Svcs.', LEASE, true],
    ['MINI Financial Services, LLC', LEASE, true],
    ['MINI F.S.', LEASE, true],
    ['MINI FINL SERVICES', LEASE, true],
    ['BMW Bank of North America', LOAN, true],
    ['BMW BK OF N.A.', LOAN, true],
    ['B.M.W. Bank N. America', LOAN, true],
    ['BMW Bank of NA', LOAN, true],
    ['BMW Bank', LOAN, false],
    ['BMW Financial Services', LOAN, false],
    ['MINI', LEASE, false],
    ['BMW Bank of North America', LEASE, false],
    ['', LEASE, false],
    ['Cash', LEASE, false],
  ])('%j vs %s → %s', (written, expected, match) => {
    expect(payeeMatches(written, expected)).toBe(match);
  });

  it('normalises to upper-case words with abbreviations expanded', () => {
    expect(normalizePayee('Mini Fin. Svcs.')).toBe('MINI FINANCIAL SERVICES');
    expect(normalizePayee('BMW Bank of N.A.')).toBe('BMW BANK NORTH AMERICA');
  });
});

const base: MailItemFacts = {
  accountNumber: '1000000001',
  amountCents: 45_000,
  instrumentNumber: '1001',
  instrumentType: 'personal_check',
  payee: LEASE,
  routingNumber: '021000021',
  paidInFull: false,
  lockbox: {
    id: 'lease-phoenix',
    accountType: 'lease',
    payee: LEASE,
    poBox: 'P.O. BOX 78103',
    city: 'Phoenix',
    region: 'AZ',
    postalCode: '85062-8103',
    serves: 'west',
  },
  payees: { lease: LEASE, loan: LOAN },
  account: { type: 'lease', status: 'active' },
  duplicatesInBatch: [],
  recentDuplicates: [],
  sanityLimitCents: 2_500_000,
  duplicateWindowDays: 45,
};

describe('checkMailItem', () => {
  it.each<[string, Partial<MailItemFacts>, string[]]>([
    ['clean', {}, []],
    ['short number', { accountNumber: '123' }, ['account-number']],
    ['unknown account', { account: null }, ['account-exists']],
    ['paid off', { account: { type: 'lease', status: 'paid_off' } }, ['account-open']],
    ['loan payee on a lease', { payee: LOAN }, ['payee']],
    [
      'loan account at a lease box',
      { account: { type: 'loan', status: 'active' }, payee: LOAN },
      ['lockbox'],
    ],
    ['bad routing', { routingNumber: '123456789' }, ['routing-number']],
    // Issue 21: only a number that can be printed on a paper check passes.
    ['all-zero routing (passes the checksum)', { routingNumber: '000000000' }, ['routing-number']],
    ['electronic-only routing (61–72)', { routingNumber: '621000010' }, ['routing-number']],
    ['unassigned prefix', { routingNumber: '500000005' }, ['routing-number']],
    ['U.S. Treasury check', { routingNumber: '000000518' }, []],
    ['thrift (21–32)', { routingNumber: '256074974' }, []],
    ['traveler’s cheque (80)', { routingNumber: '800000006' }, []],
    ['money order without routing', { instrumentType: 'money_order', routingNumber: '' }, []],
    ['zero', { amountCents: 0 }, ['amount-positive']],
    ['over the limit', { amountCents: 2_500_001 }, ['amount-limit']],
    ['in-batch duplicate', { duplicatesInBatch: [3] }, ['duplicate-in-batch']],
    [
      'recent duplicate',
      { recentDuplicates: [{ batchId: 4, receiptDate: '2026-11-02' }] },
      ['duplicate-recent'],
    ],
    ['paid in full', { paidInFull: true }, ['paid-in-full']],
  ])('%s', (_name, over, rules) => {
    expect(checkMailItem({ ...base, ...over }).map((f) => f.rule)).toEqual(rules);
  });

  it('names the other payee when a check is made out to the wrong entity', () => {
    const [f] = checkMailItem({ ...base, payee: 'bmw bank of n.a.' });
    expect(englishOf(f?.message ?? '')).toMatch(
      /Payable to BMW Bank of North America, but the account is a lease/,
    );
    expect(f?.overridable).toBe(true);
  });
});

describe('balance, blockers and allocation', () => {
  it('balances only when count and total both match', () => {
    expect(batchBalance([{ amountCents: 100 }, { amountCents: 200 }], 2, 300).balanced).toBe(true);
    expect(batchBalance([{ amountCents: 100 }], 2, 300)).toMatchObject({
      balanced: false,
      countDifference: 1,
      totalDifferenceCents: 200,
    });
  });

  it('blocks posting until balanced, resolved and (with overrides) approved', () => {
    const balance = batchBalance([{ amountCents: 100 }], 1, 100);
    const items = [{ seq: 1, status: 'override', overrideBy: 2 }];
    expect(
      postingBlockers({ status: 'open', balance, openedBy: 1, approvedBy: null, items }),
    ).toHaveLength(1);
    expect(
      postingBlockers({ status: 'approved', balance, openedBy: 1, approvedBy: 3, items }),
    ).toEqual([]);
    expect(englishOf(approvalBlocker(1, { status: 'open', openedBy: 1, items }) ?? '')).toMatch(
      /opened/,
    );
    expect(englishOf(approvalBlocker(2, { status: 'open', openedBy: 1, items }) ?? '')).toMatch(
      /override/,
    );
    expect(approvalBlocker(3, { status: 'open', openedBy: 1, items })).toBeNull();
  });

  it('applies fees, past due, current, then principal; the rest is an overpayment', () => {
    const order = ['fees', 'pastDue', 'current', 'principal'] as const;
    const a = allocateMailPayment(
      100_000,
      { feesDueCents: 2_500, pastDueCents: 45_000, currentDueCents: 45_000, payoffCents: 95_000 },
      order,
    );
    expect(a.buckets.map((b) => b.applied)).toEqual([2_500, 45_000, 45_000, 2_500]);
    expect(a.remainder).toBe(5_000);
  });
});
