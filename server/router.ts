import { adminRouter } from './routers/admin.ts';
import { authRouter } from './routers/auth.ts';
import { calendarRouter } from './routers/calendar.ts';
import { systemRouter } from './routers/system.ts';
import { router } from './trpc.ts';

/** One router per workflow the agent sees; each area adds its own line here. */
export const appRouter = router({
  auth: authRouter,
  admin: adminRouter,
  calendar: calendarRouter,
  system: systemRouter,
});

export type AppRouter = typeof appRouter;
