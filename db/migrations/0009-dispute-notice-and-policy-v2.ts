import { sql, type Kysely } from 'kysely';

/**
 * Disputes to the letter of the rule (issue 18):
 * - dispute_policies: version 2 (SPEC section 4 as changed: Massachusetts on the lender's
 *   determination clock, not the customer's confirmation window; the determination clock
 *   suspended when a required written confirmation did not arrive; the provisional-credit
 *   notice citing 1005.11(c)(2)(ii)), effective 2026-12-01. Cases opened before keep version 1.
 *   tests/integration/dispute-outcomes.test.ts keeps this document equal to the code's default.
 * - dispute_clocks.suspended_from: the day a clock is suspended by another clock's outcome;
 *   the cockpit's at-risk index carries it so "breached" can leave suspended clocks out.
 * - disputes.customer_reason: the reason in the customer's words, reviewed, the only reason a
 *   letter prints (the agent's `reason` stays internal); withdrawn_on / withdrawal_note: the
 *   customer withdrew the dispute.
 * Same statements on SQLite and PostgreSQL. Immutable once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `ALTER TABLE dispute_clocks ADD COLUMN suspended_from TEXT`,
    `DROP INDEX dispute_clocks_open_risk`,
    `CREATE INDEX dispute_clocks_open_risk ON dispute_clocks(at_risk_from, owner, target_on, legal_due_on, suspended_from, completed_on, frozen_on, start_on, kind)
      WHERE completed_on IS NULL AND frozen_on IS NULL AND start_on IS NOT NULL AND kind = 'deadline'`,
    `ALTER TABLE disputes ADD COLUMN customer_reason TEXT`,
    `ALTER TABLE disputes ADD COLUMN withdrawn_on TEXT`,
    `ALTER TABLE disputes ADD COLUMN withdrawal_note TEXT`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
  await sql`insert into dispute_policies (version, effective_from, reviewed_by, reviewed_on, policy_json, notes, created_at)
    values (2, ${POLICY_V2.effectiveFrom}, ${POLICY_V2.reviewedBy}, ${POLICY_V2.reviewedOn}, ${JSON.stringify(POLICY_V2)},
      'Massachusetts on the determination clock; clock dependencies; citation (c)(2)(ii)', '2026-11-30T00:00:00.000Z')`.execute(
    db,
  );
}

/** Version 2 as data (migrations import no app code). */
export const POLICY_V2 = {
  version: 2,
  effectiveFrom: '2026-12-01',
  reviewedBy: 'Compliance (demo configuration)',
  reviewedOn: '2026-11-30',
  atRiskBusinessDays: 2,
  clocks: [
    {
      id: 'notice_timely',
      label: {
        en: 'Notice timely (60 days)',
        fr: 'Avis dans les délais (60 jours)',
      },
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
      label: {
        en: 'Written confirmation due',
        fr: 'Confirmation écrite attendue',
      },
      owner: 'customer',
      kind: 'deadline',
      startEvent: 'oral_notice',
      completedBy: 'written_confirmation_received',
      length: 10,
      unit: 'business',
      citation: '12 CFR 1005.11(b)(2)',
      overrides: [],
    },
    {
      id: 'determination_or_credit',
      label: {
        en: 'Determination or provisional credit',
        fr: 'Décision ou crédit provisoire',
      },
      owner: 'lender',
      kind: 'deadline',
      startEvent: 'notice_received',
      completedBy: 'provisional_credit_or_determination',
      length: 10,
      unit: 'business',
      citation: '12 CFR 1005.11(c)(1)',
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
        {
          when: ['new_account'],
          length: 20,
          unit: 'business',
          citation: '12 CFR 1005.11(c)(3)(i)',
          note: {
            en: 'New account: 20 business days',
            fr: 'Nouveau compte : 20 jours ouvrables',
          },
        },
      ],
      suspendedBy: {
        clock: 'written_confirmation',
        citation: '12 CFR 1005.11(c)(2)(i)(A)',
        note: {
          en: 'written confirmation not received in its window: no provisional credit is owed; the investigation clock runs on',
          fr: 'confirmation écrite non reçue dans le délai : aucun crédit provisoire n’est dû; le délai d’enquête continue de courir',
        },
      },
    },
    {
      id: 'provisional_credit_notice',
      label: {
        en: 'Provisional credit notice',
        fr: 'Avis de crédit provisoire',
      },
      owner: 'lender',
      kind: 'deadline',
      startEvent: 'provisional_credit_posted',
      completedBy: 'provisional_credit_notice_sent',
      length: 2,
      unit: 'business',
      citation: '12 CFR 1005.11(c)(2)(ii)',
      overrides: [],
    },
    {
      id: 'investigation',
      label: {
        en: 'Investigation complete',
        fr: 'Fin de l’enquête',
      },
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
      label: {
        en: 'Results reported',
        fr: 'Résultats communiqués',
      },
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
      label: {
        en: 'Correction posted',
        fr: 'Correction inscrite',
      },
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
