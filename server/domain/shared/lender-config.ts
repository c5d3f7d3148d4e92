import { z } from 'zod';
import { fieldKey } from './server-messages.ts';

/**
 * The lender configuration of SPEC section 1, as data. Each top-level key is one row of the
 * `settings` table, validated by its schema here on every read and write; the demo lender
 * (resources/config/demo-lender.json) is loaded into an empty database on first start.
 * Workflow areas add their own keys to `settingSchemas`. Shared: the server validates every
 * read and write with it, and the admin screen's forms show its field errors as you type.
 */
const knownZones = new Map<string, boolean>();
/** True for an IANA zone Intl knows (cached: building a formatter is not cheap). */
function isTimeZone(tz: string): boolean {
  let ok = knownZones.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    knownZones.set(tz, ok);
  }
  return ok;
}

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, fieldKey('fields.timeOfDay'));
const dayHours = z.object({ open: hhmm, close: hhmm }).nullable();

export const lockboxSchema = z.object({
  id: z.string().min(1),
  accountType: z.enum(['lease', 'loan']),
  payee: z.string().min(1),
  poBox: z.string().min(1),
  city: z.string().min(1),
  region: z.string().length(2),
  postalCode: z.string().min(5),
  serves: z.enum(['east', 'west', 'all']),
});
export type Lockbox = z.infer<typeof lockboxSchema>;

export const settingSchemas = {
  identity: z.object({
    lenderName: z.string().min(1),
    legalName: z.string().min(1),
    timeZone: z.string().refine(isTimeZone, fieldKey('fields.timeZone')),
  }),
  payees: z.object({ lease: z.string().min(1), loan: z.string().min(1) }),
  lockboxes: z.array(lockboxSchema).min(1),
  leaseLockboxRegions: z.object({ west: z.array(z.string().length(2)) }),
  correspondenceAddress: z.object({
    name: z.string().min(1),
    poBox: z.string().min(1),
    city: z.string().min(1),
    region: z.string().length(2),
    postalCode: z.string().min(5),
  }),
  phones: z.array(z.object({ id: z.string(), label: z.string(), number: z.string() })),
  hours: z.object({
    monday: dayHours,
    tuesday: dayHours,
    wednesday: dayHours,
    thursday: dayHours,
    friday: dayHours,
    saturday: dayHours,
    sunday: dayHours,
  }),
  returnedPaymentFees: z.object({
    default: z.number().int().nonnegative(),
    byRegion: z.record(z.string().length(2), z.number().int().nonnegative()),
  }),
  paymentApplicationOrder: z
    .array(z.enum(['fees', 'pastDue', 'current', 'principal']))
    .length(4)
    .refine((a) => new Set(a).size === 4, fieldKey('fields.eachBucketOnce')),
  mailPayments: z.object({
    /** Largest single mail item (cents) keyed without an exception: catches a mis-keyed amount. */
    sanityLimitCents: z.number().int().positive(),
    /** Same account, instrument number and amount posted within this many days is a duplicate. */
    duplicateWindowDays: z.number().int().min(0).max(365),
  }),
  security: z.object({
    maxFailedLogins: z.number().int().min(1).max(20),
    lockoutMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    sessionIdleMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    /** A session ends this long after sign-in, however active (default for older databases). */
    sessionAbsoluteHours: z
      .number()
      .int()
      .min(1)
      .max(7 * 24)
      .default(12),
  }),
  addressChanges: z.object({
    maxFailedVerifications: z.number().int().min(1).max(10),
    lockMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
    redFlagWindowDays: z.number().int().min(1).max(365),
    payoffAfterChangeDays: z.number().int().min(1).max(365),
    failedVerificationLookbackHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
    verificationValidMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
  }),
  messageTopics: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]+$/, fieldKey('fields.topicIdFormat')),
        label: z.object({ en: z.string().min(1), fr: z.string().min(1) }),
        queue: z.string().min(1),
        firstResponseHours: z.number().positive().max(1000),
        nextResponseHours: z.number().positive().max(1000),
        autoCloseQuietDays: z.number().int().min(1).max(365),
        /** The intake a message of this topic hands off to, if any. */
        handoff: z.enum(['dispute', 'address_change']).nullable().default(null),
      }),
    )
    .min(1)
    .refine((a) => new Set(a.map((t) => t.id)).size === a.length, fieldKey('fields.topicIdOnce')),
  messageAssignment: z.object({
    mode: z.enum(['round-robin', 'least-loaded']),
    /** Queues whose new threads are assigned automatically to an available agent. */
    autoAssignQueues: z.array(z.string().min(1)),
  }),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type Settings = { [K in SettingKey]: z.infer<(typeof settingSchemas)[K]> };

export const settingKeys = Object.keys(settingSchemas) as SettingKey[];
