import { z } from 'zod';
import { loadCalendar } from '../../db/repositories/calendar.ts';
import { refreshOpenCases } from '../disputes/refresh-clocks.ts';
import { federalReserveHolidays } from '../domain/calendar.ts';
import { isIsoDate, localDateOf } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import { readSetting } from '../../db/repositories/settings.ts';
import { adminProcedure, agentProcedure, router } from '../trpc.ts';

/**
 * The dates the desk reasons about. A real date far off (9999-12-31, plus a deadline) has no
 * `YYYY-MM-DD` form, so every date an input carries stays within these years.
 */
export const DATE_RANGE = { min: '1900-01-01', max: '2199-12-31' } as const;

export const isoDateSchema = z
  .string()
  .refine(isIsoDate, { message: 'Use a real date, YYYY-MM-DD', abort: true })
  .refine(
    (d) => d >= DATE_RANGE.min && d <= DATE_RANGE.max,
    `Use a date between ${DATE_RANGE.min} and ${DATE_RANGE.max}`,
  );

export const calendarRouter = router({
  /** Holidays and closures of a year, for the admin screen and date pickers. */
  year: agentProcedure
    .input(z.strictObject({ year: z.number().int().min(2000).max(2100) }))
    .query(async ({ ctx, input }) => {
      const closures = await ctx.db
        .selectFrom('closures')
        .select(['id', 'date', 'name'])
        .where('date', 'like', `${input.year}-%`)
        .orderBy('date')
        .execute();
      return { holidays: federalReserveHolidays(input.year), closures };
    }),

  /** "Today" in the centre's zone by the (possibly trainer-set) clock. */
  today: agentProcedure.input(z.strictObject({}).optional()).query(async ({ ctx }) => {
    const { timeZone } = await readSetting(ctx.db, 'identity');
    return { now: ctx.now.toISOString(), today: localDateOf(ctx.now, timeZone), timeZone };
  }),

  /** Adds business days with an explanation: the calculator supervisors use to check a date. */
  addBusinessDays: agentProcedure
    .input(z.strictObject({ from: isoDateSchema, days: z.number().int().min(-400).max(400) }))
    .query(async ({ ctx, input }) =>
      (await loadCalendar(ctx.db)).addBusinessDays(input.from, input.days),
    ),

  addClosure: adminProcedure
    .input(z.strictObject({ date: isoDateSchema, name: z.string().trim().min(3).max(80) }))
    .mutation(async ({ ctx, input }) => {
      const calendar = await loadCalendar(ctx.db);
      const reason = calendar.nonBusinessReason(input.date);
      if (reason) {
        throw new DomainError('VALIDATION', `${input.date} is already closed (${reason.reason}).`, {
          fields: { date: 'Already a non-business day' },
        });
      }
      const row = await ctx.db
        .insertInto('closures')
        .values({
          date: input.date,
          name: input.name,
          created_at: ctx.now.toISOString(),
          created_by: ctx.user.id,
        })
        .returning(['id', 'date', 'name'])
        .executeTakeFirstOrThrow();
      await ctx.audit({
        action: 'calendar.add-closure',
        entityType: 'closure',
        entityId: row.id,
        after: row,
      });
      // A new non-business day moves business-day deadlines of every open dispute.
      await refreshOpenCases(ctx.db);
      ctx.afterCommit(() => {
        ctx.deps.events.emit('changed', { area: 'calendar' });
        ctx.deps.events.emit('changed', { area: 'disputes' });
      });
      return row;
    }),

  removeClosure: adminProcedure
    .input(
      z.strictObject({
        id: z.number().int().positive(),
        reason: z.string().trim().min(3).max(500),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const row = await ctx.db
        .selectFrom('closures')
        .selectAll()
        .where('id', '=', input.id)
        .executeTakeFirst();
      if (!row) throw new DomainError('NOT_FOUND', 'No such closure.');
      await ctx.db.deleteFrom('closures').where('id', '=', input.id).execute();
      await ctx.audit({
        action: 'calendar.remove-closure',
        entityType: 'closure',
        entityId: row.id,
        before: row,
        reason: input.reason,
      });
      await refreshOpenCases(ctx.db);
      ctx.afterCommit(() => {
        ctx.deps.events.emit('changed', { area: 'calendar' });
        ctx.deps.events.emit('changed', { area: 'disputes' });
      });
      return { ok: true as const };
    }),
});
