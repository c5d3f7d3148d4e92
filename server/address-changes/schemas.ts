import { z } from 'zod';

/** The address-changes inputs shared by several procedures, in one place. */

export const addressInput = z.strictObject({
  country: z.enum(['US', 'CA']),
  line1: z.string().max(200),
  line2: z.string().max(200).nullish(),
  city: z.string().max(100),
  region: z.string().max(60),
  postalCode: z.string().max(20),
});
export type AddressInput = z.infer<typeof addressInput>;

/** How far ahead a change may be dated. */
export const MAX_FUTURE_DAYS = 180;
