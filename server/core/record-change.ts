import type { AuditEntry } from '../../db/repositories/audit.ts';
import type { Context } from '../trpc/base.ts';

/** What a mutation use case needs from the request: its transaction, audit and after-commit. */
export type MutationContext = Pick<
  Context,
  'db' | 'now' | 'today' | 'timeZone' | 'deps' | 'audit' | 'afterCommit'
> & {
  user: NonNullable<Context['user']>;
};

export interface ChangeSpec<Row, Result> {
  /** Audit action, e.g. `dispute.post-correction`. */
  action: string;
  /** Audit entity type and the live-event area (`changed` is emitted for it after commit). */
  entityType: string;
  area: string;
  entityId: number | string;
  /**
   * Reads the record as it is now (called again after `apply` for the audit's `after`, unless
   * `afterOf` gives it).
   */
  load: () => Promise<Row>;
  /** Business checks on the loaded record; throws a DomainError to refuse (nothing written). */
  guard?: (before: Row) => void | Promise<void>;
  /** The writes. */
  apply: (before: Row) => Promise<Result>;
  /**
   * The record as `apply` left it, when `apply` already has it (an UPDATE … RETURNING of the
   * whole row, in this transaction, with no later write to it), so it is not read again.
   */
  afterOf?: (result: Result) => Row;
  /** What of a row goes into the audit record (default: the row itself). */
  auditView?: (row: Row) => unknown;
  /** The audit's `after` when it should also say what `apply` returned (default: the view). */
  auditAfter?: (after: Row, result: Result) => unknown;
  reason?: string | null;
  /**
   * false: no live event for this record (a bulk use case emits one for the whole batch
   * instead of one per record).
   */
  emit?: boolean;
}

/**
 * The one load → guard → update → audit → emit sequence of a mutation use case. Runs inside
 * the mutation's transaction (server/trpc/base.ts), so a refusal in `guard` or a failure in
 * `apply` leaves the database as it was; the live event goes out only after commit.
 *
 * @example
 * const { after } = await recordChange(ctx, {
 *   action: 'dispute.assign', entityType: 'dispute', area: 'disputes', entityId: id,
 *   load: () => requireDispute(ctx.db, id, version),
 *   guard: (c) => notClosed(c),
 *   apply: (c) => saveDispute(ctx.db, c.id, { assigned_to: userId }, ctx.now.toISOString(), version),
 * });
 */
export async function recordChange<Row, Result>(
  ctx: MutationContext,
  spec: ChangeSpec<Row, Result>,
): Promise<{ before: Row; after: Row; result: Result }> {
  const before = await spec.load();
  await spec.guard?.(before);
  const result = await spec.apply(before);
  const after = spec.afterOf ? spec.afterOf(result) : await spec.load();
  const view = spec.auditView ?? ((row: Row) => row);
  const entry: AuditEntry = {
    action: spec.action,
    entityType: spec.entityType,
    entityId: spec.entityId,
    before: view(before),
    after: spec.auditAfter ? spec.auditAfter(after, result) : view(after),
    reason: spec.reason ?? null,
  };
  await ctx.audit(entry);
  if (spec.emit !== false) {
    const events = ctx.deps.events;
    ctx.afterCommit(() => events.emit('changed', { area: spec.area, id: spec.entityId }));
  }
  return { before, after, result };
}
