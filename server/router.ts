import { callsRouter } from './calls/router.ts';
import { addressChangesRouter } from './routers/address-changes.ts';
import { adminRouter } from './routers/admin.ts';
import { authRouter } from './routers/auth.ts';
import { calendarRouter } from './routers/calendar.ts';
import { customersRouter } from './routers/customers.ts';
import { disputesRouter } from './routers/disputes.ts';
import { mailPaymentsRouter } from './routers/mail-payments.ts';
import { messagesRouter } from './routers/messages.ts';
import { systemRouter } from './routers/system.ts';
import { trainingRouter } from './routers/training.ts';
import { router } from './trpc.ts';

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
});

export type AppRouter = typeof appRouter;
