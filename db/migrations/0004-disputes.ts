import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Erroneous-transaction disputes (SPEC section 4).
 *
 * - dispute_policies: the versioned clock policy as JSON data, reviewed by compliance; version 1
 *   (the SPEC defaults) is inserted here. A case references the version it was opened under.
 * - disputes: one case, its facts and the dates of each workflow step.
 * - dispute_transactions: the disputed debits.
 * - dispute_events: the case timeline (append-only).
 * - dispute_items: investigation notes, documents and tasks.
 * - dispute_letters: letters generated and sent (the PDF itself is kept as evidence).
 * - dispute_clocks: each clock's computed dates per case, recomputed whenever the case changes.
 *   Dates do not depend on "now", so the cockpit's "due today / at risk / breached" are index
 *   range queries against today's date, and moving the trainer's clock needs no recompute.
 *
 * Immutable once released: later changes go in a new numbered migration (0015/0016).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const date = (col: string) => `CHECK (${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')`;
  const statements = [
    `CREATE TABLE dispute_policies (
      version INTEGER PRIMARY KEY CHECK (version > 0),
      effective_from TEXT NOT NULL ${date('effective_from')},
      reviewed_by TEXT NOT NULL,
      reviewed_on TEXT NOT NULL ${date('reviewed_on')},
      policy_json TEXT NOT NULL CHECK (json_valid(policy_json)),
      notes TEXT,
      created_at TEXT NOT NULL,
      created_by INTEGER REFERENCES users(id)
    ) STRICT`,
    `CREATE TRIGGER dispute_policies_immutable BEFORE UPDATE ON dispute_policies
      BEGIN SELECT RAISE(ABORT, 'a dispute policy version is immutable: publish a new version'); END`,

    `CREATE TABLE disputes (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      account_id INTEGER NOT NULL REFERENCES accounts(id),
      policy_version INTEGER NOT NULL REFERENCES dispute_policies(version),
      channel TEXT NOT NULL CHECK (channel IN ('phone','secure_message','mail')),
      notice_at TEXT NOT NULL,
      notice_on TEXT NOT NULL ${date('notice_on')},
      statement_on TEXT ${date('statement_on')},
      error_type TEXT NOT NULL CHECK (error_type IN ('duplicate_debit','wrong_amount','after_cancellation','unauthorized','not_received','other')),
      reason TEXT NOT NULL,
      residence_region TEXT,
      massachusetts INTEGER NOT NULL CHECK (massachusetts IN (0,1)),
      new_account INTEGER NOT NULL CHECK (new_account IN (0,1)),
      point_of_sale INTEGER NOT NULL DEFAULT 0 CHECK (point_of_sale IN (0,1)),
      foreign_initiated INTEGER NOT NULL DEFAULT 0 CHECK (foreign_initiated IN (0,1)),
      late_notice INTEGER NOT NULL CHECK (late_notice IN (0,1)),
      written_confirmation_required INTEGER NOT NULL CHECK (written_confirmation_required IN (0,1)),
      written_confirmation_received_on TEXT ${date('written_confirmation_received_on')},
      disputed_cents INTEGER NOT NULL CHECK (disputed_cents > 0),
      provisional_credit_cents INTEGER CHECK (provisional_credit_cents > 0),
      provisional_credit_on TEXT ${date('provisional_credit_on')},
      provisional_credit_notice_sent_on TEXT,
      determination TEXT CHECK (determination IN ('error_found','no_error','different_error')),
      determination_on TEXT ${date('determination_on')},
      determination_explanation TEXT,
      investigation_completed_on TEXT,
      results_sent_on TEXT,
      correction_cents INTEGER CHECK (correction_cents >= 0),
      correction_on TEXT,
      reversal_notice_sent_on TEXT,
      reversal_cents INTEGER CHECK (reversal_cents > 0),
      reversal_on TEXT,
      stage TEXT NOT NULL CHECK (stage IN ('investigation','results','correction','reversal','ready_to_close','closed')),
      closed_on TEXT,
      close_note TEXT,
      assigned_to INTEGER REFERENCES users(id),
      source_thread_id INTEGER,
      next_clock TEXT,
      next_target_on TEXT,
      version INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      created_by INTEGER REFERENCES users(id),
      updated_at TEXT NOT NULL,
      CHECK ((determination IS NULL) = (determination_on IS NULL)),
      CHECK ((provisional_credit_cents IS NULL) = (provisional_credit_on IS NULL)),
      CHECK ((stage = 'closed') = (closed_on IS NOT NULL))
    ) STRICT`,
    `CREATE INDEX disputes_customer ON disputes(customer_id)`,
    `CREATE INDEX disputes_account ON disputes(account_id)`,
    `CREATE INDEX disputes_open_next ON disputes(next_target_on) WHERE stage <> 'closed'`,
    `CREATE INDEX disputes_assignee ON disputes(assigned_to, stage)`,
    `CREATE INDEX disputes_open_age ON disputes(assigned_to, notice_on) WHERE stage <> 'closed'`,
    `CREATE INDEX disputes_stage ON disputes(stage, notice_on)`,
    `CREATE INDEX disputes_notice ON disputes(notice_on)`,
    `CREATE INDEX disputes_closed ON disputes(closed_on) WHERE closed_on IS NOT NULL`,

    `CREATE TABLE dispute_transactions (
      id INTEGER PRIMARY KEY,
      dispute_id INTEGER NOT NULL REFERENCES disputes(id),
      transaction_on TEXT NOT NULL ${date('transaction_on')},
      amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
      description TEXT NOT NULL,
      ledger_entry_id INTEGER REFERENCES ledger_entries(id)
    ) STRICT`,
    `CREATE INDEX dispute_transactions_dispute ON dispute_transactions(dispute_id)`,

    `CREATE TABLE dispute_events (
      id INTEGER PRIMARY KEY,
      dispute_id INTEGER NOT NULL REFERENCES disputes(id),
      at TEXT NOT NULL,
      actor_user_id INTEGER REFERENCES users(id),
      actor_name TEXT NOT NULL,
      kind TEXT NOT NULL,
      summary TEXT NOT NULL,
      detail_json TEXT CHECK (detail_json IS NULL OR json_valid(detail_json))
    ) STRICT`,
    `CREATE INDEX dispute_events_dispute ON dispute_events(dispute_id, at)`,
    `CREATE TRIGGER dispute_events_no_update BEFORE UPDATE ON dispute_events
      BEGIN SELECT RAISE(ABORT, 'dispute_events is append-only'); END`,
    `CREATE TRIGGER dispute_events_no_delete BEFORE DELETE ON dispute_events
      BEGIN SELECT RAISE(ABORT, 'dispute_events is append-only'); END`,

    `CREATE TABLE dispute_items (
      id INTEGER PRIMARY KEY,
      dispute_id INTEGER NOT NULL REFERENCES disputes(id),
      kind TEXT NOT NULL CHECK (kind IN ('note','document','task')),
      body TEXT NOT NULL,
      file_name TEXT,
      mime_type TEXT,
      content BLOB,
      sha256 TEXT,
      due_on TEXT,
      done_at TEXT,
      done_by INTEGER REFERENCES users(id),
      created_at TEXT NOT NULL,
      created_by INTEGER REFERENCES users(id),
      CHECK (kind = 'document' OR content IS NULL)
    ) STRICT`,
    `CREATE INDEX dispute_items_dispute ON dispute_items(dispute_id, kind)`,

    `CREATE TABLE dispute_letters (
      id INTEGER PRIMARY KEY,
      dispute_id INTEGER NOT NULL REFERENCES disputes(id),
      kind TEXT NOT NULL CHECK (kind IN ('acknowledgement','provisional_credit','results','no_error','reversal')),
      language TEXT NOT NULL CHECK (language IN ('en','fr')),
      data_json TEXT NOT NULL CHECK (json_valid(data_json)),
      pdf BLOB,
      sha256 TEXT,
      sent_on TEXT NOT NULL ${date('sent_on')},
      channel TEXT NOT NULL CHECK (channel IN ('mail','secure_message','email','fax')),
      created_at TEXT NOT NULL,
      created_by INTEGER REFERENCES users(id)
    ) STRICT`,
    `CREATE INDEX dispute_letters_dispute ON dispute_letters(dispute_id, kind)`,

    `CREATE TABLE dispute_clocks (
      dispute_id INTEGER NOT NULL REFERENCES disputes(id),
      clock_id TEXT NOT NULL,
      owner TEXT NOT NULL CHECK (owner IN ('lender','customer')),
      kind TEXT NOT NULL CHECK (kind IN ('deadline','not_before')),
      applicable INTEGER NOT NULL CHECK (applicable IN (0,1)),
      start_on TEXT,
      legal_due_on TEXT,
      target_on TEXT,
      at_risk_from TEXT,
      completed_on TEXT,
      frozen_on TEXT,
      PRIMARY KEY (dispute_id, clock_id)
    ) STRICT, WITHOUT ROWID`,
    // The cockpit reads only open deadline clocks: partial indexes that COVER its queries (the
    // partial-index condition's columns are repeated in the key so SQLite never visits the
    // table), so an aggregate over 50k cases is an index range scan, not 50k row fetches.
    `CREATE INDEX dispute_clocks_open ON dispute_clocks(clock_id, owner, completed_on, frozen_on, start_on, kind)
      WHERE completed_on IS NULL AND frozen_on IS NULL AND start_on IS NOT NULL AND kind = 'deadline'`,
    `CREATE INDEX dispute_clocks_open_risk ON dispute_clocks(at_risk_from, owner, target_on, legal_due_on, completed_on, frozen_on, start_on, kind)
      WHERE completed_on IS NULL AND frozen_on IS NULL AND start_on IS NOT NULL AND kind = 'deadline'`,
    `CREATE INDEX dispute_clocks_open_target ON dispute_clocks(target_on, clock_id)
      WHERE completed_on IS NULL AND frozen_on IS NULL AND start_on IS NOT NULL AND kind = 'deadline'`,
    // Trends: lender deadlines met late, by their legal date (open breaches come from _open_risk).
    `CREATE INDEX dispute_clocks_late ON dispute_clocks(legal_due_on, owner, kind, completed_on)
      WHERE completed_on > legal_due_on`,
  ];
  // Same test as isPostgres() in db/database.ts (migrations import no app code).
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const statement of postgres ? POSTGRES : statements) await sql.raw(statement).execute(db);

  const policy = {
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
            note: {
              en: 'New account: 20 business days',
              fr: 'Nouveau compte : 20 jours ouvrables',
            },
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
  await sql`insert into dispute_policies (version, effective_from, reviewed_by, reviewed_on, policy_json, notes, created_at)
    values (1, ${policy.effectiveFrom}, ${policy.reviewedBy}, ${policy.reviewedOn}, ${JSON.stringify(policy)},
      'SPEC section 4 defaults', '2026-01-05T00:00:00.000Z')`.execute(db);
}

