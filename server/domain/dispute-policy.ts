import { z } from 'zod';

/**
 * The dispute policy as data: the clocks of SPEC section 4, each with its start event, length,
 * unit, overrides and citation. Stored versioned in `dispute_policies` (one JSON document per
 * version, reviewed by compliance); a case keeps the version it was opened under, so changing
 * the policy never moves an existing case's dates.
 */

export const CLOCK_UNITS = ['calendar', 'business'] as const;
export type ClockUnit = (typeof CLOCK_UNITS)[number];

/** What starts a clock (day 0 is the day it happens). */
export const START_EVENTS = [
  'transaction_date', // the statement date, else the earliest disputed transaction
  'oral_notice', // the notice, when given orally (phone) and written confirmation is required
  'notice_received',
  'provisional_credit_posted',
  'investigation_completed',
  'error_determined', // determination "error found" or "different error"
  'reversal_notice_sent',
] as const;
export type StartEvent = (typeof START_EVENTS)[number];

/** What stops (satisfies) a clock. */
export const COMPLETION_EVENTS = [
  'notice_received',
  'written_confirmation_received',
  'provisional_credit_or_determination',
  'provisional_credit_notice_sent',
  'investigation_completed',
  'results_sent',
  'correction_posted',
  'reversal_posted',
] as const;
export type CompletionEvent = (typeof COMPLETION_EVENTS)[number];

export const OVERRIDE_CONDITIONS = [
  'massachusetts',
  'new_account',
  'point_of_sale',
  'foreign',
] as const;
export type OverrideCondition = (typeof OVERRIDE_CONDITIONS)[number];

const localized = z.object({ en: z.string().min(1), fr: z.string().min(1) });

export const clockOverrideSchema = z.object({
  /** Applies when ANY of these facts holds (ALL of them with `all`); the first match wins. */
  when: z.array(z.enum(OVERRIDE_CONDITIONS)).min(1),
  all: z.boolean().optional(),
  length: z.number().int().positive(),
  unit: z.enum(CLOCK_UNITS),
  citation: z.string().min(1),
  note: localized,
});
export type ClockOverride = z.infer<typeof clockOverrideSchema>;

export const clockRuleSchema = z.object({
  id: z.string().regex(/^[a-z_]+$/),
  label: localized,
  /**
   * lender: a deadline the lender must meet (breach = compliance breach, internal targets apply);
   * customer: a window the customer has (judged on the legal date only, never shortened).
   */
  owner: z.enum(['lender', 'customer']),
  /** deadline: must happen by the date; not_before: may not happen before it (reversal notice). */
  kind: z.enum(['deadline', 'not_before']),
  startEvent: z.enum(START_EVENTS),
  completedBy: z.enum(COMPLETION_EVENTS),
  length: z.number().int().positive(),
  unit: z.enum(CLOCK_UNITS),
  citation: z.string().min(1),
  overrides: z.array(clockOverrideSchema),
  /**
   * A dependency on another clock: this clock is SUSPENDED (never breached) from the day after
   * `clock`'s window closed without its event, e.g. the duty to credit provisionally when the
   * written confirmation did not arrive in time (12 CFR 1005.11(c)(2)(i)(A)).
   */
  suspendedBy: z
    .object({
      clock: z.string().regex(/^[a-z_]+$/),
      citation: z.string().min(1),
      note: localized,
    })
    .optional(),
});
export type ClockRule = z.infer<typeof clockRuleSchema>;

export const disputePolicySchema = z.object({
  version: z.number().int().positive(),
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  reviewedBy: z.string().min(1),
  reviewedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** A running clock is "at risk" when this many business days or fewer are left to its target. */
  atRiskBusinessDays: z.number().int().min(0).max(10),
  clocks: z.array(clockRuleSchema).min(1),
});
export type DisputePolicy = z.infer<typeof disputePolicySchema>;

/**
 * Version 1 as migration 0004 seeded it (cases opened under it keep it). Its Massachusetts rule
 * shortened the customer's confirmation window; version 2 corrects that.
 */
