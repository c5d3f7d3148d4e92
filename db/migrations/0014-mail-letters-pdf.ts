import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Mail-payment letters (return to sender, NSF notice) become real letters: rendered by the one
 * letter engine in the customer's language, kept as PDF beside their plain text. Letters
 * written before this migration keep their text, read as English, and have no PDF.
 * Immutable once released: later changes go in a new numbered migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Same test as isPostgres() in db/database.ts (migrations import no app code).
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const statements = [
    `ALTER TABLE mail_letters ADD COLUMN language TEXT NOT NULL DEFAULT 'en'
      CHECK (language IN ('en','fr'))`,
    `ALTER TABLE mail_letters ADD COLUMN pdf ${postgres ? 'BYTEA' : 'BLOB'}`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
