import { DISK_FULL, isDiskFull } from '../ops/storage-health.ts';
import type { ClockWatch } from '../ops/security-clock.ts';
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { ZodError, ZodRealError } from 'zod';
import type { Db, DbOrTrx } from '../../db/database.ts';
import { appendAudit, type AuditEntry } from '../../db/repositories/audit.ts';
import { noteSessionsChanged, sessionsVersion } from '../../db/repositories/sessions.ts';
import { isSerializationFailure, writeTransaction } from '../../db/transactions.ts';
import type { Role } from '../../db/schema/index.ts';
import type { Clock } from '../domain/clock.ts';
import type { IsoDate } from '../domain/dates.ts';
import { DomainError, msg, type DomainErrorCode } from '../domain/errors.ts';
import { englishOf } from '../domain/shared/server-messages.ts';
import { isReplay, withIdempotency } from './idempotency.ts';
import { zodFields } from './zod-messages.ts';
import { findNulByte, NUL_KEY, NUL_MESSAGE } from './input-guard.ts';
import type { DeskEvents } from '../events/desk-events.ts';
import type { ScryptParams } from '../auth/password.ts';
import { anonymousLimiter } from '../auth/throttle.ts';

/** Long-lived things a request needs, built once per server. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  events: DeskEvents;
  databaseKind: 'production' | 'training';
  dataDir: string | null;
  scrypt: ScryptParams;
  log: (message: string, error?: unknown) => void;
  /** The wall clock watched against a monotonic one (server/security-clock.ts); servers only. */
  clockWatch?: ClockWatch;
}

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  language: 'en' | 'fr';
}

export interface Context {
  deps: AppDeps;
  /** The database; inside a mutation, the mutation's own transaction. */
  db: DbOrTrx;
  /** "Now" for this request, read once from the injected clock. */
  now: Date;
  /**
   * "Today at the centre": `now` as a calendar date in the centre's time zone (the identity
   * setting), computed once per request. Use it instead of deriving the date again.
   */
  today: IsoDate;
  /** The centre's time zone (IANA), as `today` was computed in. */
  timeZone: string;
  user: SessionUser | null;
  sessionTokenHash: string | null;
  /** Sets (or clears with null) the session cookie on the response. */
  setSessionToken: (token: string | null) => void;
  ip: string;
  /**
   * How many procedure calls the HTTP request carries (1 for a plain call, n for a tRPC batch;
   * 1 for a server-side caller). Sign-in refuses to share a request with anything else.
   */
  callsInRequest: number;
  /** Writes an audit record in the mutation's transaction. Only usable in mutations. */
  audit: (entry: AuditEntry) => Promise<void>;
  /** Runs after the mutation's transaction commits (live events, mail kicks). */
  afterCommit: (fn: () => void) => void;
  /**
   * Declares that this mutation found nothing to do and wrote nothing (e.g. cancelling a sign-in
   * that is not there): it then commits with no audit record, instead of being refused for
   * lacking one. A no-op leaves no trace in the append-only log.
   */
  nothingChanged: () => void;
}

/** The context of a procedure that requires a signed-in staff member (use cases take it). */
export type StaffContext = Context & { user: SessionUser };

/** The tRPC code of each DomainError code (tRPC procedures and the plain-HTTP routes alike). */
export const DOMAIN_TO_TRPC: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  VALIDATION: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  LOCKED: 'TOO_MANY_REQUESTS',
  PRECONDITION: 'PRECONDITION_FAILED',
};

const GENERIC_FAILURE = msg('common.serverFailed');
const INVALID_FIELDS = msg('common.invalidFields');
/** A write that failed for lack of disk space: the user is told why and the code to quote. */
const DISK_FULL_FAILURE = msg('common.diskFull');

function domainErrorOf(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  if (error instanceof TRPCError && error.cause instanceof DomainError) return error.cause;
  return null;
}

