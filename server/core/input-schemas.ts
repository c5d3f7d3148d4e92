import { z } from 'zod';
import { isoDateSchema } from '../routers/calendar.ts';

/**
 * Input schemas more than one area uses (address changes, mail payments): one definition, so
 * the same field refuses the same input with the same message everywhere.
 */

/** A row id. */
export const idSchema = z.number().int().positive();

/** A calendar date, YYYY-MM-DD. */
export const isoDate = isoDateSchema;

/** Why an agent or supervisor did something (kept in the audit record). */
export const reasonSchema = z
  .string()
  .trim()
  .min(3, 'Give a reason (at least 3 characters)')
  .max(500);

/** How the customer reached us. */
export const channelSchema = z.enum(['phone', 'message', 'mail']);
