import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrations } from '../../db/migrations/index.ts';
import {
  auditHash,
  auditTriggers,
  GENESIS_HASH,
  hashedRecord,
  verifyAuditChain,
} from '../../db/repositories/audit.ts';
import type { DbOrTrx } from '../../db/database.ts';
import type { DB } from '../../db/schema/index.ts';

/**
 * The checks a database file must pass before it is a backup or is restored: its audit chain
 * and triggers are intact, its integrity check passes, its migrations are known to this build.
 */

export interface AuditReport {
  ok: boolean;
  count: number;
  brokenAtId?: number;
  /** Why the first broken record is broken. */
  reason?: string;
  /** Append-only triggers that are gone (or, on PostgreSQL, disabled): someone bypassed the app. */
  missingTriggers: string[];
}

const AUDIT_TRIGGERS = ['audit_log_no_update', 'audit_log_no_delete'];

function kyselyOver(sqlite: Database.Database): Kysely<DB> {
  // No destroy(): the caller owns (and closes) the connection.
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** `auditReportOf` over an open SQLite file (backups, restores, the reliability tests). */
export async function auditReport(sqlite: Database.Database): Promise<AuditReport> {
  return auditReportOf(kyselyOver(sqlite));
}

/**
 * Verifies the audit hash chain and that the log is still protected by its append-only triggers,
 * on either engine (`desk audit-verify` runs it on a data folder or on PostgreSQL).
 */
export async function auditReportOf(db: DbOrTrx): Promise<AuditReport> {
  const present = new Set(await auditTriggers(db));
  const missingTriggers = AUDIT_TRIGGERS.filter((t) => !present.has(t));
  const result = await verifyAuditChain(db);
  if (result.ok) return { ok: missingTriggers.length === 0, count: result.count, missingTriggers };
  const row = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('id', '=', result.brokenAtId)
    .executeTakeFirstOrThrow();
  const before = await db
    .selectFrom('audit_log')
    .select(['id', 'hash'])
    .where('id', '<', row.id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const expectedPrev = before?.hash ?? GENESIS_HASH;
  const { id: _id, hash, prev_hash, ...record } = row;
  let reason: string;
  if (prev_hash !== expectedPrev) {
    reason = before
      ? `its prev_hash does not match the hash of record #${before.id}: a record before it was removed, inserted or changed`
      : 'it is the first record but does not start from the genesis hash: earlier records were removed';
  } else if (auditHash(prev_hash, hashedRecord(record)) !== hash) {
    reason = 'its content does not match its hash: the record was changed after it was written';
  } else {
    reason = 'the chain does not link here';
  }
  return { ok: false, count: result.count, brokenAtId: row.id, reason, missingTriggers };
}

export interface DatabaseCheck {
  integrity: string;
  /** Applied migrations, oldest first. */
  migrations: string[];
  /** Applied migrations this build does not know (a newer app wrote the file). */
  unknownMigrations: string[];
  kind: string | null;
  audit: AuditReport | null;
}

/** `PRAGMA integrity_check`, the schema version and kind, and the audit chain of an open file. */
export async function checkDatabase(sqlite: Database.Database): Promise<DatabaseCheck> {
  const integrity = (sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>)
    .map((r) => r.integrity_check)
    .join('; ');
  const hasTable = (name: string) =>
    sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(name) !==
    undefined;
  const applied = hasTable('kysely_migration')
    ? (
        sqlite.prepare('select name from kysely_migration order by name').all() as Array<{
          name: string;
        }>
      ).map((r) => r.name)
    : [];
  const kind = hasTable('app_meta')
    ? ((
        sqlite.prepare(`select value from app_meta where key = 'database_kind'`).get() as
          { value: string } | undefined
      )?.value ?? null)
    : null;
  return {
    integrity,
    migrations: applied,
    unknownMigrations: applied.filter((name) => !(name in migrations)),
    kind,
    audit: integrity === 'ok' && hasTable('audit_log') ? await auditReport(sqlite) : null,
  };
}
