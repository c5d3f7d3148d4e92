import { z } from 'zod';
import { verifyAuditChain } from '../../db/repositories/audit.ts';
import { revokeUserSessions } from '../../db/repositories/sessions.ts';
import { readSettings, writeSetting } from '../../db/repositories/settings.ts';
import {
  findUserById,
  insertUser,
  listUsers,
  toStaffUser,
  usersWithMfaOn,
} from '../../db/repositories/users.ts';
import { DomainError } from '../domain/errors.ts';
import { isLocked } from '../domain/lockout.ts';
import { settingKeys, settingSchemas, type SettingKey } from '../domain/lender-config.ts';
import { prepareNewPasswordHash, preparedHash } from '../auth/prepare-password.ts';
import {
  adminProcedure,
  agentProcedure,
  ROLE_SETS,
  router,
  staffProcedureWithPrepare,
  supervisorProcedure,
} from '../trpc.ts';

export const roleSchema = z.enum(['agent', 'supervisor', 'trainer', 'admin']);

/** Staff passwords: long enough to resist guessing, checked the same on every path. */
export const passwordSchema = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(256)
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), 'Use letters and at least one digit');

const userId = z.strictObject({ userId: z.number().int().positive() });

async function loadUser(ctx: Parameters<typeof findUserById>[0], id: number) {
  const row = await findUserById(ctx, id);
  if (!row) throw new DomainError('NOT_FOUND', 'No such user.');
  return row;
}

