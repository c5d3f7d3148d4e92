import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { isPostgres, type DbOrTrx } from '../database.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export interface AuditActor {
  id: number | null;
  username: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Canonical JSON: keys sorted, so the same record always hashes the same. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

export function auditHash(prevHash: string, record: Record<string, unknown>): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(record)).digest('hex');
}

/** Transaction-scoped advisory lock that queues PostgreSQL's audit writers (any 64-bit key). */
const AUDIT_CHAIN_LOCK = 0x0c1c_a0d1;

/**
 * Appends one record to the hash-chained audit log. Must run inside the mutation's write
 * transaction (BEGIN IMMEDIATE), which makes reading the previous hash race-free.
 *
 * On PostgreSQL writers are concurrent: an advisory lock held to the end of the transaction
 * queues audit writers, so a READ COMMITTED transaction (background jobs) reads the head its
 * predecessor committed; a SERIALIZABLE one whose snapshot predates that commit is stopped by
 * serialization checks or, at the latest, by the unique `audit_log_chain` index on prev_hash
 * (a chain never forks), and is re-run (db/transactions.ts).
 */
export async function appendAudit(
  db: DbOrTrx,
  actor: AuditActor,
  at: string,
  entry: AuditEntry,
): Promise<void> {
  if (isPostgres(db)) await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(db);
  const last = await db
    .selectFrom('audit_log')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const record = {
    at,
    actor_user_id: actor.id,
    actor_username: actor.username,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId == null ? null : String(entry.entityId),
    before_json: entry.before === undefined ? null : canonical(entry.before),
    after_json: entry.after === undefined ? null : canonical(entry.after),
    reason: entry.reason ?? null,
  };
  await db
    .insertInto('audit_log')
    .values({ ...record, prev_hash: prevHash, hash: auditHash(prevHash, record) })
    .execute();
}

/**
 * Walks the chain and reports the first record whose hash does not match its content or its
 * predecessor: evidence of tampering outside the app.
 */
export async function verifyAuditChain(
  db: DbOrTrx,
): Promise<{ ok: true; count: number } | { ok: false; brokenAtId: number; count: number }> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  let prev = GENESIS_HASH;
  for (const row of rows) {
    const { id, hash, prev_hash, ...record } = row;
    if (prev_hash !== prev || auditHash(prev, record) !== hash) {
      return { ok: false, brokenAtId: id, count: rows.length };
    }
    prev = hash;
  }
  return { ok: true, count: rows.length };
}
