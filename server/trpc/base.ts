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
import { anonymousLimiter, throttleNow } from '../auth/throttle.ts';

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

/*
 * The middleware chain. tRPC copies its options object at every step (and the whole context at
 * every `next({ ctx })`), and the context has many keys: a signed-in query used to pay six
 * steps, one of them a context copy that changed nothing. The steps below are therefore merged
 * into as few middlewares as their order allows (outermost first): `edge` (domain errors mapped,
 * then the mutation's transaction), then one step per kind of procedure (role check, input
 * guard and idempotency for staff; throttle and input guard for public calls). Each piece is a
 * plain function, so the order inside a merged step is the order the separate steps had.
 */

type NextResult = { ok: true; data: unknown } | { ok: false; error: TRPCError };

/** A thrown DomainError (or tRPC's wrapping of one) as the tRPC error of its code. */
function mappedDomainError(error: unknown): TRPCError | null {
  const domain = domainErrorOf(error);
  if (!domain) return null;
  if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') return null;
  return new TRPCError({
    code: DOMAIN_TO_TRPC[domain.code],
    message: domain.message,
    cause: domain,
  });
}

/** Maps thrown DomainErrors to their tRPC codes (outermost, so every procedure has it). */
async function mapDomainErrors<R extends NextResult>(run: () => Promise<R>): Promise<R> {
  let result: R;
  try {
    result = await run();
  } catch (error) {
    throw mappedDomainError(error) ?? error;
  }
  if (!result.ok) {
    const mapped = mappedDomainError(result.error);
    if (mapped) throw mapped;
  }
  return result;
}

const ROLLBACK = Symbol('rollback');

/** What `transactional` adds to the context of a mutation. */
interface TransactionContext {
  db: DbOrTrx;
  audit: Context['audit'];
  afterCommit: Context['afterCommit'];
  nothingChanged: Context['nothingChanged'];
}

/**
 * Every mutation runs in exactly one write transaction (BEGIN IMMEDIATE; on PostgreSQL
 * SERIALIZABLE, re-run whole when it loses a race: db/transactions.ts) that also holds its
 * audit records. A failed mutation rolls back whole, unless it failed with a DomainError
 * marked `commit` (a failed login must still count the attempt). A successful mutation that
 * wrote no audit record is a programming error and is rolled back too (a replayed idempotent
 * retry writes nothing at all: see server/trpc/idempotency.ts).
 */
async function transactional<R extends NextResult>(opts: {
  ctx: Context;
  type: string;
  path: string;
  next: (opts: { ctx: TransactionContext }) => Promise<R>;
}): Promise<R> {
  const { ctx, path, next } = opts;
  const sessionsBefore = sessionsVersion();
  const after: Array<() => void> = [];
  let outcome: R | undefined;
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
  const committed = outcome as NextResult | undefined;
  if (committed?.ok || (committed && domainErrorOf(committed.error)?.commit)) {
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
}

type MiddlewareOptions = Parameters<Parameters<typeof t.middleware>[0]>[0];

/** A mutation runs in its transaction; a query goes straight on. */
function mutationInTransaction(opts: MiddlewareOptions) {
  return opts.type === 'mutation'
    ? transactional({
        ctx: opts.ctx,
        type: opts.type,
        path: opts.path,
        next: (o) => opts.next(o),
      })
    : opts.next();
}

/** Domain errors mapped; a mutation in its transaction (the first step of most procedures). */
const edgeAndTransaction = t.middleware((opts) =>
  mapDomainErrors(() => mutationInTransaction(opts)),
);

/** Domain errors mapped only (the procedures whose transaction opens after a `prepare`). */
const edge = t.procedure.use((opts) => mapDomainErrors(() => opts.next()));
const base = t.procedure.use(edgeAndTransaction);
const transaction = t.middleware(mutationInTransaction);

/**
 * Edge checks on the raw input (server/trpc/input-guard.ts), failing like the procedure's own zod
 * schema (BAD_REQUEST with the field's path). After the role check (a refused role learns
 * nothing about its input) and before the idempotency lookup (which reads the raw key).
 */
async function guardInput(getRawInput: () => Promise<unknown>): Promise<void> {
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
}

/**
 * Calls made without a session are limited per client address (server/auth/throttle.ts), so
 * an outsider cannot flood the anonymous procedures (or the audit log through them). Counted
 * per call, so a batch counts every call in it.
 */
function limitAnonymous(ctx: Context): void {
  if (!ctx.user) anonymousLimiter(ctx.deps).take(ctx.ip, throttleNow(ctx.deps));
}

/** Throttled when anonymous, input guarded. */
const publicStep = t.middleware(async ({ ctx, getRawInput, next }) => {
  limitAnonymous(ctx);
  await guardInput(getRawInput);
  return next();
});

/** No sign-in needed (sign-in itself, health, public configuration for the login screen). */
export const publicProcedure = base.use(publicStep);

/**
 * A public mutation with work that must happen BEFORE its write transaction opens (sign-in:
 * throttles and the password hash, server/auth/). `prepare` runs outside any transaction and
 * may refuse; what it returns reaches the procedure as `ctx.prepared`.
 */
export function publicProcedureWithPrepare<P>(
  prepare: (ctx: Context, rawInput: unknown) => Promise<P>,
) {
  return edge
    .use(publicStep)
    .use(async ({ ctx, getRawInput, next }) =>
      next({ ctx: { prepared: await prepare(ctx, await getRawInput()) } }),
    )
    .use(transaction);
}

/** The signed-in user, refused when there is none or their role is not one of `roles`. */
function signedInAs(ctx: Context, roles: readonly Role[] | null): SessionUser {
  if (!ctx.user) {
    throw new DomainError('UNAUTHENTICATED', msg('common.sessionEnded'));
  }
  if (roles && !roles.includes(ctx.user.role)) {
    throw new DomainError('FORBIDDEN', msg('common.roleNotAllowed'));
  }
  return ctx.user;
}

/**
 * Signed in with one of `roles`. `ctx.user` is then known to be set: the call passes no new
 * context (`next({})` keeps tRPC from copying it) and only tells the types so.
 */
function requireRole(roles: readonly Role[] | null) {
  return t.middleware(({ ctx, next }) => {
    signedInAs(ctx, roles);
    return next<{ user: SessionUser }>({});
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
 * Signed in with one of `roles` (a refused role learns nothing about its input), then the input
 * guarded, then a keyed retry replayed (server/trpc/idempotency.ts: inside the transaction and
 * after the role check, so a replay is never served to someone the procedure would now refuse).
 */
function staffStep(roles: readonly Role[]) {
  return t.middleware(async (opts) => {
    signedInAs(opts.ctx, roles);
    await guardInput(opts.getRawInput);
    return withIdempotency({
      ctx: opts.ctx,
      type: opts.type,
      path: opts.path,
      getRawInput: opts.getRawInput,
      // `ctx.user` is set (signedInAs): no new context, so tRPC does not copy it.
      next: () => opts.next<{ user: SessionUser }>({}),
    });
  });
}

/** Signed in with one of `roles`; input checked at the edge; keyed retries replayed. */
const staffProcedure = (roles: readonly Role[]) => base.use(staffStep(roles));

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
    .use(async ({ ctx, getRawInput, next }) => {
      await guardInput(getRawInput);
      return next({ ctx: { prepared: await prepare(ctx, await getRawInput()) } });
    })
    .use(transaction);
}
export const supervisorProcedure = staffProcedure(ROLE_SETS.supervisor);
export const trainerProcedure = staffProcedure(ROLE_SETS.trainer);
export const adminProcedure = staffProcedure(ROLE_SETS.admin);
