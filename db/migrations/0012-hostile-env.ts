import { sql, type Kysely } from 'kysely';

/**
 * The e-mail outbox claims a row before sending it (issue 19): `claimed_by` names the sender
 * (server instance / process) and `claimed_at` when, set by one atomic UPDATE, so two senders
 * (two servers on one data folder by mistake, several instances on PostgreSQL) never send the
 * same row twice. A claim older than the claim timeout is taken over (the sender died).
 * Immutable once released: later changes go in a new numbered migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // The same statements on both engines (TEXT columns, nullable).
  const statements = [
    `ALTER TABLE email_outbox ADD COLUMN claimed_by TEXT`,
    `ALTER TABLE email_outbox ADD COLUMN claimed_at TEXT`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