const t = initTRPC.context<Context>().create({
  /**
   * The one place errors are shaped for the UI: domain errors keep their message, code and
   * field errors; zod input errors list the fields; anything else (SQLite, bugs) is replaced
   * by a generic message so no SQL or stack ever reaches the screen.
   */
  errorFormatter({ shape, error }) {
    const domain = domainErrorOf(error);
    const zod = error.cause instanceof ZodError ? error.cause : null;
    const internal = !domain && !zod && error.code === 'INTERNAL_SERVER_ERROR';
    const diskFull = internal && isDiskFull(error.cause ?? error);
    // The renderer translates `messageKey` with `messageParams`; `message` is the English.
    const translatable = diskFull
      ? DISK_FULL_FAILURE
      : internal
        ? GENERIC_FAILURE
        : zod
          ? INVALID_FIELDS
          : null;
    return {
      ...shape,
      message: translatable ? englishOf(translatable) : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        messageKey: translatable?.key ?? domain?.messageKey ?? null,
        messageParams: translatable?.params ?? domain?.messageParams ?? null,
        domainCode: domain?.code ?? null,
        fields: domain?.fields ?? (zod ? zodFields(zod).english : null),
        /** The keyed field messages (the renderer translates them; `fields` is the English). */
        fieldKeys: domain?.fieldMessages ?? (zod ? zodFields(zod).keyed : null),
        detail: domain?.detail ?? null,
        /** DISK_FULL: the server could not save for lack of space (the renderer's banner). */
        storage: diskFull ? DISK_FULL : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Maps thrown DomainErrors to their tRPC codes (outermost, so every procedure has it). */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const domain = domainErrorOf(result.error);
    if (domain && result.error.code === 'INTERNAL_SERVER_ERROR') {
      throw new TRPCError({
        code: DOMAIN_TO_TRPC[domain.code],
        message: domain.message,
        cause: domain,
      });
    }
  }
  return result;
});

const ROLLBACK = Symbol('rollback');

/**
 * Every mutation runs in exactly one write transaction (BEGIN IMMEDIATE; on PostgreSQL
 * SERIALIZABLE, re-run whole when it loses a race: db/transactions.ts) that also holds its
 * audit records. A failed mutation rolls back whole, unless it failed with a DomainError
 * marked `commit` (a failed login must still count the attempt). A successful mutation that
 * wrote no audit record is a programming error and is rolled back too (a replayed idempotent
 * retry writes nothing at all: see server/trpc/idempotency.ts).
 */
const transactional = t.middleware(async ({ ctx, type, path, next }) => {
  if (type !== 'mutation') return next();
  const sessionsBefore = sessionsVersion();
  const after: Array<() => void> = [];
  let outcome: Awaited<ReturnType<typeof next>> | undefined;
  let unaudited = false;
  try {
    // On PostgreSQL a transaction that lost a race (serialization failure) re-runs whole.
    await writeTransaction(ctx.deps.db, async (trx) => {
      after.length = 0;
      unaudited = false;
      let audited = 0;
      let noop = false;
      const audit = async (entry: AuditEntry) => {
        audited += 1;
        await appendAudit(
          trx,
          { id: ctx.user?.id ?? null, username: ctx.user?.username ?? null, address: ctx.ip },
          ctx.now.toISOString(),
          entry,
        );
      };
      outcome = await next({
        ctx: {
          db: trx,
          audit,
          afterCommit: (fn: () => void) => after.push(fn),
          nothingChanged: () => {
            noop = true;
          },
        },
      });
      if (!outcome.ok) {
        if (isSerializationFailure(outcome.error)) throw outcome.error;
        if (!domainErrorOf(outcome.error)?.commit) throw ROLLBACK;
      } else if (audited === 0 && !noop && !isReplay(outcome)) {
        unaudited = true;
        throw ROLLBACK;
      }
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  if (unaudited) {
    ctx.deps.log(`Mutation ${path} wrote no audit record; rolled back`);
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `${path}: no audit record` });
  }
  if (outcome?.ok || domainErrorOf(outcome?.error)?.commit) {
    if (sessionsVersion() !== sessionsBefore) {
      // Sessions ended or changed: cached ones are dropped again now that it is committed (a
      // read between the change and the commit may have cached the old row), and the other
      // instances / reader workers are told (server/trpc/context.ts).
      noteSessionsChanged();
      after.push(() => ctx.deps.events.emit('changed', { area: 'sessions' }));
    }
    for (const fn of after) {
      try {
        fn();
      } catch (e) {
        ctx.deps.log(`afterCommit of ${path} failed`, e);
      }
    }
  }
  if (!outcome) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR' });
  return outcome;
});

const edge = t.procedure.use(mapDomainErrors);
const base = edge.use(transactional);

/**
 * Edge checks on the raw input (server/trpc/input-guard.ts), failing like the procedure's own zod
 * schema (BAD_REQUEST with the field's path). After the role check (a refused role learns
 * nothing about its input) and before the idempotency lookup (which reads the raw key).
 */
const guardInput = t.middleware(async ({ getRawInput, next }) => {
  const raw = await getRawInput();
  const path = findNulByte(raw);
  if (path) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: englishOf(msg(NUL_KEY)),
      // ZodRealError: zod 4's ZodError that is also an Error, so tRPC keeps it as the cause.
      cause: new ZodRealError([{ code: 'custom', path, message: NUL_MESSAGE, input: raw }]),
    });
  }
  return next();
});

