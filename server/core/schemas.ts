import { z } from 'zod';
import { fieldKey } from '../trpc/zod-messages.ts';
import { isIsoDate } from '../domain/dates.ts';

/**
 * Input schemas shared by several areas (routers, the desk CLI). An area's own schemas stay in
 * its router.
 */

/**
 * The dates the desk reasons about. A real date far off (9999-12-31, plus a deadline) has no
 * `YYYY-MM-DD` form, so every date an input carries stays within these years.
 */
export const DATE_RANGE = { min: '1900-01-01', max: '2199-12-31' } as const;

export const isoDateSchema = z
  .string()
  .refine(isIsoDate, { message: fieldKey('fields.realDate'), abort: true })
  .refine((d) => d >= DATE_RANGE.min && d <= DATE_RANGE.max, fieldKey('fields.dateRange'));

export const roleSchema = z.enum(['agent', 'supervisor', 'trainer', 'admin']);

/** Staff passwords: long enough to resist guessing, checked the same on every path. */
export const passwordSchema = z
  .string()
  .min(10, fieldKey('fields.passwordLength'))
  .max(256)
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), fieldKey('fields.passwordMix'));

/** Why a supervisor, admin or agent did something (kept in the audit record). */
export const reasonSchema = z.string().trim().min(3, fieldKey('fields.giveReason')).max(500);

/** A row id. */
export const idSchema = z.number().int().positive();

/** How the customer reached us (address changes, requests). */
export const channelSchema = z.enum(['phone', 'message', 'mail']);
