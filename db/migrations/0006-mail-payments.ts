import { sql, type Kysely } from 'kysely';

/**
 * Mail payments (lockbox): batches keyed from a deposit ticket, their items, the posting of
 * each item to the ledger (with the allocation it got), and the letters sent about them.
 *
 * "Once" is enforced by the database, not only by the code:
 *  - a batch leaves 'open'/'approved' for 'posted' by a guarded UPDATE (one row or none);
 *  - mail_postings has one row per item (PRIMARY KEY item_id) and per ledger entry;
 *  - ledger references written by this area ('mail-item:<id>', 'mail-return:<id>',
 *    'mail-nsf-fee:<id>') are unique in ledger_entries (a partial unique index).
 * Immutable once released: later changes go in a new numbered migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE mail_batches (
      id INTEGER PRIMARY KEY,
      lockbox_id TEXT NOT NULL,
      receipt_date TEXT NOT NULL CHECK (receipt_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      control_count INTEGER NOT NULL CHECK (control_count > 0),
      control_total_cents INTEGER NOT NULL CHECK (control_total_cents > 0),
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','approved','posted')),
      opened_at TEXT NOT NULL,
      opened_by INTEGER REFERENCES users(id),
      approved_at TEXT,
      approved_by INTEGER REFERENCES users(id),
      approval_note TEXT,
      posted_at TEXT,
      posted_by INTEGER REFERENCES users(id),
      CHECK ((status = 'posted') = (posted_at IS NOT NULL)),
      CHECK (status <> 'approved' OR approved_by IS NOT NULL)
    ) STRICT`,
    `CREATE INDEX mail_batches_receipt ON mail_batches(receipt_date, lockbox_id)`,
    `CREATE INDEX mail_batches_status ON mail_batches(status) WHERE status <> 'posted'`,

    `CREATE TABLE mail_items (
      id INTEGER PRIMARY KEY,
      batch_id INTEGER NOT NULL REFERENCES mail_batches(id),
      seq INTEGER NOT NULL,
      account_number TEXT NOT NULL,
      account_id INTEGER REFERENCES accounts(id),
      amount_cents INTEGER NOT NULL,
      instrument_number TEXT NOT NULL,
      instrument_type TEXT NOT NULL CHECK (instrument_type IN ('personal_check','cashiers_check','money_order')),
      payee TEXT NOT NULL,
      routing_number TEXT NOT NULL,
      remitter TEXT NOT NULL,
      notes TEXT NOT NULL DEFAULT '',
      paid_in_full INTEGER NOT NULL DEFAULT 0 CHECK (paid_in_full IN (0,1)),
      status TEXT NOT NULL CHECK (status IN ('ok','exception','override','returned','posted','nsf')),
      failures TEXT NOT NULL DEFAULT '[]',
      resolution TEXT CHECK (resolution IN ('corrected','override','returned')),
      resolution_note TEXT,
      resolved_at TEXT,
      resolved_by INTEGER REFERENCES users(id),
      keyed_at TEXT NOT NULL,
      keyed_by INTEGER REFERENCES users(id),
      nsf_at TEXT,
      nsf_by INTEGER REFERENCES users(id),
      nsf_reason TEXT,
      UNIQUE (batch_id, seq)
    ) STRICT`,
    `CREATE INDEX mail_items_dup ON mail_items(account_number, instrument_number, amount_cents)`,
    `CREATE INDEX mail_items_status ON mail_items(status) WHERE status IN ('exception','override')`,
    `CREATE INDEX mail_items_account ON mail_items(account_id) WHERE account_id IS NOT NULL`,
    `CREATE INDEX mail_items_amount ON mail_items(amount_cents)`,

    `CREATE TABLE mail_postings (
      item_id INTEGER PRIMARY KEY REFERENCES mail_items(id),
      ledger_entry_id INTEGER NOT NULL UNIQUE REFERENCES ledger_entries(id),
      account_id INTEGER NOT NULL REFERENCES accounts(id),
      posted_on TEXT NOT NULL,
      amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
      allocation TEXT NOT NULL,
      return_entry_id INTEGER UNIQUE REFERENCES ledger_entries(id),
      fee_entry_id INTEGER UNIQUE REFERENCES ledger_entries(id),
      created_at TEXT NOT NULL
    ) STRICT`,
    `CREATE INDEX mail_postings_posted_on ON mail_postings(posted_on)`,

    `CREATE TABLE mail_letters (
      id INTEGER PRIMARY KEY,
      item_id INTEGER NOT NULL REFERENCES mail_items(id),
      kind TEXT NOT NULL CHECK (kind IN ('return-to-sender','nsf-notice')),
      customer_id INTEGER REFERENCES customers(id),
      addressed_to TEXT NOT NULL,
      body TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by INTEGER REFERENCES users(id),
      UNIQUE (item_id, kind)
    ) STRICT`,

    // This area's ledger references are posted at most once, whatever the code path.
    `CREATE UNIQUE INDEX ledger_entries_mail_reference_once ON ledger_entries(reference)
      WHERE reference GLOB 'mail-*'`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
