import type { ClockRule, DisputePolicy } from './dispute-policy.ts';

/**
 * What a draft policy changes against the current one, clock by clock, in words compliance
 * reviews before publishing. Pure.
 */

export interface PolicyChange {
  /** The clock's id, or `policy` for a policy-wide setting. */
  clockId: string;
  field: string;
  from: string | null;
  to: string | null;
}

function show(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const CLOCK_FIELDS = [
  'label',
  'owner',
  'kind',
  'startEvent',
  'completedBy',
  'length',
  'unit',
  'citation',
  'overrides',
  'suspendedBy',
] as const satisfies ReadonlyArray<keyof ClockRule>;

/**
 * @example diffPolicies(v1, v2) // [{ clockId: 'written_confirmation', field: 'overrides', from: '[…]', to: '[]' }, …]
 */
export function diffPolicies(current: DisputePolicy, draft: DisputePolicy): PolicyChange[] {
  const out: PolicyChange[] = [];
  if (current.atRiskBusinessDays !== draft.atRiskBusinessDays)
    out.push({
      clockId: 'policy',
      field: 'atRiskBusinessDays',
      from: String(current.atRiskBusinessDays),
      to: String(draft.atRiskBusinessDays),
    });
  const ids = [
    ...current.clocks.map((c) => c.id),
    ...draft.clocks.map((c) => c.id).filter((id) => !current.clocks.some((c) => c.id === id)),
  ];
  for (const id of ids) {
    const a = current.clocks.find((c) => c.id === id);
    const b = draft.clocks.find((c) => c.id === id);
    if (!a || !b) {
      out.push({
        clockId: id,
        field: 'clock',
        from: a ? 'present' : null,
        to: b ? 'present' : null,
      });
      continue;
    }
    for (const field of CLOCK_FIELDS) {
      const from = show(a[field]);
      const to = show(b[field]);
      if (from !== to) out.push({ clockId: id, field, from, to });
    }
  }
  return out;
}
