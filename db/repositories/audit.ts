import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { canonicalJson } from '../canonical-json.ts';
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
  /**
   * Client address of the request that writes the record (server/trpc.ts passes the request's);
   * writes that no client asked for pass what wrote them: 'server', 'cli'. Default 'server'.
   */
  address?: string;
}

/**
 * What the hash covers: the record, and its client address when it has one (records from
 * before migration 0010 have none, and were hashed without it).
 */
export function hashedRecord(
  record: Record<string, unknown> & { client_address: string | null },
): Record<string, unknown> {
  const { client_address, ...rest } = record;
  return client_address == null ? rest : { ...rest, client_address };
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON (keys in code-point order, db/canonical-json.ts), so the same record always
 * hashes the same on every machine. Records written before it used `localeCompare`; they still
 * verify (docs/audit-canonical-json.md).
 */
function canonical(value: unknown): string {
  return canonicalJson(value) ?? 'null';
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
  // SQL text, not the query builder: every mutation runs these two statements, and building +
  // compiling a statement with the builder costs several times the text's (see messages.ts).
  const {
    rows: [last],
  } = await sql<{ hash: string }>`
    select hash from audit_log order by id desc limit 1
  `.execute(db);
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
    client_address: actor.address ?? 'server',
  };
  const hash = auditHash(prevHash, hashedRecord(record));
  await sql`
    insert into audit_log (at, actor_user_id, actor_username, action, entity_type, entity_id,
      before_json, after_json, reason, client_address, prev_hash, hash)
    values (${record.at}, ${record.actor_user_id}, ${record.actor_username}, ${record.action},
      ${record.entity_type}, ${record.entity_id}, ${record.before_json}, ${record.after_json},
      ${record.reason}, ${record.client_address}, ${prevHash}, ${hash})
  `.execute(db);
}

/** Rows read per round trip by `verifyAuditChain` (a central log can hold millions). */
const VERIFY_BATCH = 5000;

/**
 * Walks the chain and reports the first record whose hash does not match its content or its
 * predecessor: evidence of tampering outside the app. Reads in id order, a batch at a time, so
 * memory stays flat however long the log is; the log is append-only, so records committed while
 * it walks simply extend the chain. The same on both engines (ids and numbers come back as JS
 * numbers from PostgreSQL too, so the canonical JSON hashed is identical).
 */
export async function verifyAuditChain(
  db: DbOrTrx,
): Promise<{ ok: true; count: number } | { ok: false; brokenAtId: number; count: number }> {
  let prev = GENESIS_HASH;
  let lastId = 0;
  let walked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(VERIFY_BATCH)
      .execute();
    for (const row of rows) {
      const { id, hash, prev_hash, ...record } = row;
      if (prev_hash !== prev || auditHash(prev, hashedRecord(record)) !== hash) {
        const total = await db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        return { ok: false, brokenAtId: id, count: Number(total.n) };
      }
      prev = hash;
      lastId = id;
      walked += 1;
    }
    if (rows.length < VERIFY_BATCH) return { ok: true, count: walked };
  }
}

/**
 * The append-only triggers that currently protect `audit_log` (a disabled trigger on PostgreSQL
 * does not count). SQLite lists them in sqlite_master; PostgreSQL in pg_trigger.
 */
export async function auditTriggers(db: DbOrTrx): Promise<string[]> {
  const rows = isPostgres(db)
    ? await sql<{ name: string }>`
        select tgname as name from pg_trigger
        where tgrelid = to_regclass('audit_log') and not tgisinternal and tgenabled <> 'D'
        order by tgname
      `.execute(db)
    : await sql<{ name: string }>`
        select name from sqlite_master where type = 'trigger' and tbl_name = 'audit_log'
        order by name
      `.execute(db);
  return rows.rows.map((r) => r.name);
}

export interface AuditFilter {
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorUserId?: number | undefined;
  /** Action prefix (`user.` lists every user action). */
  action?: string | undefined;
  /** Records older than this id (paging newest first). */
  beforeId?: number | null | undefined;
  limit: number;
}

/** One page of the audit log, newest first. */
export function listAudit(db: DbOrTrx, filter: AuditFilter) {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  if (filter.actorUserId) q = q.where('actor_user_id', '=', filter.actorUserId);
  if (filter.action) q = q.where('action', 'like', `${filter.action}%`);
  if (filter.beforeId) q = q.where('id', '<', filter.beforeId);
  return q.execute();
}
