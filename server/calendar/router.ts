import { z } from 'zod';
import { closuresOfYear } from '../../db/repositories/calendar.ts';
import { loadCalendar } from './load-calendar.ts';
import { isoDateSchema, reasonSchema } from '../core/schemas.ts';
import { federalReserveHolidays } from '../domain/calendar.ts';
import { adminProcedure, agentProcedure, router } from '../trpc/base.ts';
import { addClosure, removeClosure } from './change-closures.ts';

export const calendarRouter = router({
  /** Holidays and closures of a year, for the admin screen and date pickers. */
  year: agentProcedure
    .input(z.strictObject({ year: z.number().int().min(2000).max(2100) }))
    .query(async ({ ctx, input }) => ({
      holidays: federalReserveHolidays(input.year),
      closures: await closuresOfYear(ctx.db, input.year),
    })),

  /** "Today" in the centre's zone by the (possibly trainer-set) clock. */
  today: agentProcedure.input(z.strictObject({}).optional()).query(({ ctx }) => ({
    now: ctx.now.toISOString(),
    today: ctx.today,
    timeZone: ctx.timeZone,
  })),

  /** Adds business days with an explanation: the calculator supervisors use to check a date. */
  addBusinessDays: agentProcedure
    .input(z.strictObject({ from: isoDateSchema, days: z.number().int().min(-400).max(400) }))
    .query(async ({ ctx, input }) =>
      (await loadCalendar(ctx.db)).addBusinessDays(input.from, input.days),
    ),

  addClosure: adminProcedure
    .input(z.strictObject({ date: isoDateSchema, name: z.string().trim().min(3).max(80) }))
    .mutation(({ ctx, input }) => addClosure(ctx, input)),

  removeClosure: adminProcedure
    .input(z.strictObject({ id: z.number().int().positive(), reason: reasonSchema }))
    .mutation(({ ctx, input }) => removeClosure(ctx, input)),
});