/**
 * Calls made without a session are limited per client address (server/auth/throttle.ts), so
 * an outsider cannot flood the anonymous procedures (or the audit log through them). Counted
 * per call, so a batch counts every call in it.
 */
const limitAnonymous = t.middleware(({ ctx, next }) => {
  if (!ctx.user) anonymousLimiter(ctx.deps).take(ctx.ip, ctx.now);
  return next();
});

/** No sign-in needed (sign-in itself, health, public configuration for the login screen). */
export const publicProcedure = base.use(limitAnonymous).use(guardInput);

/**
 * A public mutation with work that must happen BEFORE its write transaction opens (sign-in:
 * throttles and the password hash, server/auth/). `prepare` runs outside any transaction and
 * may refuse; what it returns reaches the procedure as `ctx.prepared`.
 */
export function publicProcedureWithPrepare<P>(
  prepare: (ctx: Context, rawInput: unknown) => Promise<P>,
) {
  return edge
    .use(limitAnonymous)
    .use(guardInput)
    .use(async ({ ctx, getRawInput, next }) =>
      next({ ctx: { prepared: await prepare(ctx, await getRawInput()) } }),
    )
    .use(transactional);
}

function requireRole(roles: readonly Role[] | null) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.user) {
      throw new DomainError('UNAUTHENTICATED', msg('common.sessionEnded'));
    }
    if (roles && !roles.includes(ctx.user.role)) {
      throw new DomainError('FORBIDDEN', msg('common.roleNotAllowed'));
    }
    return next({ ctx: { user: ctx.user } });
  });
}

/** Who may do what; the renderer's navigation mirrors this (renderer/src/navigation.ts). */
export const ROLE_SETS = {
  staff: ['agent', 'supervisor', 'trainer', 'admin'],
  supervisor: ['supervisor', 'admin'],
  trainer: ['trainer', 'admin'],
  admin: ['admin'],
  revealPii: ['supervisor', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

/**
 * Replays a retried mutation's first result when its input carries an `idempotencyKey`
 * (server/trpc/idempotency.ts). Inside the transaction and after the role check, so a replay is
 * never served to someone the procedure would now refuse.
 */
const idempotent = t.middleware((opts) => withIdempotency(opts));

/** Signed in with one of `roles`; input checked at the edge; keyed retries replayed. */
const staffProcedure = (roles: readonly Role[]) =>
  base.use(requireRole(roles)).use(guardInput).use(idempotent);

/** Any signed-in staff member. */
export const agentProcedure = staffProcedure(ROLE_SETS.staff);

/**
 * A signed-in mutation with work done before its transaction (see publicProcedureWithPrepare):
 * the role is checked first, then `prepare` runs outside any transaction.
 */
export function staffProcedureWithPrepare<P>(
  roles: readonly Role[],
  prepare: (ctx: Context & { user: SessionUser }, rawInput: unknown) => Promise<P>,
) {
  return edge
    .use(requireRole(roles))
    .use(guardInput)
    .use(async ({ ctx, getRawInput, next }) =>
      next({ ctx: { prepared: await prepare(ctx, await getRawInput()) } }),
    )
    .use(transactional);
}
export const supervisorProcedure = staffProcedure(ROLE_SETS.supervisor);
export const trainerProcedure = staffProcedure(ROLE_SETS.trainer);
export const adminProcedure = staffProcedure(ROLE_SETS.admin);
