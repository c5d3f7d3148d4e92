import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Address changes (SPEC 5): identity verification attempts and the per-customer lock, the
 * change requests themselves (with their red flags and maker-checker decision), the accounts
 * each one covers, the confirmation letters sent to the old and the new address, and payoff /
 * title requests (a red-flag signal after a change).
 *
 * The addresses themselves stay in customer_addresses (effective-dated, never rewritten): an
 * applied change points at the row it added.
 * Immutable once released: later changes go in a new numbered migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE identity_verifications (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      method TEXT NOT NULL CHECK (method IN ('dob_ssn_zip','dob_vin','vin')),
      result TEXT NOT NULL CHECK (result IN ('passed','failed','locked')),
      channel TEXT NOT NULL CHECK (channel IN ('phone','message','mail')),
      failed_before INTEGER NOT NULL DEFAULT 0 CHECK (failed_before >= 0),
      attempted_at TEXT NOT NULL,
      attempted_by INTEGER REFERENCES users(id)
    ) STRICT`,
    `CREATE INDEX identity_verifications_customer ON identity_verifications(customer_id, attempted_at)`,

    `CREATE TABLE identity_verification_locks (
      customer_id INTEGER PRIMARY KEY REFERENCES customers(id),
      failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
      locked_until TEXT,
      updated_at TEXT NOT NULL
    ) STRICT`,

    `CREATE TABLE address_changes (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      channel TEXT NOT NULL CHECK (channel IN ('phone','message','mail')),
      requester_customer_id INTEGER NOT NULL REFERENCES customers(id),
      requester_role TEXT NOT NULL CHECK (requester_role IN ('holder','co_holder')),
      verification_id INTEGER REFERENCES identity_verifications(id),
      old_address_id INTEGER REFERENCES customer_addresses(id),
      line1 TEXT NOT NULL,
      line2 TEXT,
      city TEXT NOT NULL,
      region TEXT NOT NULL CHECK (length(region) = 2),
      postal_code TEXT NOT NULL,
      country TEXT NOT NULL CHECK (country IN ('US','CA')),
      address_key TEXT NOT NULL,
      effective_from TEXT NOT NULL CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      reason TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending_approval','applied','rejected','in_review','reverted')),
      red_flags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(red_flags)),
      new_address_id INTEGER REFERENCES customer_addresses(id),
      restored_address_id INTEGER REFERENCES customer_addresses(id),
      from_thread_id INTEGER,
      requested_on TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by INTEGER REFERENCES users(id),
      decided_at TEXT,
      decided_by INTEGER REFERENCES users(id),
      decision_reason TEXT,
      CHECK (status NOT IN ('applied','in_review','reverted') OR new_address_id IS NOT NULL),
      CHECK (decided_by IS NULL OR created_by IS NULL OR decided_by <> created_by)
    ) STRICT`,
    `CREATE INDEX address_changes_customer ON address_changes(customer_id, requested_on)`,
    `CREATE INDEX address_changes_open ON address_changes(status, created_at) WHERE status IN ('pending_approval','in_review')`,
    `CREATE INDEX address_changes_key ON address_changes(address_key)`,

    `CREATE TABLE address_change_accounts (
      change_id INTEGER NOT NULL REFERENCES address_changes(id),
      account_id INTEGER NOT NULL REFERENCES accounts(id),
      PRIMARY KEY (change_id, account_id)
    ) STRICT, WITHOUT ROWID`,

    `CREATE TABLE address_change_letters (
      id INTEGER PRIMARY KEY,
      change_id INTEGER NOT NULL REFERENCES address_changes(id),
      recipient TEXT NOT NULL CHECK (recipient IN ('old','new')),
      language TEXT NOT NULL CHECK (language IN ('en','fr')),
      mailing_address TEXT NOT NULL,
      pdf BLOB,
      sent_at TEXT NOT NULL,
      sent_by INTEGER REFERENCES users(id),
      UNIQUE (change_id, recipient)
    ) STRICT`,

    `CREATE TABLE customer_requests (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      account_id INTEGER REFERENCES accounts(id),
      kind TEXT NOT NULL CHECK (kind IN ('payoff','title')),
      channel TEXT NOT NULL CHECK (channel IN ('phone','message','mail')),
      note TEXT,
      requested_on TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by INTEGER REFERENCES users(id)
    ) STRICT`,
    `CREATE INDEX customer_requests_customer ON customer_requests(customer_id, requested_on)`,

    // "Is this new address another customer's?" looks addresses up by postal code.
    `CREATE INDEX customer_addresses_postal ON customer_addresses(postal_code)`,
  ];
  // Same test as isPostgres() in db/database.ts (migrations import no app code).
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const statement of postgres ? POSTGRES : statements) await sql.raw(statement).execute(db);
}

/** The same schema on PostgreSQL (see 0001). */
const POSTGRES = [
  `CREATE TABLE identity_verifications (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      customer_id BIGINT NOT NULL REFERENCES customers(id),
      method TEXT NOT NULL CHECK (method IN ('dob_ssn_zip','dob_vin','vin')),
      result TEXT NOT NULL CHECK (result IN ('passed','failed','locked')),
      channel TEXT NOT NULL CHECK (channel IN ('phone','message','mail')),
      failed_before BIGINT NOT NULL DEFAULT 0 CHECK (failed_before >= 0),
      attempted_at TEXT NOT NULL,
      attempted_by BIGINT REFERENCES users(id)
    )`,
  `CREATE INDEX identity_verifications_customer ON identity_verifications(customer_id, attempted_at)`,
  `CREATE TABLE identity_verification_locks (
      customer_id BIGINT PRIMARY KEY REFERENCES customers(id),
      failed_attempts BIGINT NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
      locked_until TEXT,
      updated_at TEXT NOT NULL
    )`,
  `CREATE TABLE address_changes (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      customer_id BIGINT NOT NULL REFERENCES customers(id),
      channel TEXT NOT NULL CHECK (channel IN ('phone','message','mail')),
      requester_customer_id BIGINT NOT NULL REFERENCES customers(id),
      requester_role TEXT NOT NULL CHECK (requester_role IN ('holder','co_holder')),
      verification_id BIGINT REFERENCES identity_verifications(id),
      old_address_id BIGINT REFERENCES customer_addresses(id),
      line1 TEXT NOT NULL,
      line2 TEXT,
      city TEXT NOT NULL,
      region TEXT NOT NULL CHECK (length(region) = 2),
      postal_code TEXT NOT NULL,
      country TEXT NOT NULL CHECK (country IN ('US','CA')),
      address_key TEXT NOT NULL,
      effective_from TEXT NOT NULL CHECK (effective_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      reason TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending_approval','applied','rejected','in_review','reverted')),
      red_flags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(red_flags)),
      new_address_id BIGINT REFERENCES customer_addresses(id),
      restored_address_id BIGINT REFERENCES customer_addresses(id),
      from_thread_id BIGINT,
      requested_on TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by BIGINT REFERENCES users(id),
      decided_at TEXT,
      decided_by BIGINT REFERENCES users(id),
      decision_reason TEXT,
      CHECK (status NOT IN ('applied','in_review','reverted') OR new_address_id IS NOT NULL),
      CHECK (decided_by IS NULL OR created_by IS NULL OR decided_by <> created_by)
    )`,
  `CREATE INDEX address_changes_customer ON address_changes(customer_id, requested_on)`,
  `CREATE INDEX address_changes_open ON address_changes(status, created_at) WHERE status IN ('pending_approval','in_review')`,
  `CREATE INDEX address_changes_key ON address_changes(address_key)`,
  `CREATE TABLE address_change_accounts (
      change_id BIGINT NOT NULL REFERENCES address_changes(id),
      account_id BIGINT NOT NULL REFERENCES accounts(id),
      PRIMARY KEY (change_id, account_id)
    )`,
  `CREATE TABLE address_change_letters (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      change_id BIGINT NOT NULL REFERENCES address_changes(id),
      recipient TEXT NOT NULL CHECK (recipient IN ('old','new')),
      language TEXT NOT NULL CHECK (language IN ('en','fr')),
      mailing_address TEXT NOT NULL,
      pdf BYTEA,
      sent_at TEXT NOT NULL,
      sent_by BIGINT REFERENCES users(id),
      UNIQUE (change_id, recipient)
    )`,
  `CREATE TABLE customer_requests (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      customer_id BIGINT NOT NULL REFERENCES customers(id),
      account_id BIGINT REFERENCES accounts(id),
      kind TEXT NOT NULL CHECK (kind IN ('payoff','title')),
      channel TEXT NOT NULL CHECK (channel IN ('phone','message','mail')),
      note TEXT,
      requested_on TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by BIGINT REFERENCES users(id)
    )`,
  `CREATE INDEX customer_requests_customer ON customer_requests(customer_id, requested_on)`,
  `CREATE INDEX customer_addresses_postal ON customer_addresses(postal_code)`,
];
