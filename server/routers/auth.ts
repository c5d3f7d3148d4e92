import QRCode from 'qrcode';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import {
  closePendingSignIn,
  createPendingSignIn,
  createSession,
  revokeSession,
  revokeUserSessions,
} from '../../db/repositories/sessions.ts';
import { readSetting } from '../../db/repositories/settings.ts';
import {
  acceptMfaStep,
  deleteUserMfa,
  findUserById,
  findUserByUsername,
  findUserMfa,
  startMfaEnrolment,
} from '../../db/repositories/users.ts';
import type { PendingSignInStage, UsersTable } from '../../db/schema/index.ts';
import { resolvePendingSignIn, type PendingSignIn } from '../trpc/context.ts';
import { DomainError } from '../domain/errors.ts';
import { evaluateLogin, isLocked, type LockoutState } from '../domain/lockout.ts';
import { checkTotp, mfaRequired, newTotpSecret, totpUri } from '../domain/totp.ts';
import { openSecret, sealSecret } from '../auth/mfa-secrets.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../auth/password.ts';
import {
  adminProcedure,
  agentProcedure,
  publicProcedure,
  router,
  type Context,
  type SessionUser,
} from '../trpc/base.ts';
import { passwordSchema } from '../core/schemas.ts';

const WRONG = 'Wrong username or password.';
const WRONG_CODE = 'Wrong code. Type the current code from your authenticator app.';
const REPLAYED_CODE = 'That code was already used. Wait for the next code and type it.';
const EXPIRED = 'Your sign-in was not completed in time. Enter your username and password again.';

type UserRow = Selectable<UsersTable>;

function sessionUser(row: UserRow): SessionUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    language: row.language,
  };
}

/** Opens a real session for a user who passed every step, and sets the cookie. */
async function openSession(ctx: Context, row: UserRow): Promise<SessionUser> {
  const token = await createSession(ctx.db, row.id, ctx.now.toISOString());
  ctx.setSessionToken(token);
  return sessionUser(row);
}

/** The lock-out count after a right password that still needs a code: not cleared yet. */
function heldState(state: LockoutState): LockoutState {
  return { failedAttempts: state.lockedUntil ? 0 : state.failedAttempts, lockedUntil: null };
}

async function saveLockout(ctx: Context, userId: number, next: LockoutState): Promise<void> {
  await ctx.db
    .updateTable('users')
    .set({
      failed_attempts: next.failedAttempts,
      locked_until: next.lockedUntil,
      updated_at: ctx.now.toISOString(),
    })
    .where('id', '=', userId)
    .execute();
}

/** The half-way sign-in behind this request's cookie, at the given stage, or a clear refusal. */
async function pendingAt(ctx: Context, stage: PendingSignInStage): Promise<PendingSignIn> {
  const pending = await resolvePendingSignIn(ctx, ctx.sessionTokenHash, ctx.now);
  if (!pending || pending.stage !== stage) throw new DomainError('UNAUTHENTICATED', EXPIRED);
  return pending;
}

/** Who is enrolling: a signed-in user, or one whose sign-in waits for a forced enrolment. */
async function enrolling(ctx: Context): Promise<{ userId: number; pending: PendingSignIn | null }> {
  if (ctx.user) return { userId: ctx.user.id, pending: null };
  const pending = await pendingAt(ctx, 'enrol');
  return { userId: pending.userId, pending };
}

/** Splits a base32 key in groups of four, the way people copy it into an app. */
function groupKey(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

const codeInput = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1, 'Enter the 6-digit code')
    .max(20)
    .regex(/^[\d\s-]+$/, 'Digits only'),
});

