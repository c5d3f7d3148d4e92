import { z } from 'zod';
import { createSession, revokeSession } from '../../db/repositories/sessions.ts';
import { readSetting } from '../../db/repositories/settings.ts';
import { findUserByUsername } from '../../db/repositories/users.ts';
import { DomainError } from '../domain/errors.ts';
import { evaluateLogin } from '../domain/lockout.ts';
import { dummyPasswordHash, verifyPassword } from '../password.ts';
import { agentProcedure, publicProcedure, router } from '../trpc.ts';

const WRONG = 'Wrong username or password.';

export const authRouter = router({
  /** Signs in; sets the session cookie. Failed attempts are counted even though it throws. */
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
      const outcome = evaluateLogin(
        { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until },
        passwordOk,
        ctx.now,
        policy,
      );
      await ctx.db
        .updateTable('users')
        .set({
          failed_attempts: outcome.next.failedAttempts,
          locked_until: outcome.next.lockedUntil,
          updated_at: at,
        })
        .where('id', '=', row.id)
        .execute();
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
          const token = await createSession(ctx.db, row.id, at);
          await ctx.audit({ ...actor, action: 'auth.login' });
          ctx.setSessionToken(token);
          return {
            id: row.id,
            username: row.username,
            displayName: row.display_name,
            role: row.role,
            language: row.language,
          };
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
});
