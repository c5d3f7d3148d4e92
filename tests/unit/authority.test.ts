import { describe, expect, it } from 'vitest';
import { englishOf } from '../../server/domain/shared/server-messages.ts';
import {
  approvalBlocker,
  decideAuthority,
  ruleErrors,
  type AuthorityRule,
} from '../../server/domain/authority.ts';

const agent: AuthorityRule = {
  role: 'agent',
  action: 'correction',
  perItemCents: 500_000,
  perCaseCents: 1_000_000,
  perDayCents: 2_000_000,
  secondPerson: false,
};

describe('decideAuthority', () => {
  const codes = (
    rule: AuthorityRule | null,
    amount: number,
    caseCents = 0,
    dayCents = 0,
    largest?: number,
  ) => {
    const d = decideAuthority(
      rule,
      { amountCents: amount, ...(largest !== undefined ? { largestItemCents: largest } : {}) },
      { caseCents, dayCents },
    );
    return d.allowed ? [] : d.reasons.map((r) => r.code);
  };

  it.each([
    ['within every limit', agent, 500_000, 0, 0, undefined, []],
    ['one cent over per item', agent, 500_001, 0, 0, undefined, ['per-item']],
    ['the case already near its limit', agent, 100_000, 950_000, 0, undefined, ['per-case']],
    ['exactly the case limit', agent, 100_000, 900_000, 0, undefined, []],
    ['the day already near its limit', agent, 100_000, 0, 1_950_000, undefined, ['per-day']],
    [
      'the $100M correction',
      agent,
      10_000_000_000,
      0,
      0,
      undefined,
      ['per-item', 'per-case', 'per-day'],
    ],
    [
      'a batch: total within, one item over',
      { ...agent, perCaseCents: null, perDayCents: null },
      400_000,
      0,
      0,
      600_000,
      ['per-item'],
    ],
    [
      'second person always',
      { ...agent, secondPerson: true },
      1,
      0,
      0,
      undefined,
      ['second-person'],
    ],
    [
      'no limits at all',
      { ...agent, perItemCents: null, perCaseCents: null, perDayCents: null },
      10_000_000_000,
      0,
      0,
      undefined,
      [],
    ],
    ['no rule: deny by default', null, 1, 0, 0, undefined, ['no-rule']],
  ] as const)('%s', (_name, rule, amount, caseCents, dayCents, largest, expected) => {
    expect(codes(rule, amount, caseCents, dayCents, largest)).toEqual(expected);
  });
});

describe('approvalBlocker', () => {
  const supervisor: AuthorityRule = { ...agent, role: 'supervisor', perItemCents: 5_000_000 };
  const request = {
    requestedBy: 1,
    amountCents: 700_000,
    largestItemCents: 700_000,
    status: 'pending' as const,
  };
  it.each([
    ['another supervisor within their limit', 2, supervisor, request, null],
    ['the maker themself', 1, supervisor, request, 'own request'],
    [
      'above the approver’s own per-item limit',
      2,
      { ...supervisor, perItemCents: 600_000 },
      request,
      'above your own limit',
    ],
    [
      'already decided',
      2,
      supervisor,
      { ...request, status: 'approved' as const },
      'already decided',
    ],
    ['no rule for the approver', 2, null, request, 'no authority'],
  ] as const)('%s', (_name, approver, rule, req, expected) => {
    const blocker = approvalBlocker(approver, rule, req);
    if (expected === null) expect(blocker).toBeNull();
    else expect(englishOf(blocker!)).toContain(expected);
  });
});

describe('ruleErrors', () => {
  it.each([
    [{ perItemCents: 100, perCaseCents: 200, perDayCents: 300 }, []],
    [{ perItemCents: null, perCaseCents: null, perDayCents: null }, []],
    [{ perItemCents: 500, perCaseCents: 100, perDayCents: null }, ['perCaseCents']],
    [{ perItemCents: 500, perCaseCents: null, perDayCents: 100 }, ['perDayCents']],
    [{ perItemCents: -1, perCaseCents: null, perDayCents: null }, ['perItemCents']],
    [{ perItemCents: 1.5, perCaseCents: null, perDayCents: null }, ['perItemCents']],
    [{ perItemCents: null, perCaseCents: 10_000_000_001, perDayCents: null }, ['perCaseCents']],
  ])('%j', (rule, fields) => {
    expect(Object.keys(ruleErrors(rule)).sort()).toEqual(fields);
  });
});