const mfaRouter = router({
  /** Is two-step sign-in on for me, and must it be? (the account menu's question) */
  status: agentProcedure.input(z.strictObject({}).optional()).query(async ({ ctx }) => {
    const mfa = await findUserMfa(ctx.db, ctx.user.id);
    return {
      enabled: Boolean(mfa?.enabled_at),
      enabledAt: mfa?.enabled_at ?? null,
      required: mfaRequired(ctx.user.role, ctx.deps.databaseKind),
    };
  }),

  /**
   * Step 2 of a sign-in with two-step on: the code. Wrong (or replayed) codes count toward the
   * same lock-out as wrong passwords; a right code opens the session.
   */
  verify: publicProcedure.input(codeInput).mutation(async ({ ctx, input }) => {
    const pending = await pendingAt(ctx, 'verify');
    const row = await findUserById(ctx.db, pending.userId);
    const mfa = await findUserMfa(ctx.db, pending.userId);
    if (!row || !mfa?.enabled_at) throw new DomainError('UNAUTHENTICATED', EXPIRED);
    const policy = await readSetting(ctx.db, 'security');
    const state = { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until };
    let check = checkTotp(
      openSecret(ctx.deps, row.id, mfa.secret_enc),
      input.code,
      ctx.now,
      mfa.last_used_step,
    );
    // Not while locked; and the guarded write makes two racing requests with one code accept it once.
    if (check.ok && !isLocked(state, ctx.now)) {
      if (!(await acceptMfaStep(ctx.db, row.id, check.step, ctx.now.toISOString()))) {
        check = { ok: false, reason: 'replayed' };
      }
    }
    const outcome = evaluateLogin(state, check.ok, ctx.now, policy);
    await saveLockout(ctx, row.id, outcome.next);
    const actor = { entityType: 'user', entityId: row.id };
    switch (outcome.kind) {
      case 'ok': {
        await closePendingSignIn(ctx.db, pending.tokenHash, ctx.now.toISOString());
        const user = await openSession(ctx, row);
        await ctx.audit({ ...actor, action: 'auth.login', after: { mfa: 'totp' } });
        return user;
      }
      case 'locked':
      case 'now-locked':
        await closePendingSignIn(ctx.db, pending.tokenHash, ctx.now.toISOString());
        ctx.setSessionToken(null);
        await ctx.audit({
          ...actor,
          action: outcome.kind === 'locked' ? 'auth.login-refused-locked' : 'auth.locked',
          after: { ...outcome.next, step: 'mfa' },
        });
        throw new DomainError(
          'LOCKED',
          outcome.kind === 'locked'
            ? 'This user is locked after too many wrong passwords or codes.'
            : 'Too many wrong codes: this user is now locked.',
          { commit: true, detail: { lockedUntil: outcome.lockedUntil } },
        );
      case 'wrong-password': {
        const reason = check.ok ? 'wrong' : check.reason;
        const message = reason === 'replayed' ? REPLAYED_CODE : WRONG_CODE;
        await ctx.audit({
          ...actor,
          action: 'auth.mfa-failed',
          after: { ...outcome.next, reason },
        });
        throw new DomainError('UNAUTHENTICATED', message, {
          commit: true,
          fields: { code: message },
          detail: { reason, attemptsLeft: outcome.attemptsLeft },
        });
      }
    }
  }),

  /** Abandons a half-way sign-in (the "Back" / "Use another user" button). */
  cancel: publicProcedure.input(z.strictObject({}).optional()).mutation(async ({ ctx }) => {
    const pending = await resolvePendingSignIn(ctx, ctx.sessionTokenHash, ctx.now);
    if (pending) await closePendingSignIn(ctx.db, pending.tokenHash, ctx.now.toISOString());
    ctx.setSessionToken(null);
    await ctx.audit({
      action: 'auth.mfa-cancel',
      entityType: 'user',
      entityId: pending?.userId ?? null,
    });
    return { ok: true as const };
  }),

  /**
   * Starts an enrolment: a new secret, shown ONCE as a QR code and a manual key. Nothing is on
   * until `confirmEnrolment` gets a right code. Refused while two-step sign-in is on.
   */
  beginEnrolment: publicProcedure.input(z.strictObject({}).optional()).mutation(async ({ ctx }) => {
    const who = await enrolling(ctx);
    const row = await findUserById(ctx.db, who.userId);
    if (!row) throw new DomainError('UNAUTHENTICATED', EXPIRED);
    const existing = await findUserMfa(ctx.db, row.id);
    if (existing?.enabled_at) {
      throw new DomainError('CONFLICT', 'Two-step sign-in is already on for this user.');
    }
    const secret = newTotpSecret();
    await startMfaEnrolment(
      ctx.db,
      row.id,
      sealSecret(ctx.deps, row.id, secret),
      ctx.now.toISOString(),
    );
    await ctx.audit({
      action: 'auth.mfa-enrol-start',
      entityType: 'user',
      entityId: row.id,
      after: { forced: who.pending !== null },
    });
    const uri = totpUri(secret, row.username);
    return {
      manualKey: groupKey(secret),
      qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220, errorCorrectionLevel: 'M' }),
      username: row.username,
    };
  }),

  /**
   * Finishes an enrolment with a current code. For a forced enrolment this also completes the
   * sign-in (the answer then carries the signed-in user).
   */
  confirmEnrolment: publicProcedure.input(codeInput).mutation(async ({ ctx, input }) => {
    const who = await enrolling(ctx);
    const row = await findUserById(ctx.db, who.userId);
    const mfa = await findUserMfa(ctx.db, who.userId);
    if (!row) throw new DomainError('UNAUTHENTICATED', EXPIRED);
    if (!mfa) throw new DomainError('PRECONDITION', 'Start the set-up first.');
    if (mfa.enabled_at) {
      throw new DomainError('CONFLICT', 'Two-step sign-in is already on for this user.');
    }
    const check = checkTotp(
      openSecret(ctx.deps, row.id, mfa.secret_enc),
      input.code,
      ctx.now,
      mfa.last_used_step,
    );
    if (
      !check.ok ||
      !(await acceptMfaStep(ctx.db, row.id, check.step, ctx.now.toISOString(), true))
    ) {
      throw new DomainError('VALIDATION', WRONG_CODE, {
        fields: { code: WRONG_CODE },
        detail: { reason: 'wrong' },
      });
    }
    await ctx.audit({ action: 'auth.mfa-enabled', entityType: 'user', entityId: row.id });
    if (!who.pending) return { enabled: true as const, user: null };
    await closePendingSignIn(ctx.db, who.pending.tokenHash, ctx.now.toISOString());
    const user = await openSession(ctx, row);
    await ctx.audit({
      action: 'auth.login',
      entityType: 'user',
      entityId: row.id,
      after: { mfa: 'enrolled' },
    });
    return { enabled: true as const, user };
  }),

  /** Turns two-step sign-in off for oneself, with a current code; not where it is required. */
  disable: agentProcedure.input(codeInput).mutation(async ({ ctx, input }) => {
    if (mfaRequired(ctx.user.role, ctx.deps.databaseKind)) {
      throw new DomainError(
        'FORBIDDEN',
        'Two-step sign-in is required for your role on this database.',
      );
    }
    const mfa = await findUserMfa(ctx.db, ctx.user.id);
    if (!mfa?.enabled_at) throw new DomainError('PRECONDITION', 'Two-step sign-in is not on.');
    const check = checkTotp(
      openSecret(ctx.deps, ctx.user.id, mfa.secret_enc),
      input.code,
      ctx.now,
      mfa.last_used_step,
    );
    if (!check.ok) {
      const message = check.reason === 'replayed' ? REPLAYED_CODE : WRONG_CODE;
      throw new DomainError('VALIDATION', message, {
        fields: { code: message },
        detail: { reason: check.reason },
      });
    }
    await deleteUserMfa(ctx.db, ctx.user.id);
    await ctx.audit({
      action: 'auth.mfa-disabled',
      entityType: 'user',
      entityId: ctx.user.id,
      before: { enabled: true },
      after: { enabled: false },
    });
    return { enabled: false as const };
  }),

  /**
   * An admin switches a user's two-step sign-in off (lost phone): the user's sessions end, and
   * where it is required they set it up again at their next sign-in.
   */
  adminReset: adminProcedure
    .input(
      z.strictObject({
        userId: z.number().int().positive(),
        reason: z.string().trim().min(3).max(500),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const row = await findUserById(ctx.db, input.userId);
      if (!row) throw new DomainError('NOT_FOUND', 'No such user.');
      const before = await findUserMfa(ctx.db, input.userId);
      await deleteUserMfa(ctx.db, input.userId);
      await revokeUserSessions(ctx.db, input.userId, ctx.now.toISOString());
      await ctx.audit({
        action: 'user.mfa-reset',
        entityType: 'user',
        entityId: input.userId,
        before: { enabled: Boolean(before?.enabled_at) },
        after: { enabled: false },
        reason: input.reason,
      });
      return { ok: true as const };
    }),
});

