import { z } from 'zod';
import {
  adminProcedure,
  agentProcedure,
  publicProcedure,
  publicProcedureWithPrepare,
  ROLE_SETS,
  router,
  staffProcedureWithPrepare,
} from '../trpc/base.ts';
import { beginEnrolment } from './begin-enrolment.ts';
import { cancelSignIn } from './cancel-sign-in.ts';
import { changePassword, changePasswordInput, prepareChangePassword } from './change-password.ts';
import { confirmEnrolment } from './confirm-enrolment.ts';
import { disableTwoStep } from './disable-two-step.ts';
import { regenerateRecoveryCodes } from './regenerate-recovery-codes.ts';
import { resetTwoStep } from './reset-two-step.ts';
import { setLanguage } from './set-language.ts';
import { prepareSignIn, signIn, signInInput } from './sign-in.ts';
import { signOut } from './sign-out.ts';
import { twoStepStatus } from './two-step-status.ts';
import { codeInput, verifyCode } from './verify-code.ts';

const noInput = z.strictObject({}).optional();

const mfaRouter = router({
  /** Is two-step sign-in on for me, must it be, recovery codes left (the account menu). */
  status: agentProcedure.input(noInput).query(({ ctx }) => twoStepStatus(ctx)),
  /** Step 2 of a two-step sign-in: a code from the app, or a one-time recovery code. */
  verify: publicProcedure.input(codeInput).mutation(({ ctx, input }) => verifyCode(ctx, input)),
  /** Abandons a half-way sign-in (nothing written when there is none). */
  cancel: publicProcedure.input(noInput).mutation(({ ctx }) => cancelSignIn(ctx)),
  beginEnrolment: publicProcedure.input(noInput).mutation(({ ctx }) => beginEnrolment(ctx)),
  /** Finishes enrolment; the answer shows the recovery codes, once. */
  confirmEnrolment: publicProcedure
    .input(codeInput)
    .mutation(({ ctx, input }) => confirmEnrolment(ctx, input)),
  disable: agentProcedure.input(codeInput).mutation(({ ctx, input }) => disableTwoStep(ctx, input)),
  /** New recovery codes (a current app code required); the old ones stop working. */
  regenerateRecoveryCodes: agentProcedure
    .input(codeInput)
    .mutation(({ ctx, input }) => regenerateRecoveryCodes(ctx, input)),
  adminReset: adminProcedure
    .input(
      z.strictObject({
        userId: z.number().int().positive(),
        reason: z.string().trim().min(3).max(500),
      }),
    )
    .mutation(({ ctx, input }) => resetTwoStep(ctx, input)),
});

export const authRouter = router({
  /**
   * Signs in; sets the session cookie (or, with two-step sign-in, a half-way token: the answer's
   * `mfa` says which step is next). Throttles and the password hash run before the transaction
   * (server/auth/sign-in.ts); every failure gives one answer.
   */
  login: publicProcedureWithPrepare(prepareSignIn)
    .input(signInInput)
    .mutation(({ ctx, input }) => signIn(ctx, input)),
  logout: agentProcedure.input(noInput).mutation(({ ctx }) => signOut(ctx)),
  /** The signed-in user, or null: the renderer's first question. */
  me: publicProcedure.input(noInput).query(({ ctx }) => ctx.user),
  changePassword: staffProcedureWithPrepare(ROLE_SETS.staff, prepareChangePassword)
    .input(changePasswordInput)
    .mutation(({ ctx }) => changePassword(ctx)),
  setLanguage: agentProcedure
    .input(z.strictObject({ language: z.enum(['en', 'fr']) }))
    .mutation(({ ctx, input }) => setLanguage(ctx, input.language)),
  mfa: mfaRouter,
});