export const adminRouter = router({
  users: router({
    list: adminProcedure.input(z.strictObject({}).optional()).query(async ({ ctx }) => {
      const mfaOn = await usersWithMfaOn(ctx.db);
      return (await listUsers(ctx.db)).map((u) => ({
        ...u,
        locked: isLocked({ failedAttempts: u.failedAttempts, lockedUntil: u.lockedUntil }, ctx.now),
        mfaEnabled: mfaOn.has(u.id),
      }));
    }),

    create: staffProcedureWithPrepare(ROLE_SETS.admin, prepareNewPasswordHash)
      .input(
        z.strictObject({
          username: z
            .string()
            .trim()
            .min(3, 'At least 3 characters')
            .max(32)
            .regex(/^[a-z0-9._-]+$/i, 'Letters, digits, dot, dash or underscore'),
          displayName: z.string().trim().min(1, 'Enter a name').max(80),
          role: roleSchema,
          password: passwordSchema,
          language: z.enum(['en', 'fr']).default('en'),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const existing = await ctx.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', input.username)
          .executeTakeFirst();
        if (existing) {
          throw new DomainError('CONFLICT', `The username "${input.username}" is taken.`, {
            fields: { username: 'Already taken' },
          });
        }
        const user = await insertUser(
          ctx.db,
          { ...input, passwordHash: preparedHash(ctx) },
          ctx.now.toISOString(),
        );
        await ctx.audit({
          action: 'user.create',
          entityType: 'user',
          entityId: user.id,
          after: user,
        });
        return user;
      }),

    resetPassword: staffProcedureWithPrepare(ROLE_SETS.admin, prepareNewPasswordHash)
      .input(userId.extend({ password: passwordSchema, reason: z.string().trim().min(3).max(500) }))
      .mutation(async ({ ctx, input }) => {
        await loadUser(ctx.db, input.userId);
        const at = ctx.now.toISOString();
        await ctx.db
          .updateTable('users')
          .set({
            password_hash: preparedHash(ctx),
            failed_attempts: 0,
            locked_until: null,
            updated_at: at,
          })
          .where('id', '=', input.userId)
          .execute();
        await revokeUserSessions(ctx.db, input.userId, at);
        await ctx.audit({
          action: 'user.reset-password',
          entityType: 'user',
          entityId: input.userId,
          reason: input.reason,
        });
        return { ok: true as const };
      }),

    unlock: adminProcedure
      .input(userId.extend({ reason: z.string().trim().min(3).max(500) }))
      .mutation(async ({ ctx, input }) => {
        const before = toStaffUser(await loadUser(ctx.db, input.userId));
        await ctx.db
          .updateTable('users')
          .set({ failed_attempts: 0, locked_until: null, updated_at: ctx.now.toISOString() })
          .where('id', '=', input.userId)
          .execute();
        await ctx.audit({
          action: 'user.unlock',
          entityType: 'user',
          entityId: input.userId,
          before: { failedAttempts: before.failedAttempts, lockedUntil: before.lockedUntil },
          after: { failedAttempts: 0, lockedUntil: null },
          reason: input.reason,
        });
        return { ok: true as const };
      }),

    setActive: adminProcedure
      .input(userId.extend({ active: z.boolean(), reason: z.string().trim().min(3).max(500) }))
      .mutation(async ({ ctx, input }) => {
        if (input.userId === ctx.user.id && !input.active) {
          throw new DomainError('VALIDATION', 'You cannot deactivate yourself.');
        }
        const before = toStaffUser(await loadUser(ctx.db, input.userId));
        const at = ctx.now.toISOString();
        await ctx.db
          .updateTable('users')
          .set({ active: input.active ? 1 : 0, updated_at: at })
          .where('id', '=', input.userId)
          .execute();
        if (!input.active) await revokeUserSessions(ctx.db, input.userId, at);
        await ctx.audit({
          action: input.active ? 'user.activate' : 'user.deactivate',
          entityType: 'user',
          entityId: input.userId,
          before: { active: before.active },
          after: { active: input.active },
          reason: input.reason,
        });
        return { ok: true as const };
      }),
  }),

  settings: router({
    /** The whole lender configuration (any staff member reads it: phone numbers, P.O. boxes). */
    get: agentProcedure
      .input(z.strictObject({}).optional())
      .query(({ ctx }) => readSettings(ctx.db)),

    update: adminProcedure
      .input(
        z.strictObject({
          key: z.enum(settingKeys as [SettingKey, ...SettingKey[]]),
          value: z.unknown(),
          reason: z.string().trim().min(3).max(500),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const parsed = settingSchemas[input.key].safeParse(input.value);
        if (!parsed.success) {
          throw new DomainError('VALIDATION', `The "${input.key}" setting is not valid.`, {
            fields: Object.fromEntries(
              parsed.error.issues.map((i) => [i.path.join('.') || input.key, i.message]),
            ),
          });
        }
        const { before, after } = await writeSetting(
          ctx.db,
          input.key,
          parsed.data,
          ctx.now.toISOString(),
          ctx.user.id,
        );
        await ctx.audit({
          action: 'settings.update',
          entityType: 'setting',
          entityId: input.key,
          before,
          after,
          reason: input.reason,
        });
        // Other instances drop their short cache of settings (server/start.ts) and screens refetch.
        const events = ctx.deps.events;
        ctx.afterCommit(() => events.emit('changed', { area: 'admin', id: input.key }));
        return after;
      }),
  }),

  audit: router({
    list: supervisorProcedure
      .input(
        z.strictObject({
          entityType: z.string().max(64).optional(),
          entityId: z.string().max(64).optional(),
          actorUserId: z.number().int().positive().optional(),
          action: z.string().max(64).optional(),
          cursor: z.number().int().positive().nullish(),
          /** Added by tRPC's infinite-query helper; the log is always read newest first. */
          direction: z.enum(['forward', 'backward']).optional(),
          limit: z.number().int().min(1).max(200).default(50),
        }),
      )
      .query(async ({ ctx, input }) => {
        let q = ctx.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(input.limit);
        if (input.entityType) q = q.where('entity_type', '=', input.entityType);
        if (input.entityId) q = q.where('entity_id', '=', input.entityId);
        if (input.actorUserId) q = q.where('actor_user_id', '=', input.actorUserId);
        if (input.action) q = q.where('action', 'like', `${input.action}%`);
        if (input.cursor) q = q.where('id', '<', input.cursor);
        return q.execute();
      }),
    verify: supervisorProcedure
      .input(z.strictObject({}).optional())
      .query(({ ctx }) => verifyAuditChain(ctx.db)),
  }),
});