export const DISPUTE_POLICY_V1: DisputePolicy = {
  version: 1,
  effectiveFrom: '2020-01-01',
  reviewedBy: 'Compliance (demo configuration)',
  reviewedOn: '2026-01-05',
  atRiskBusinessDays: 2,
  clocks: [
    {
      id: 'notice_timely',
      label: { en: 'Notice timely (60 days)', fr: 'Avis dans les délais (60 jours)' },
      owner: 'customer',
      kind: 'deadline',
      startEvent: 'transaction_date',
      completedBy: 'notice_received',
      length: 60,
      unit: 'calendar',
      citation: '12 CFR 1005.11(b)(1)(i); lender policy',
      overrides: [],
    },
    {
      id: 'written_confirmation',
      label: { en: 'Written confirmation due', fr: 'Confirmation écrite attendue' },
      owner: 'customer',
      kind: 'deadline',
      startEvent: 'oral_notice',
      completedBy: 'written_confirmation_received',
      length: 10,
      unit: 'business',
      citation: '12 CFR 1005.11(b)(2)',
      overrides: [
        {
          when: ['massachusetts'],
          length: 10,
          unit: 'calendar',
          citation: 'Lender policy (MA)',
          note: {
            en: 'Massachusetts resident: calendar days',
            fr: 'Résident du Massachusetts : jours civils',
          },
        },
      ],
    },
    {
      id: 'determination_or_credit',
      label: { en: 'Determination or provisional credit', fr: 'Décision ou crédit provisoire' },
      owner: 'lender',
      kind: 'deadline',
      startEvent: 'notice_received',
      completedBy: 'provisional_credit_or_determination',
      length: 10,
      unit: 'business',
      citation: '12 CFR 1005.11(c)(1)',
      overrides: [
        {
          when: ['new_account'],
          length: 20,
          unit: 'business',
          citation: '12 CFR 1005.11(c)(3)(i)',
          note: { en: 'New account: 20 business days', fr: 'Nouveau compte : 20 jours ouvrables' },
        },
      ],
    },
    {
      id: 'provisional_credit_notice',
      label: { en: 'Provisional credit notice', fr: 'Avis de crédit provisoire' },
      owner: 'lender',
      kind: 'deadline',
      startEvent: 'provisional_credit_posted',
      completedBy: 'provisional_credit_notice_sent',
      length: 2,
      unit: 'business',
      citation: '12 CFR 1005.11(c)(2)(iii)',
      overrides: [],
    },
    {
      id: 'investigation',
      label: { en: 'Investigation complete', fr: 'Fin de l’enquête' },
      owner: 'lender',
      kind: 'deadline',
      startEvent: 'notice_received',
      completedBy: 'investigation_completed',
      length: 45,
      unit: 'calendar',
      citation: '12 CFR 1005.11(c)(2)',
      overrides: [
        {
          when: ['new_account', 'point_of_sale', 'foreign'],
          length: 90,
          unit: 'calendar',
          citation: '12 CFR 1005.11(c)(3)(ii)',
          note: {
            en: 'New account, point-of-sale or foreign: 90 calendar days',
            fr: 'Nouveau compte, point de vente ou étranger : 90 jours civils',
          },
        },
      ],
    },
    {
      id: 'results',
      label: { en: 'Results reported', fr: 'Résultats communiqués' },
      owner: 'lender',
      kind: 'deadline',
      startEvent: 'investigation_completed',
      completedBy: 'results_sent',
      length: 3,
      unit: 'business',
      citation: '12 CFR 1005.11(c)(2)(iv)',
      overrides: [],
    },
    {
      id: 'correction',
      label: { en: 'Correction posted', fr: 'Correction inscrite' },
      owner: 'lender',
      kind: 'deadline',
      startEvent: 'error_determined',
      completedBy: 'correction_posted',
      length: 1,
      unit: 'business',
      citation: '12 CFR 1005.11(c)(1)',
      overrides: [],
    },
    {
      id: 'reversal_notice',
      label: {
        en: 'Provisional credit reversal (notice period)',
        fr: 'Annulation du crédit provisoire (préavis)',
      },
      owner: 'lender',
      kind: 'not_before',
      startEvent: 'reversal_notice_sent',
      completedBy: 'reversal_posted',
      length: 5,
      unit: 'business',
      citation: '12 CFR 1005.11(d)(2)(i); lender policy',
      overrides: [],
    },
  ],
};

/**
 * The defaults of SPEC section 4 as version 2 (what migration 0009 seeds; a test keeps the two
 * equal): Massachusetts residents get 10 (20 new-account) CALENDAR days on the lender's
 * determination clock and the usual 10 business days to confirm in writing; the determination
 * clock is suspended when a required written confirmation did not arrive in its window; the
 * provisional-credit notice cites 1005.11(c)(2)(ii).
 */
export const DEFAULT_DISPUTE_POLICY: DisputePolicy = {
  ...DISPUTE_POLICY_V1,
  version: 2,
  effectiveFrom: '2026-12-01',
  reviewedBy: 'Compliance (demo configuration)',
  reviewedOn: '2026-11-30',
  clocks: DISPUTE_POLICY_V1.clocks.map((rule) => {
    switch (rule.id) {
      case 'written_confirmation':
        return { ...rule, overrides: [] };
      case 'determination_or_credit':
        return {
          ...rule,
          overrides: [
            {
              when: ['massachusetts', 'new_account'],
              all: true,
              length: 20,
              unit: 'calendar',
              citation: '12 CFR 1005.11(c)(3)(i); lender policy (MA)',
              note: {
                en: 'Massachusetts resident, new account: 20 calendar days',
                fr: 'Résident du Massachusetts, nouveau compte : 20 jours civils',
              },
            },
            {
              when: ['massachusetts'],
              length: 10,
              unit: 'calendar',
              citation: 'Lender policy (MA)',
              note: {
                en: 'Massachusetts resident: calendar days',
                fr: 'Résident du Massachusetts : jours civils',
              },
            },
            ...rule.overrides,
          ],
          suspendedBy: {
            clock: 'written_confirmation',
            citation: '12 CFR 1005.11(c)(2)(i)(A)',
            note: {
              en: 'written confirmation not received in its window: no provisional credit is owed; the investigation clock runs on',
              fr: 'confirmation écrite non reçue dans le délai : aucun crédit provisoire n’est dû; le délai d’enquête continue de courir',
            },
          },
        };
      case 'provisional_credit_notice':
        return { ...rule, citation: '12 CFR 1005.11(c)(2)(ii)' };
      default:
        return rule;
    }
  }),
};

/** Parses a stored policy document (throws a ZodError naming the bad field). */
export function parseDisputePolicy(value: unknown): DisputePolicy {
  return disputePolicySchema.parse(value);
}
