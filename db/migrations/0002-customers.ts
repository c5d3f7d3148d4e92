import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Customers and accounts: people and businesses, their phones and effective-dated addresses,
 * lease and loan accounts, the append-only account ledger (integer cents), flags, and the
 * FTS5 name/email index the search box uses.
 *
 * Nothing derived is stored: amount due, past due, payoff and the next due date are computed
 * from the ledger, the account terms and "today" (server/domain/ledger.ts).
 * Immutable once released: later changes go in a new numbered migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE customers (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('personal','business')),
      first_name TEXT NOT NULL,
      last_name TEXT NOT NULL,
      business_name TEXT,
      date_of_birth TEXT CHECK (date_of_birth GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      ssn_last4 TEXT CHECK (ssn_last4 GLOB '[0-9][0-9][0-9][0-9]'),
      email TEXT CHECK (email = lower(email)),
      language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en','fr')),
      search_name TEXT GENERATED ALWAYS AS (
        first_name || ' ' || last_name || coalesce(' ' || business_name, '')
      ) VIRTUAL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK (kind = 'personal' OR business_name IS NOT NULL)
    ) STRICT`,
    `CREATE INDEX customers_email ON customers(email) WHERE email IS NOT NULL`,
    // Names and e-mails: accent- and case-insensitive ("Hélène" = "helene"), prefix-searchable.
    `CREATE VIRTUAL TABLE customer_search USING fts5(
      search_name, email,
      content = 'customers', content_rowid = 'id',
      tokenize = "unicode61 remove_diacritics 2",
      prefix = '1 2 3'
    )`,
    `CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN
      INSERT INTO customer_search(rowid, search_name, email) VALUES (new.id, new.search_name, new.email);
    END`,
    `CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
      INSERT INTO customer_search(customer_search, rowid, search_name, email)
        VALUES ('delete', old.id, old.search_name, old.email);
    END`,
    `CREATE TRIGGER customers_search_update AFTER UPDATE OF first_name, last_name, business_name, email ON customers BEGIN
      INSERT INTO customer_search(customer_search, rowid, search_name, email)
        VALUES ('delete', old.id, old.search_name, old.email);
      INSERT INTO customer_search(rowid, search_name, email) VALUES (new.id, new.search_name, new.email);
    END`,

    `CREATE TABLE customer_phones (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      kind TEXT NOT NULL CHECK (kind IN ('mobile','home','work')),
      number TEXT NOT NULL CHECK (length(number) = 10 AND number NOT GLOB '*[^0-9]*'),
      is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0,1)),
      created_at TEXT NOT NULL
    ) STRICT`,
    `CREATE INDEX customer_phones_customer ON customer_phones(customer_id)`,
    `CREATE INDEX customer_phones_number ON customer_phones(number)`,

    `CREATE TABLE customer_addresses (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      line1 TEXT NOT NULL,
      line2 TEXT,
      city TEXT NOT NULL,
      region TEXT NOT NULL CHECK (length(region) = 2),
      postal_code TEXT NOT NULL,
      country TEXT NOT NULL CHECK (country IN ('US','CA')),
      effective_from TEXT NOT NULL CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      effective_to TEXT CHECK (effective_to >= effective_from),
      source TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by INTEGER REFERENCES users(id)
    ) STRICT`,
    `CREATE INDEX customer_addresses_customer ON customer_addresses(customer_id, effective_from)`,
    // History is never rewritten: only effective_to may be set (when a newer address starts).
    `CREATE TRIGGER customer_addresses_immutable
      BEFORE UPDATE OF customer_id, line1, line2, city, region, postal_code, country, effective_from, source, created_at
      ON customer_addresses
      BEGIN SELECT RAISE(ABORT, 'customer_addresses rows are history: add a new address instead'); END`,

    `CREATE TABLE accounts (
      id INTEGER PRIMARY KEY,
      account_number TEXT NOT NULL UNIQUE CHECK (length(account_number) = 10 AND account_number NOT GLOB '*[^0-9]*'),
      type TEXT NOT NULL CHECK (type IN ('lease','loan')),
      vin TEXT NOT NULL CHECK (length(vin) = 17),
      vin_last8 TEXT GENERATED ALWAYS AS (substr(vin, 10, 8)) STORED,
      vehicle_year INTEGER NOT NULL,
      vehicle_make TEXT NOT NULL,
      vehicle_model TEXT NOT NULL,
      holder_customer_id INTEGER NOT NULL REFERENCES customers(id),
      co_holder_customer_id INTEGER REFERENCES customers(id) CHECK (co_holder_customer_id <> holder_customer_id),
      term_months INTEGER NOT NULL CHECK (term_months BETWEEN 12 AND 96),
      frequency TEXT NOT NULL CHECK (frequency IN ('monthly','semi-monthly')),
      payment_cents INTEGER NOT NULL CHECK (payment_cents > 0),
      due_day INTEGER NOT NULL CHECK (due_day BETWEEN 1 AND 28),
      opened_on TEXT NOT NULL CHECK (opened_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      amount_financed_cents INTEGER NOT NULL CHECK (amount_financed_cents > 0),
      apr_bps INTEGER NOT NULL CHECK (apr_bps BETWEEN 0 AND 5000),
      residual_cents INTEGER CHECK (residual_cents >= 0),
      status TEXT NOT NULL CHECK (status IN ('active','paid_off','closed')),
      closed_on TEXT,
      easypay_enrolled INTEGER NOT NULL DEFAULT 0 CHECK (easypay_enrolled IN (0,1)),
      easypay_bank_account TEXT,
      easypay_bank_last4 TEXT,
      easypay_routing TEXT CHECK (length(easypay_routing) = 9),
      ultimatepay_date TEXT,
      ultimatepay_cents INTEGER CHECK (ultimatepay_cents > 0),
      lease_miles_allowed INTEGER,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK (frequency = 'monthly' OR due_day <= 13),
      CHECK ((status = 'active') = (closed_on IS NULL)),
      CHECK (type = 'lease' OR residual_cents IS NULL),
      CHECK (easypay_enrolled = 0 OR (easypay_bank_last4 IS NOT NULL AND easypay_routing IS NOT NULL)),
      CHECK ((ultimatepay_date IS NULL) = (ultimatepay_cents IS NULL))
    ) STRICT`,
    `CREATE INDEX accounts_holder ON accounts(holder_customer_id)`,
    `CREATE INDEX accounts_co_holder ON accounts(co_holder_customer_id) WHERE co_holder_customer_id IS NOT NULL`,
    `CREATE INDEX accounts_vin ON accounts(vin)`,
    `CREATE INDEX accounts_vin_last8 ON accounts(vin_last8)`,

    `CREATE TABLE ledger_entries (
      id INTEGER PRIMARY KEY,
      account_id INTEGER NOT NULL REFERENCES accounts(id),
      posted_on TEXT NOT NULL CHECK (posted_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      kind TEXT NOT NULL CHECK (kind IN ('charge','payment','fee','return','adjustment',
        'provisional_credit','provisional_credit_reversal','refund')),
      amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),
      code TEXT,
      description TEXT,
      reference TEXT,
      created_at TEXT NOT NULL,
      created_by INTEGER REFERENCES users(id),
      CHECK (CASE kind
        WHEN 'payment' THEN amount_cents < 0
        WHEN 'provisional_credit' THEN amount_cents < 0
        WHEN 'charge' THEN amount_cents > 0
        WHEN 'fee' THEN amount_cents > 0
        WHEN 'return' THEN amount_cents > 0
        WHEN 'provisional_credit_reversal' THEN amount_cents > 0
        WHEN 'refund' THEN amount_cents > 0
        ELSE 1 END)
    ) STRICT`,
    `CREATE INDEX ledger_entries_account ON ledger_entries(account_id, posted_on)`,
    `CREATE INDEX ledger_entries_reference ON ledger_entries(reference) WHERE reference IS NOT NULL`,
    // A ledger is corrected by new entries (adjustments, reversals), never edited.
    `CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
      BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only: post an adjustment instead'); END`,
    `CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
      BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only: post an adjustment instead'); END`,

    `CREATE TABLE customer_flags (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      kind TEXT NOT NULL,
      note TEXT,
      raised_at TEXT NOT NULL,
      raised_by INTEGER REFERENCES users(id),
      cleared_at TEXT,
      cleared_by INTEGER REFERENCES users(id),
      clear_reason TEXT
    ) STRICT`,
    `CREATE INDEX customer_flags_customer ON customer_flags(customer_id, kind)`,
    `CREATE TABLE account_flags (
      id INTEGER PRIMARY KEY,
      account_id INTEGER NOT NULL REFERENCES accounts(id),
      kind TEXT NOT NULL,
      note TEXT,
      raised_at TEXT NOT NULL,
      raised_by INTEGER REFERENCES users(id),
      cleared_at TEXT,
      cleared_by INTEGER REFERENCES users(id),
      clear_reason TEXT
    ) STRICT`,
    `CREATE INDEX account_flags_account ON account_flags(account_id, kind)`,
  ];
  // Same test as isPostgres() in db/database.ts (migrations import no app code).
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const statement of postgres ? POSTGRES : statements) await sql.raw(statement).execute(db);
}

