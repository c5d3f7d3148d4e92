import { fieldKey } from '../trpc/zod-messages.ts';
import { z } from 'zod';
import { listAudit, verifyAuditChain } from '../../db/repositories/audit.ts';
import { readSettings } from '../core/settings.ts';
import { passwordSchema, reasonSchema, roleSchema } from '../core/schemas.ts';
import { settingKeys, type SettingKey } from '../domain/lender-config.ts';
import { prepareNewPasswordHash, preparedHash } from '../auth/prepare-password.ts';
import {
  adminProcedure,
  agentProcedure,
  ROLE_SETS,
  router,
  staffProcedureWithPrepare,
  supervisorProcedure,
} from '../trpc/base.ts';
import {
  createUser,
  listStaff,
  resetUserPassword,
  setUserActive,
  unlockUser,
} from './manage-users.ts';
import { updateSetting } from './update-setting.ts';

const userId = z.strictObject({ userId: z.number().int().positive() });
const noInput = z.strictObject({}).optional();

export const adminRouter = router({
  users: router({
    list: adminProcedure.input(noInput).query(({ ctx }) => listStaff(ctx)),

    // The new password is hashed before the write transaction opens (never under its lock).
    create: staffProcedureWithPrepare(ROLE_SETS.admin, prepareNewPasswordHash)
      .input(
        z.strictObject({
          username: z
            .string()
            .trim()
            .min(3)
            .max(32)
            .regex(/^[a-z0-9._-]+$/i, fieldKey('fields.usernameCharacters')),
          displayName: z.string().trim().min(1, fieldKey('fields.enterName')).max(80),
          role: roleSchema,
          password: passwordSchema,
          language: z.enum(['en', 'fr']).default('en'),
        }),
      )
      .mutation(({ ctx, input }) => createUser(ctx, input, preparedHash(ctx))),

    resetPassword: staffProcedureWithPrepare(ROLE_SETS.admin, prepareNewPasswordHash)
      .input(userId.extend({ password: passwordSchema, reason: reasonSchema }))
      .mutation(({ ctx, input }) => resetUserPassword(ctx, input, preparedHash(ctx))),

    unlock: adminProcedure
      .input(userId.extend({ reason: reasonSchema }))
      .mutation(({ ctx, input }) => unlockUser(ctx, input)),

    setActive: adminProcedure
      .input(userId.extend({ active: z.boolean(), reason: reasonSchema }))
      .mutation(({ ctx, input }) => setUserActive(ctx, input)),
  }),

  settings: router({
    /** The whole lender configuration (any staff member reads it: phone numbers, P.O. boxes). */
    get: agentProcedure.input(noInput).query(({ ctx }) => readSettings(ctx.db)),

    update: adminProcedure
      .input(
        z.strictObject({
          key: z.enum(settingKeys as [SettingKey, ...SettingKey[]]),
          value: z.unknown(),
          reason: reasonSchema,
        }),
      )
      .mutation(({ ctx, input }) => updateSetting(ctx, input)),
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
      .query(({ ctx, input }) => listAudit(ctx.db, { ...input, beforeId: input.cursor })),
    verify: supervisorProcedure.input(noInput).query(({ ctx }) => verifyAuditChain(ctx.db)),
  }),
});
