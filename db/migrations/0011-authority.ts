import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The authority matrix, as data an admin edits (server/controls/):
 *  - authority_rules: per staff role and money action, the limits in cents (per item, per case,
 *    per day; NULL = no limit) and whether the action always needs a second person.
 *  - authority_usage: what each person moved, per action, case and centre-local day, so the
 *    per-case and per-day limits sum what was really done.
 *  - authority_approvals: the supervisors' queue. An action above its maker's authority is
 *    refused with a pending request; a supervisor other than the maker approves (or rejects)
 *    it; the maker's next identical attempt then uses the approval once.
 * Seeded with the centre's defaults. Immutable once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = postgres ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY';
  const int = postgres ? 'BIGINT' : 'INTEGER';
  const strict = postgres ? '' : ' STRICT';
  const statements = [
    `CREATE TABLE authority_rules (
      role TEXT NOT NULL CHECK (role IN ('agent','supervisor','trainer','admin')),
      action TEXT NOT NULL CHECK (action IN ('provisional-credit','correction','reversal','mail-posting','mail-override')),
      per_item_cents ${int} CHECK (per_item_cents >= 0),
      per_case_cents ${int} CHECK (per_case_cents >= 0),
      per_day_cents ${int} CHECK (per_day_cents >= 0),
      second_person ${int} NOT NULL DEFAULT 0 CHECK (second_person IN (0,1)),
      updated_at TEXT NOT NULL,
      updated_by ${int} REFERENCES users(id),
      PRIMARY KEY (role, action)
    )${strict}`,
    `CREATE TABLE authority_usage (
      id ${id},
      user_id ${int} NOT NULL REFERENCES users(id),
      action TEXT NOT NULL,
      case_key TEXT NOT NULL,
      amount_cents ${int} NOT NULL CHECK (amount_cents >= 0),
      local_date TEXT NOT NULL,
      at TEXT NOT NULL,
      approval_id ${int}
    )${strict}`,
    `CREATE INDEX authority_usage_user_day ON authority_usage(user_id, local_date, action)`,
    `CREATE INDEX authority_usage_case ON authority_usage(case_key, action)`,
    `CREATE TABLE authority_approvals (
      id ${id},
      action TEXT NOT NULL,
      case_key TEXT NOT NULL,
      amount_cents ${int} NOT NULL CHECK (amount_cents >= 0),
      largest_item_cents ${int} NOT NULL CHECK (largest_item_cents >= 0),
      reasons TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending','approved','rejected','used')),
      requested_by ${int} NOT NULL REFERENCES users(id),
      requested_at TEXT NOT NULL,
      decided_by ${int} REFERENCES users(id),
      decided_at TEXT,
      decision_note TEXT,
      used_at TEXT,
      CHECK (decided_by IS NULL OR decided_by <> requested_by)
    )${strict}`,
    `CREATE INDEX authority_approvals_status ON authority_approvals(status, requested_at)`,
    `CREATE INDEX authority_approvals_match ON authority_approvals(requested_by, action, case_key)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);

  const now = new Date().toISOString();
  const d = (dollars: number | null) => (dollars === null ? null : dollars * 100);
  // [role, action, per item, per case, per day (dollars; null = no limit), second person].
  // Mail posting applies cheques already received: limited per cheque (a mis-keyed amount), not
  // per batch or day (a 6,000-item lockbox file is one batch).
  const defaults: Array<[string, string, number | null, number | null, number | null, 0 | 1]> = [
    ['agent', 'provisional-credit', 5_000, 10_000, 50_000, 0],
    ['agent', 'correction', 5_000, 10_000, 50_000, 0],
    ['agent', 'reversal', 5_000, 10_000, 50_000, 0],
    ['agent', 'mail-posting', 50_000, null, null, 0],
    ['agent', 'mail-override', 10_000, 50_000, 100_000, 0],
    ['trainer', 'provisional-credit', 5_000, 10_000, 50_000, 0],
    ['trainer', 'correction', 5_000, 10_000, 50_000, 0],
    ['trainer', 'reversal', 5_000, 10_000, 50_000, 0],
    ['trainer', 'mail-posting', 50_000, null, null, 0],
    ['trainer', 'mail-override', 10_000, 50_000, 100_000, 0],
    ['supervisor', 'provisional-credit', 50_000, 100_000, 500_000, 0],
    ['supervisor', 'correction', 50_000, 100_000, 500_000, 0],
    ['supervisor', 'reversal', 50_000, 100_000, 500_000, 0],
    ['supervisor', 'mail-posting', 250_000, null, null, 0],
    ['supervisor', 'mail-override', 100_000, 500_000, 1_000_000, 0],
    ['admin', 'provisional-credit', 50_000, 100_000, 500_000, 0],
    ['admin', 'correction', 50_000, 100_000, 500_000, 0],
    ['admin', 'reversal', 50_000, 100_000, 500_000, 0],
    ['admin', 'mail-posting', 250_000, null, null, 0],
    ['admin', 'mail-override', 100_000, 500_000, 1_000_000, 0],
  ];
  await db
    .insertInto('authority_rules')
    .values(
      defaults.map(([role, action, item, perCase, day, second]) => ({
        role,
        action,
        per_item_cents: d(item),
        per_case_cents: d(perCase),
        per_day_cents: d(day),
        second_person: second,
        updated_at: now,
        updated_by: null,
      })),
    )
    .execute();
}
