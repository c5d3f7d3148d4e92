import { callsRouter } from './calls/router.ts';
import { addressChangesRouter } from './address-changes/router.ts';
import { adminRouter } from './admin/router.ts';
import { authRouter } from './auth/router.ts';
import { calendarRouter } from './calendar/router.ts';
import { customersRouter } from './customers/router.ts';
import { disputesRouter } from './disputes/router.ts';
import { mailPaymentsRouter } from './mail-payments/router.ts';
import { messagesRouter } from './messages/router.ts';
import { systemRouter } from './system/router.ts';
import { trainingRouter } from './training/router.ts';
import { authorityRouter } from './controls/router.ts';
import { router } from './trpc/base.ts';

/** One router per workflow the agent sees; each area adds its own line here. */
export const appRouter = router({
  auth: authRouter,
  admin: adminRouter,
  calendar: calendarRouter,
  system: systemRouter,
  customers: customersRouter,
  training: trainingRouter,
  mailPayments: mailPaymentsRouter,
  addressChanges: addressChangesRouter,
  messages: messagesRouter,
  disputes: disputesRouter,
  calls: callsRouter,
  authority: authorityRouter,
});

export type AppRouter = typeof appRouter;
