import type { MoneyAction } from '../../db/schema/authority.ts';
import type { Role } from '../../db/schema/platform.ts';
import { msg, type ServerMessage } from './shared/server-messages.ts';
import { type Cents } from './money.ts';

/**
 * The authority matrix's rule (issue 21): who may move how much money alone. Pure: the
 * controls module (server/controls/) loads the role's row and what the person and the case
 * already moved, and asks here whether this step may go ahead or needs a second person.
 */

export const MONEY_ACTIONS = [
  'provisional-credit',
  'correction',
  'reversal',
  'mail-posting',
  'mail-override',
] as const satisfies readonly MoneyAction[];

export const AUTHORITY_ROLES = [
  'agent',
  'trainer',
  'supervisor',
  'admin',
] as const satisfies readonly Role[];

/** Highest limit an admin may key: $100,000,000.00 (a larger figure is a typo, not a limit). */
export const MAX_LIMIT_CENTS = 10_000_000_000;

export interface AuthorityRule {
  role: Role;
  action: MoneyAction;
  /** null: no limit. */
  perItemCents: Cents | null;
  perCaseCents: Cents | null;
  perDayCents: Cents | null;
  /** Every such action needs a second person, whatever the amount. */
  secondPerson: boolean;
}

export interface MoneyStep {
  /** What this step moves in total (a batch posting: the sum of its items). */
  amountCents: Cents;
  /** Its largest single item (defaults to `amountCents`). */
  largestItemCents?: Cents;
}

/** What was already moved under this rule before this step. */
export interface MoneyUsage {
  /** On this case (dispute, batch), by anyone. */
  caseCents: Cents;
  /** By this person today (centre-local), on this action. */
  dayCents: Cents;
}

export type AuthorityReason =
  | { code: 'no-rule' }
  | { code: 'second-person' }
  | { code: 'per-item'; limitCents: Cents; amountCents: Cents }
  | { code: 'per-case'; limitCents: Cents; totalCents: Cents }
  | { code: 'per-day'; limitCents: Cents; totalCents: Cents };

export type AuthorityDecision = { allowed: true } | { allowed: false; reasons: AuthorityReason[] };

/**
 * Whether `step` is within `rule` given what was already moved; otherwise every reason it is
 * not (a missing rule refuses: deny by default).
 *
 * @example
 * decideAuthority(
 *   { role: 'agent', action: 'correction', perItemCents: 500_000, perCaseCents: 1_000_000,
 *     perDayCents: null, secondPerson: false },
 *   { amountCents: 10_000_000_000 }, { caseCents: 0, dayCents: 0 },
 * ) // { allowed: false, reasons: [{ code: 'per-item', ... }, { code: 'per-case', ... }] }
 */
export function decideAuthority(
  rule: AuthorityRule | null,
  step: MoneyStep,
  usage: MoneyUsage,
): AuthorityDecision {
  if (!rule) return { allowed: false, reasons: [{ code: 'no-rule' }] };
  const reasons: AuthorityReason[] = [];
  if (rule.secondPerson) reasons.push({ code: 'second-person' });
  const item = step.largestItemCents ?? step.amountCents;
  if (rule.perItemCents !== null && item > rule.perItemCents) {
    reasons.push({ code: 'per-item', limitCents: rule.perItemCents, amountCents: item });
  }
  const caseTotal = usage.caseCents + step.amountCents;
  if (rule.perCaseCents !== null && caseTotal > rule.perCaseCents) {
    reasons.push({ code: 'per-case', limitCents: rule.perCaseCents, totalCents: caseTotal });
  }
  const dayTotal = usage.dayCents + step.amountCents;
  if (rule.perDayCents !== null && dayTotal > rule.perDayCents) {
    reasons.push({ code: 'per-day', limitCents: rule.perDayCents, totalCents: dayTotal });
  }
  return reasons.length === 0 ? { allowed: true } : { allowed: false, reasons };
}

/** One sentence per reason, for the refusal and the supervisor's queue. */
export function describeReason(reason: AuthorityReason): ServerMessage {
  switch (reason.code) {
    case 'no-rule':
      return msg('controls.reason.noRule');
    case 'second-person':
      return msg('controls.reason.secondPerson');
    case 'per-item':
      return msg('controls.reason.perItem', {
        amount: reason.amountCents,
        limit: reason.limitCents,
      });
    case 'per-case':
      return msg('controls.reason.perCase', {
        amount: reason.totalCents,
        limit: reason.limitCents,
      });
    case 'per-day':
      return msg('controls.reason.perDay', { amount: reason.totalCents, limit: reason.limitCents });
  }
}

export interface ApprovalRequest {
  requestedBy: number;
  amountCents: Cents;
  largestItemCents: Cents;
  status: 'pending' | 'approved' | 'rejected' | 'used';
}

/**
 * Why `approverId` (with the approver's own rule for the action) may not approve `request`,
 * or null. Maker ≠ checker; and nobody approves more than they could have done alone
 * on one item (the approver's per-item limit; their second-person flag is what they are).
 *
 * @example
 * approvalBlocker(7, supervisorRule, { requestedBy: 7, ... }) // 'You cannot approve your own request.'
 */
export function approvalBlocker(
  approverId: number,
  approverRule: AuthorityRule | null,
  request: ApprovalRequest,
): ServerMessage | null {
  if (request.status !== 'pending') return msg('controls.alreadyDecided');
  if (request.requestedBy === approverId) return msg('controls.ownRequest');
  if (!approverRule) return msg('controls.reason.noRule');
  if (approverRule.perItemCents !== null && request.largestItemCents > approverRule.perItemCents) {
    return msg('controls.aboveApproverLimit', {
      amount: request.largestItemCents,
      limit: approverRule.perItemCents,
    });
  }
  return null;
}

export interface RuleInput {
  perItemCents: Cents | null;
  perCaseCents: Cents | null;
  perDayCents: Cents | null;
}

/**
 * Field errors of an edited rule (empty when it is coherent): a per-item limit above the
 * per-case or per-day limit could never be used.
 *
 * @example
 * ruleErrors({ perItemCents: 500, perCaseCents: 100, perDayCents: null })
 * // { perCaseCents: 'Per case cannot be below per item.' }
 */
export function ruleErrors(rule: RuleInput): Record<string, ServerMessage> {
  const errors: Record<string, ServerMessage> = {};
  for (const key of ['perItemCents', 'perCaseCents', 'perDayCents'] as const) {
    const v = rule[key];
    if (v !== null && (!Number.isSafeInteger(v) || v < 0 || v > MAX_LIMIT_CENTS)) {
      errors[key] = msg('controls.limitRange', { max: MAX_LIMIT_CENTS });
    }
  }
  if (Object.keys(errors).length > 0) return errors;
  const item = rule.perItemCents;
  if (item !== null) {
    if (rule.perCaseCents !== null && rule.perCaseCents < item) {
      errors.perCaseCents = msg('controls.perCaseBelowItem');
    }
    if (rule.perDayCents !== null && rule.perDayCents < item) {
      errors.perDayCents = msg('controls.perDayBelowItem');
    }
  }
  return errors;
}