export const authRouter = router({
  /**
   * Signs in; sets the session cookie. Failed attempts are counted even though it throws.
   * With two-step sign-in on (or required but not yet set up) a right password does not open a
   * session: the answer says which step is next (`mfa: 'verify' | 'enrol'`) and the cookie holds
   * a short-lived half-way token that only that step accepts.
   */
  login: publicProcedure
    .input(
      z.strictObject({
        username: z.string().trim().min(1, 'Enter your username').max(64),
        password: z.string().min(1, 'Enter your password').max(256),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const at = ctx.now.toISOString();
      const row = await findUserByUsername(ctx.db, input.username);
      if (!row || row.active !== 1) {
        await verifyPassword(input.password, await dummyPasswordHash(ctx.deps.scrypt));
        await ctx.audit({
          action: 'auth.login-failed',
          entityType: 'user',
          entityId: input.username,
          reason: row ? 'inactive' : 'unknown user',
        });
        throw new DomainError('UNAUTHENTICATED', WRONG, { commit: true });
      }
      const policy = await readSetting(ctx.db, 'security');
      const passwordOk = await verifyPassword(input.password, row.password_hash);
      const state = { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until };
      const outcome = evaluateLogin(state, passwordOk, ctx.now, policy);
      let nextStep: PendingSignInStage | null = null;
      if (outcome.kind === 'ok') {
        const mfa = await findUserMfa(ctx.db, row.id);
        if (mfa?.enabled_at) nextStep = 'verify';
        else if (mfaRequired(row.role, ctx.deps.databaseKind)) nextStep = 'enrol';
      }
      // The password alone does not clear wrong codes: only a finished sign-in does.
      await saveLockout(ctx, row.id, nextStep === 'verify' ? heldState(state) : outcome.next);
      const actor = { action: '', entityType: 'user', entityId: row.id };
      switch (outcome.kind) {
        case 'locked':
          await ctx.audit({ ...actor, action: 'auth.login-refused-locked' });
          throw new DomainError('LOCKED', 'This user is locked after too many wrong passwords.', {
            commit: true,
            detail: { lockedUntil: outcome.lockedUntil },
          });
        case 'now-locked':
          await ctx.audit({ ...actor, action: 'auth.locked', after: outcome.next });
          throw new DomainError('LOCKED', 'Too many wrong passwords: this user is now locked.', {
            commit: true,
            detail: { lockedUntil: outcome.lockedUntil },
          });
        case 'wrong-password':
          await ctx.audit({ ...actor, action: 'auth.login-failed', after: outcome.next });
          throw new DomainError('UNAUTHENTICATED', WRONG, {
            commit: true,
            detail: { attemptsLeft: outcome.attemptsLeft },
          });
        case 'ok': {
          if (nextStep) {
            ctx.setSessionToken(await createPendingSignIn(ctx.db, row.id, nextStep, at));
            await ctx.audit({ ...actor, action: 'auth.password-ok', after: { next: nextStep } });
            return { ...sessionUser(row), mfa: nextStep };
          }
          const user = await openSession(ctx, row);
          await ctx.audit({ ...actor, action: 'auth.login' });
          return { ...user, mfa: null };
        }
      }
    }),

  logout: agentProcedure.input(z.strictObject({}).optional()).mutation(async ({ ctx }) => {
    if (ctx.sessionTokenHash)
      await revokeSession(ctx.db, ctx.sessionTokenHash, ctx.now.toISOString());
    await ctx.audit({ action: 'auth.logout', entityType: 'user', entityId: ctx.user.id });
    ctx.setSessionToken(null);
    return { ok: true as const };
  }),

  /** The signed-in user, or null: the renderer's first question. */
  me: publicProcedure.input(z.strictObject({}).optional()).query(({ ctx }) => ctx.user),

  /**
   * Changes one's own password. Every session of the user ends (other browsers, a stolen
   * cookie); this one continues on a fresh token. Wrong current passwords count toward lock-out.
   */
  changePassword: agentProcedure
    .input(
      z.strictObject({
        currentPassword: z.string().min(1, 'Enter your current password').max(256),
        newPassword: passwordSchema,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const row = await findUserById(ctx.db, ctx.user.id);
      if (!row) throw new DomainError('UNAUTHENTICATED', 'Your session has ended.');
      const policy = await readSetting(ctx.db, 'security');
      const ok = await verifyPassword(input.currentPassword, row.password_hash);
      const outcome = evaluateLogin(
        { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until },
        ok,
        ctx.now,
        policy,
      );
      await saveLockout(ctx, row.id, outcome.next);
      const at = ctx.now.toISOString();
      if (outcome.kind === 'locked' || outcome.kind === 'now-locked') {
        await revokeUserSessions(ctx.db, row.id, at);
        ctx.setSessionToken(null);
        await ctx.audit({ action: 'auth.locked', entityType: 'user', entityId: row.id });
        throw new DomainError('LOCKED', 'Too many wrong passwords: this user is now locked.', {
          commit: true,
          detail: { lockedUntil: outcome.lockedUntil },
        });
      }
      if (outcome.kind === 'wrong-password') {
        await ctx.audit({
          action: 'user.change-password-failed',
          entityType: 'user',
          entityId: row.id,
          after: outcome.next,
        });
        throw new DomainError('VALIDATION', 'Your current password is not right.', {
          commit: true,
          fields: { currentPassword: 'Not your current password' },
          detail: { attemptsLeft: outcome.attemptsLeft },
        });
      }
      if (await verifyPassword(input.newPassword, row.password_hash)) {
        throw new DomainError('VALIDATION', 'Choose a password you are not using now.', {
          fields: { newPassword: 'Same as the current password' },
        });
      }
      await ctx.db
        .updateTable('users')
        .set({
          password_hash: await hashPassword(input.newPassword, ctx.deps.scrypt),
          updated_at: at,
        })
        .where('id', '=', row.id)
        .execute();
      await revokeUserSessions(ctx.db, row.id, at);
      await openSession(ctx, row);
      await ctx.audit({ action: 'user.change-password', entityType: 'user', entityId: row.id });
      return { ok: true as const };
    }),

  setLanguage: agentProcedure
    .input(z.strictObject({ language: z.enum(['en', 'fr']) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db
        .updateTable('users')
        .set({ language: input.language, updated_at: ctx.now.toISOString() })
        .where('id', '=', ctx.user.id)
        .execute();
      await ctx.audit({
        action: 'user.language',
        entityType: 'user',
        entityId: ctx.user.id,
        before: { language: ctx.user.language },
        after: { language: input.language },
      });
      return { language: input.language };
    }),

  mfa: mfaRouter,
});
