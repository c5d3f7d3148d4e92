import { sql, type Kysely } from 'kysely';

/**
 * A call's actions ("Balance of … given to the verified caller", "EasyPay cancelled on …") keep
 * their English summary (exports, logs) and gain the message the screen shows in the agent's
 * language: its key and parameters as JSON (shared/server-messages.ts). Actions recorded before
 * this migration have none and are shown as their English summary.
 * Immutable once released: later changes go in a new numbered migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`ALTER TABLE interaction_actions ADD COLUMN message_json TEXT`).execute(db);
}
