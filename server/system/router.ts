import { z } from 'zod';
import { LATEST_MIGRATION } from '../../db/migrations/index.ts';
import { readSetting } from '../core/settings.ts';
import { agentProcedure, publicProcedure, router } from '../trpc/base.ts';
import { APP_VERSION } from '../ops/version.ts';

export const systemRouter = router({
  /** What the sign-in screen may know before anyone signs in. */
  info: publicProcedure.input(z.strictObject({}).optional()).query(async ({ ctx }) => ({
    version: APP_VERSION,
    schemaVersion: LATEST_MIGRATION,
    databaseKind: ctx.deps.databaseKind,
    lenderName: (await readSetting(ctx.db, 'identity')).lenderName,
    timeZone: ctx.timeZone,
    now: ctx.now.toISOString(),
    today: ctx.today,
  })),

  /**
   * Live change feed (SSE): the renderer invalidates the queries of the area that changed. It
   * listens as the procedure resolves, before tRPC sends `connected`: the renderer refetches
   * once connected (renderer/src/shell/Shell.tsx), and every change after that comes here.
   */
  changes: agentProcedure
    .input(z.strictObject({}).optional())
    .subscription(({ ctx, signal }) => ctx.deps.events.listen('changed', signal)),
});
