import { describe, expect, it } from 'vitest';
import { diffPolicies } from '../../server/domain/dispute-policy-diff.ts';
import {
  DEFAULT_DISPUTE_POLICY,
  DISPUTE_POLICY_V1,
  parseDisputePolicy,
} from '../../server/domain/dispute-policy.ts';

describe('policy version 2', () => {
  it('is a valid policy document', () => {
    expect(parseDisputePolicy(JSON.parse(JSON.stringify(DEFAULT_DISPUTE_POLICY)))).toEqual(
      DEFAULT_DISPUTE_POLICY,
    );
  });

  it('differs from version 1 exactly where compliance changed it', () => {
    const changes = diffPolicies(DISPUTE_POLICY_V1, DEFAULT_DISPUTE_POLICY).map(
      (c) => `${c.clockId}.${c.field}`,
    );
    expect(changes).toEqual([
      'written_confirmation.overrides', // the customer's window is no longer shortened in MA
      'determination_or_credit.overrides', // MA: calendar days on the determination clock
      'determination_or_credit.suspendedBy', // 1005.11(c)(2)(i)(A)
      'provisional_credit_notice.citation', // (c)(2)(ii)
    ]);
    const citation = diffPolicies(DISPUTE_POLICY_V1, DEFAULT_DISPUTE_POLICY).find(
      (c) => c.clockId === 'provisional_credit_notice',
    );
    expect(citation).toEqual({
      clockId: 'provisional_credit_notice',
      field: 'citation',
      from: '12 CFR 1005.11(c)(2)(iii)',
      to: '12 CFR 1005.11(c)(2)(ii)',
    });
  });

  it('reports policy-wide settings and removed clocks', () => {
    const draft = {
      ...DEFAULT_DISPUTE_POLICY,
      atRiskBusinessDays: 3,
      clocks: DEFAULT_DISPUTE_POLICY.clocks.filter((c) => c.id !== 'results'),
    };
    expect(diffPolicies(DEFAULT_DISPUTE_POLICY, draft)).toEqual([
      { clockId: 'policy', field: 'atRiskBusinessDays', from: '2', to: '3' },
      { clockId: 'results', field: 'clock', from: 'present', to: null },
    ]);
    expect(diffPolicies(DEFAULT_DISPUTE_POLICY, DEFAULT_DISPUTE_POLICY)).toEqual([]);
  });
});