/** The same schema on PostgreSQL (see 0001); json_valid() is provided for the CHECKs. */
const POSTGRES = [
  `CREATE FUNCTION json_valid(document TEXT) RETURNS BOOLEAN LANGUAGE plpgsql IMMUTABLE AS $$
      BEGIN PERFORM document::json; RETURN true; EXCEPTION WHEN others THEN RETURN false; END $$`,
  `CREATE TABLE dispute_policies (
      version BIGINT PRIMARY KEY CHECK (version > 0),
      effective_from TEXT NOT NULL CHECK (effective_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      reviewed_by TEXT NOT NULL,
      reviewed_on TEXT NOT NULL CHECK (reviewed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      policy_json TEXT NOT NULL CHECK (json_valid(policy_json)),
      notes TEXT,
      created_at TEXT NOT NULL,
      created_by BIGINT REFERENCES users(id)
    )`,
  `CREATE TRIGGER dispute_policies_immutable BEFORE UPDATE ON dispute_policies
      FOR EACH ROW EXECUTE FUNCTION reject_change('a dispute policy version is immutable: publish a new version')`,
  `CREATE TABLE disputes (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      customer_id BIGINT NOT NULL REFERENCES customers(id),
      account_id BIGINT NOT NULL REFERENCES accounts(id),
      policy_version BIGINT NOT NULL REFERENCES dispute_policies(version),
      channel TEXT NOT NULL CHECK (channel IN ('phone','secure_message','mail')),
      notice_at TEXT NOT NULL,
      notice_on TEXT NOT NULL CHECK (notice_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      statement_on TEXT CHECK (statement_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      error_type TEXT NOT NULL CHECK (error_type IN ('duplicate_debit','wrong_amount','after_cancellation','unauthorized','not_received','other')),
      reason TEXT NOT NULL,
      residence_region TEXT,
      massachusetts INTEGER NOT NULL CHECK (massachusetts IN (0,1)),
      new_account INTEGER NOT NULL CHECK (new_account IN (0,1)),
      point_of_sale INTEGER NOT NULL DEFAULT 0 CHECK (point_of_sale IN (0,1)),
      foreign_initiated INTEGER NOT NULL DEFAULT 0 CHECK (foreign_initiated IN (0,1)),
      late_notice INTEGER NOT NULL CHECK (late_notice IN (0,1)),
      written_confirmation_required INTEGER NOT NULL CHECK (written_confirmation_required IN (0,1)),
      written_confirmation_received_on TEXT CHECK (written_confirmation_received_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      disputed_cents BIGINT NOT NULL CHECK (disputed_cents > 0),
      provisional_credit_cents BIGINT CHECK (provisional_credit_cents > 0),
      provisional_credit_on TEXT CHECK (provisional_credit_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      provisional_credit_notice_sent_on TEXT,
      determination TEXT CHECK (determination IN ('error_found','no_error','different_error')),
      determination_on TEXT CHECK (determination_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      determination_explanation TEXT,
      investigation_completed_on TEXT,
      results_sent_on TEXT,
      correction_cents BIGINT CHECK (correction_cents >= 0),
      correction_on TEXT,
      reversal_notice_sent_on TEXT,
      reversal_cents BIGINT CHECK (reversal_cents > 0),
      reversal_on TEXT,
      stage TEXT NOT NULL CHECK (stage IN ('investigation','results','correction','reversal','ready_to_close','closed')),
      closed_on TEXT,
      close_note TEXT,
      assigned_to BIGINT REFERENCES users(id),
      source_thread_id BIGINT,
      next_clock TEXT,
      next_target_on TEXT,
      version BIGINT NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      created_by BIGINT REFERENCES users(id),
      updated_at TEXT NOT NULL,
      CHECK ((determination IS NULL) = (determination_on IS NULL)),
      CHECK ((provisional_credit_cents IS NULL) = (provisional_credit_on IS NULL)),
      CHECK ((stage = 'closed') = (closed_on IS NOT NULL))
    )`,
  `CREATE INDEX disputes_customer ON disputes(customer_id)`,
  `CREATE INDEX disputes_account ON disputes(account_id)`,
  `CREATE INDEX disputes_open_next ON disputes(next_target_on) WHERE stage <> 'closed'`,
  `CREATE INDEX disputes_assignee ON disputes(assigned_to, stage)`,
  `CREATE INDEX disputes_open_age ON disputes(assigned_to, notice_on) WHERE stage <> 'closed'`,
  `CREATE INDEX disputes_stage ON disputes(stage, notice_on)`,
  `CREATE INDEX disputes_notice ON disputes(notice_on)`,
  `CREATE INDEX disputes_closed ON disputes(closed_on) WHERE closed_on IS NOT NULL`,
  `CREATE TABLE dispute_transactions (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      dispute_id BIGINT NOT NULL REFERENCES disputes(id),
      transaction_on TEXT NOT NULL CHECK (transaction_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
      description TEXT NOT NULL,
      ledger_entry_id BIGINT REFERENCES ledger_entries(id)
    )`,
  `CREATE INDEX dispute_transactions_dispute ON dispute_transactions(dispute_id)`,
  `CREATE TABLE dispute_events (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      dispute_id BIGINT NOT NULL REFERENCES disputes(id),
      at TEXT NOT NULL,
      actor_user_id BIGINT REFERENCES users(id),
      actor_name TEXT NOT NULL,
      kind TEXT NOT NULL,
      summary TEXT NOT NULL,
      detail_json TEXT CHECK (detail_json IS NULL OR json_valid(detail_json))
    )`,
  `CREATE INDEX dispute_events_dispute ON dispute_events(dispute_id, at)`,
  `CREATE TRIGGER dispute_events_no_update BEFORE UPDATE ON dispute_events
      FOR EACH ROW EXECUTE FUNCTION reject_change('dispute_events is append-only')`,
  `CREATE TRIGGER dispute_events_no_delete BEFORE DELETE ON dispute_events
      FOR EACH ROW EXECUTE FUNCTION reject_change('dispute_events is append-only')`,
  `CREATE TABLE dispute_items (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      dispute_id BIGINT NOT NULL REFERENCES disputes(id),
      kind TEXT NOT NULL CHECK (kind IN ('note','document','task')),
      body TEXT NOT NULL,
      file_name TEXT,
      mime_type TEXT,
      content BYTEA,
      sha256 TEXT,
      due_on TEXT,
      done_at TEXT,
      done_by BIGINT REFERENCES users(id),
      created_at TEXT NOT NULL,
      created_by BIGINT REFERENCES users(id),
      CHECK (kind = 'document' OR content IS NULL)
    )`,
  `CREATE INDEX dispute_items_dispute ON dispute_items(dispute_id, kind)`,
  `CREATE TABLE dispute_letters (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      dispute_id BIGINT NOT NULL REFERENCES disputes(id),
      kind TEXT NOT NULL CHECK (kind IN ('acknowledgement','provisional_credit','results','no_error','reversal')),
      language TEXT NOT NULL CHECK (language IN ('en','fr')),
      data_json TEXT NOT NULL CHECK (json_valid(data_json)),
      pdf BYTEA,
      sha256 TEXT,
      sent_on TEXT NOT NULL CHECK (sent_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      channel TEXT NOT NULL CHECK (channel IN ('mail','secure_message','email','fax')),
      created_at TEXT NOT NULL,
      created_by BIGINT REFERENCES users(id)
    )`,
  `CREATE INDEX dispute_letters_dispute ON dispute_letters(dispute_id, kind)`,
  `CREATE TABLE dispute_clocks (
      dispute_id BIGINT NOT NULL REFERENCES disputes(id),
      clock_id TEXT NOT NULL,
      owner TEXT NOT NULL CHECK (owner IN ('lender','customer')),
      kind TEXT NOT NULL CHECK (kind IN ('deadline','not_before')),
      applicable INTEGER NOT NULL CHECK (applicable IN (0,1)),
      start_on TEXT,
      legal_due_on TEXT,
      target_on TEXT,
      at_risk_from TEXT,
      completed_on TEXT,
      frozen_on TEXT,
      PRIMARY KEY (dispute_id, clock_id)
    )`,
  `CREATE INDEX dispute_clocks_open ON dispute_clocks(clock_id, owner, completed_on, frozen_on, start_on, kind)
      WHERE completed_on IS NULL AND frozen_on IS NULL AND start_on IS NOT NULL AND kind = 'deadline'`,
  `CREATE INDEX dispute_clocks_open_risk ON dispute_clocks(at_risk_from, owner, target_on, legal_due_on, completed_on, frozen_on, start_on, kind)
      WHERE completed_on IS NULL AND frozen_on IS NULL AND start_on IS NOT NULL AND kind = 'deadline'`,
  `CREATE INDEX dispute_clocks_open_target ON dispute_clocks(target_on, clock_id)
      WHERE completed_on IS NULL AND frozen_on IS NULL AND start_on IS NOT NULL AND kind = 'deadline'`,
  `CREATE INDEX dispute_clocks_late ON dispute_clocks(legal_due_on, owner, kind, completed_on)
      WHERE completed_on > legal_due_on`,
];
