import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../db/canonical-json.ts';
import type { DbOrTrx } from '../../db/database.ts';
import {
  findStoredResult,
  purgeStoredResults,
  storeResult,
  type IdempotencyScope,
} from '../../db/repositories/idempotency.ts';
import { DomainError, msg } from '../domain/errors.ts';

/**
 * Idempotency keys, in Stripe's model. A mutation that moves money or sends something declares
 * `idempotencyKey: idempotencyKey` in its input; the client makes one key per user action (a
 * UUID made when the form opens) and sends the same key when it retries that action.
 *
 * The middleware (`withIdempotency`, wired into every signed-in procedure in server/trpc/base.ts)
 * runs inside the mutation's transaction, after the role check:
 *  - no key in the input: nothing happens here;
 *  - first call with a key: the procedure runs; if it SUCCEEDS, its result and a hash of the
 *    input (without the key) are stored with the mutation's own writes, in its transaction;
 *  - a failed call stores nothing (it rolled back), so a retry with the same key runs again;
 *  - a retry with the same key and the same input returns the stored result: the procedure
 *    does not run, nothing is written, no audit record is added;
 *  - the same key with different input is refused with CONFLICT.
 * Keys are scoped per user and procedure path, and forgotten after RETENTION_DAYS.
 */

/** The optional input field a mutation declares to accept a key. */
export const idempotencyKey = z.string().min(8).max(100).optional();

/** The name of the input field the middleware reads. */
export const IDEMPOTENCY_FIELD = 'idempotencyKey';

export const RETENTION_DAYS = 30;

const DAY_MS = 86_400_000;

/** The key of a raw input, when it carries a well-formed one (zod reports malformed ones). */
export function keyOf(rawInput: unknown): string | null {
  if (!rawInput || typeof rawInput !== 'object' || Array.isArray(rawInput)) return null;
  const key = (rawInput as Record<string, unknown>)[IDEMPOTENCY_FIELD];
  return typeof key === 'string' && key.length >= 8 && key.length <= 100 ? key : null;
}

/**
 * sha256 of the input without its key. The raw input is hashed (the middleware runs before the
 * procedure's parser), so a retry must resend the same input, which is what a retry does.
 *
 * @example
 * inputHash({ batchId: 3, idempotencyKey: 'k-1234567' }) === inputHash({ batchId: 3, idempotencyKey: 'other-key' })
 */
export function inputHash(rawInput: unknown): string {
  const rest = { ...(rawInput as Record<string, unknown>) };
  delete rest[IDEMPOTENCY_FIELD];
  return createHash('sha256')
    .update(canonicalJson(rest) ?? '')
    .digest('hex');
}

/**
 * The result as JSON text, refusing anything JSON would silently change (a Date would come back
 * as a string, a Buffer as an object of bytes, a Map as {}), so a replay returns exactly what
 * the first call returned over HTTP. A procedure that takes keys must return plain data.
 */
export function resultJson(value: unknown, path: string): string | null {
  if (value === undefined) return null;
  const check = (v: unknown, at: string): void => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (Number.isFinite(v)) return;
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (item === undefined) throw notJson(`${at}[${i}]`, 'undefined');
        check(item, `${at}[${i}]`);
      });
      return;
    } else if (typeof v === 'object') {
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto === Object.prototype || proto === null) {
        for (const [k, item] of Object.entries(v as Record<string, unknown>))
          if (item !== undefined) check(item, `${at}.${k}`);
        return;
      }
      throw notJson(at, (v as object).constructor?.name ?? 'object');
    }
    throw notJson(at, typeof v === 'number' ? String(v) : typeof v);
  };
  const notJson = (at: string, what: string) =>
    new Error(`${path} takes idempotency keys but returned a ${what} at ${at}: return plain JSON`);
  check(value, 'result');
  return JSON.stringify(value);
}

const REPLAYS = new WeakSet<object>();

/** Whether a middleware outcome is a replayed stored result (it writes no audit record). */
export function isReplay(outcome: unknown): boolean {
  return typeof outcome === 'object' && outcome !== null && REPLAYS.has(outcome);
}

/** What the middleware needs from tRPC's middleware options. */
export interface IdempotencyCall<R> {
  ctx: { db: DbOrTrx; now: Date; user: { id: number } | null };
  type: string;
  path: string;
  getRawInput: () => Promise<unknown>;
  next: () => Promise<R>;
}

/**
 * The middleware body (server/trpc/base.ts wraps it with `t.middleware`). Must run inside the
 * mutation's transaction, so the lookup, the procedure and the stored result are one unit.
 */
export async function withIdempotency<R extends { ok: true; data: unknown } | { ok: false }>(
  call: IdempotencyCall<R>,
): Promise<R> {
  const { ctx, path } = call;
  if (call.type !== 'mutation' || !ctx.user) return call.next();
  const raw = await call.getRawInput();
  const key = keyOf(raw);
  if (key === null) return call.next();
  const scope: IdempotencyScope = { userId: ctx.user.id, path, key };
  const hash = inputHash(raw);
  await purgeStoredResults(
    ctx.db,
    new Date(ctx.now.getTime() - RETENTION_DAYS * DAY_MS).toISOString(),
  );
  const stored = await findStoredResult(ctx.db, scope);
  if (stored) {
    if (stored.inputHash !== hash) {
      throw new DomainError('CONFLICT', msg('common.keyReused'), {
        detail: { idempotencyKey: key, firstAt: stored.createdAt },
      });
    }
    // tRPC builds middleware results itself; this one stands for the first call's answer. Only
    // `ok` and `data` are read (the marker is a compile-time guard against a forgotten next()).
    const replay = {
      ok: true,
      data: stored.resultJson === null ? undefined : (JSON.parse(stored.resultJson) as unknown),
      marker: 'middlewareMarker',
    } as unknown as R;
    REPLAYS.add(replay);
    return replay;
  }
  const outcome = await call.next();
  if (outcome.ok) {
    await storeResult(
      ctx.db,
      scope,
      { inputHash: hash, resultJson: resultJson(outcome.data, path) },
      ctx.now.toISOString(),
    );
  }
  return outcome;
}