/**
 * The same schema on PostgreSQL (see 0001). FTS5's customer_search becomes a GIN full-text index
 * over customers: customer_search_document(search_name, email) folds case and accents (unaccent,
 * wrapped as IMMUTABLE so it can be indexed) and splits on punctuation like FTS5's unicode61, and
 * customer_search_query('hel trem') builds the prefix query 'hel':* & 'trem':*.
 */
const POSTGRES = [
  `CREATE EXTENSION IF NOT EXISTS unaccent`,
  `CREATE TABLE customers (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('personal','business')),
      first_name TEXT NOT NULL,
      last_name TEXT NOT NULL,
      business_name TEXT,
      date_of_birth TEXT CHECK (date_of_birth ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      ssn_last4 TEXT CHECK (ssn_last4 ~ '^[0-9]{4}$'),
      email TEXT CHECK (email = lower(email)),
      language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en','fr')),
      search_name TEXT GENERATED ALWAYS AS (
        first_name || ' ' || last_name || coalesce(' ' || business_name, '')
      ) STORED,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK (kind = 'personal' OR business_name IS NOT NULL)
    )`,
  `CREATE INDEX customers_email ON customers(email) WHERE email IS NOT NULL`,
  `CREATE TABLE customer_phones (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      customer_id BIGINT NOT NULL REFERENCES customers(id),
      kind TEXT NOT NULL CHECK (kind IN ('mobile','home','work')),
      number TEXT NOT NULL CHECK (length(number) = 10 AND number ~ '^[0-9]*$'),
      is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0,1)),
      created_at TEXT NOT NULL
    )`,
  `CREATE INDEX customer_phones_customer ON customer_phones(customer_id)`,
  `CREATE INDEX customer_phones_number ON customer_phones(number)`,
  `CREATE TABLE customer_addresses (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      customer_id BIGINT NOT NULL REFERENCES customers(id),
      line1 TEXT NOT NULL,
      line2 TEXT,
      city TEXT NOT NULL,
      region TEXT NOT NULL CHECK (length(region) = 2),
      postal_code TEXT NOT NULL,
      country TEXT NOT NULL CHECK (country IN ('US','CA')),
      effective_from TEXT NOT NULL CHECK (effective_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      effective_to TEXT CHECK (effective_to >= effective_from),
      source TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by BIGINT REFERENCES users(id)
    )`,
  `CREATE INDEX customer_addresses_customer ON customer_addresses(customer_id, effective_from)`,
  `CREATE TRIGGER customer_addresses_immutable BEFORE UPDATE OF customer_id, line1, line2, city, region, postal_code, country, effective_from, source, created_at ON customer_addresses
      FOR EACH ROW EXECUTE FUNCTION reject_change('customer_addresses rows are history: add a new address instead')`,
  `CREATE TABLE accounts (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      account_number TEXT NOT NULL UNIQUE CHECK (length(account_number) = 10 AND account_number ~ '^[0-9]*$'),
      type TEXT NOT NULL CHECK (type IN ('lease','loan')),
      vin TEXT NOT NULL CHECK (length(vin) = 17),
      vin_last8 TEXT GENERATED ALWAYS AS (substr(vin, 10, 8)) STORED,
      vehicle_year BIGINT NOT NULL,
      vehicle_make TEXT NOT NULL,
      vehicle_model TEXT NOT NULL,
      holder_customer_id BIGINT NOT NULL REFERENCES customers(id),
      co_holder_customer_id BIGINT REFERENCES customers(id) CHECK (co_holder_customer_id <> holder_customer_id),
      term_months BIGINT NOT NULL CHECK (term_months BETWEEN 12 AND 96),
      frequency TEXT NOT NULL CHECK (frequency IN ('monthly','semi-monthly')),
      payment_cents BIGINT NOT NULL CHECK (payment_cents > 0),
      due_day BIGINT NOT NULL CHECK (due_day BETWEEN 1 AND 28),
      opened_on TEXT NOT NULL CHECK (opened_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      amount_financed_cents BIGINT NOT NULL CHECK (amount_financed_cents > 0),
      apr_bps BIGINT NOT NULL CHECK (apr_bps BETWEEN 0 AND 5000),
      residual_cents BIGINT CHECK (residual_cents >= 0),
      status TEXT NOT NULL CHECK (status IN ('active','paid_off','closed')),
      closed_on TEXT,
      easypay_enrolled INTEGER NOT NULL DEFAULT 0 CHECK (easypay_enrolled IN (0,1)),
      easypay_bank_account TEXT,
      easypay_bank_last4 TEXT,
      easypay_routing TEXT CHECK (length(easypay_routing) = 9),
      ultimatepay_date TEXT,
      ultimatepay_cents BIGINT CHECK (ultimatepay_cents > 0),
      lease_miles_allowed BIGINT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK (frequency = 'monthly' OR due_day <= 13),
      CHECK ((status = 'active') = (closed_on IS NULL)),
      CHECK (type = 'lease' OR residual_cents IS NULL),
      CHECK (easypay_enrolled = 0 OR (easypay_bank_last4 IS NOT NULL AND easypay_routing IS NOT NULL)),
      CHECK ((ultimatepay_date IS NULL) = (ultimatepay_cents IS NULL))
    )`,
  `CREATE INDEX accounts_holder ON accounts(holder_customer_id)`,
  `CREATE INDEX accounts_co_holder ON accounts(co_holder_customer_id) WHERE co_holder_customer_id IS NOT NULL`,
  `CREATE INDEX accounts_vin ON accounts(vin)`,
  `CREATE INDEX accounts_vin_last8 ON accounts(vin_last8)`,
  `CREATE TABLE ledger_entries (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      account_id BIGINT NOT NULL REFERENCES accounts(id),
      posted_on TEXT NOT NULL CHECK (posted_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      kind TEXT NOT NULL CHECK (kind IN ('charge','payment','fee','return','adjustment',
        'provisional_credit','provisional_credit_reversal','refund')),
      amount_cents BIGINT NOT NULL CHECK (amount_cents <> 0),
      code TEXT,
      description TEXT,
      reference TEXT,
      created_at TEXT NOT NULL,
      created_by BIGINT REFERENCES users(id),
      CHECK (CASE kind
        WHEN 'payment' THEN amount_cents < 0
        WHEN 'provisional_credit' THEN amount_cents < 0
        WHEN 'charge' THEN amount_cents > 0
        WHEN 'fee' THEN amount_cents > 0
        WHEN 'return' THEN amount_cents > 0
        WHEN 'provisional_credit_reversal' THEN amount_cents > 0
        WHEN 'refund' THEN amount_cents > 0
        ELSE true END)
    )`,
  `CREATE INDEX ledger_entries_account ON ledger_entries(account_id, posted_on)`,
  `CREATE INDEX ledger_entries_reference ON ledger_entries(reference) WHERE reference IS NOT NULL`,
  `CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION reject_change('ledger_entries is append-only: post an adjustment instead')`,
  `CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION reject_change('ledger_entries is append-only: post an adjustment instead')`,
  `CREATE TABLE customer_flags (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      customer_id BIGINT NOT NULL REFERENCES customers(id),
      kind TEXT NOT NULL,
      note TEXT,
      raised_at TEXT NOT NULL,
      raised_by BIGINT REFERENCES users(id),
      cleared_at TEXT,
      cleared_by BIGINT REFERENCES users(id),
      clear_reason TEXT
    )`,
  `CREATE INDEX customer_flags_customer ON customer_flags(customer_id, kind)`,
  `CREATE TABLE account_flags (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      account_id BIGINT NOT NULL REFERENCES accounts(id),
      kind TEXT NOT NULL,
      note TEXT,
      raised_at TEXT NOT NULL,
      raised_by BIGINT REFERENCES users(id),
      cleared_at TEXT,
      cleared_by BIGINT REFERENCES users(id),
      clear_reason TEXT
    )`,
  `CREATE INDEX account_flags_account ON account_flags(account_id, kind)`,
  `CREATE FUNCTION customer_search_fold(words TEXT) RETURNS TEXT
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, words)), '[^[:alnum:]]+', ' ', 'g')) $$`,
  `CREATE FUNCTION customer_search_document(search_name TEXT, email TEXT) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT to_tsvector('simple', customer_search_fold(coalesce(search_name, '') || ' ' || coalesce(email, ''))) $$`,
  `CREATE FUNCTION customer_search_query(words TEXT) RETURNS tsquery
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT to_tsquery('simple', string_agg(quote_literal(w) || ':*', ' & '))
        FROM regexp_split_to_table(customer_search_fold(words), ' ') AS w WHERE w <> '' $$`,
  `CREATE INDEX customer_search ON customers USING gin (customer_search_document(search_name, email))`,
];
