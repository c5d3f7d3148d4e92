import { fieldKey } from '../trpc/zod-messages.ts';
import { z } from 'zod';
import { clockRuleSchema } from '../domain/dispute-policy.ts';
import { LETTER_KINDS, type LetterKind } from '../domain/dispute-workflow.ts';
import { idempotencyKey } from '../trpc/idempotency.ts';
import { DATE_RANGE, isoDateSchema } from '../core/schemas.ts';

/** The disputes area's input schemas (strict: an unknown field is refused). */

export const id = z.number().int().positive();
export const cents = z.number().int().positive().max(100_000_000_00);
export const version = z.number().int().positive();
export const language = z.enum(['en', 'fr']);
export const letterKind = z.enum(LETTER_KINDS as [LetterKind, ...LetterKind[]]);
export const errorType = z.enum([
  'duplicate_debit',
  'wrong_amount',
  'after_cancellation',
  'unauthorized',
  'not_received',
  'other',
]);
export const stage = z.enum([
  'investigation',
  'results',
  'correction',
  'reversal',
  'ready_to_close',
  'closed',
]);
export { idempotencyKey, isoDateSchema };

/** An instant the desk can date (the range of isoDateSchema's dates, with a day's margin). */
const instant = z.iso
  .datetime()
  .refine(
    (s) => s >= `${DATE_RANGE.min}T12:00` && s < `${DATE_RANGE.max}T12:00`,
    fieldKey('fields.dateRange'),
  );

export const intakeSchema = z.strictObject({
  customerId: id,
  accountId: id,
  channel: z.enum(['phone', 'secure_message', 'mail']),
  /** UTC instant the notice was received (defaults to now). */
  noticeAt: instant.optional(),
  statementOn: isoDateSchema.nullable().optional(),
  errorType,
  /** The agent's account of the notice: internal, never printed. */
  reason: z.string().trim().min(5).max(2000),
  /** The reason in the customer's words, reviewed by the agent: what letters print. */
  customerReason: z.string().trim().min(5).max(2000).nullable().optional(),
  transactions: z
    .array(
      z.strictObject({
        transactionOn: isoDateSchema,
        amountCents: cents,
        description: z.string().trim().min(2).max(200),
        ledgerEntryId: id.nullable().optional(),
      }),
    )
    .min(1)
    .max(20),
  newAccount: z.boolean().optional(),
  pointOfSale: z.boolean().default(false),
  foreignInitiated: z.boolean().default(false),
  writtenConfirmationRequired: z.boolean().optional(),
  fromThreadId: id.nullable().optional(),
  /** The call the dispute was reported on: the case is linked to it (issue 17). */
  fromCallId: id.nullable().optional(),
});
export type IntakeInput = z.infer<typeof intakeSchema>;

export const previewSchema = intakeSchema.partial({
  transactions: true,
  reason: true,
  errorType: true,
});
export type PreviewInput = z.infer<typeof previewSchema>;

export const listSchema = z.strictObject({
  stage: stage.nullable().optional(),
  mine: z.boolean().optional(),
  customerId: id.nullable().optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export type ListInput = z.infer<typeof listSchema>;

export const assignSchema = z.strictObject({ id, userId: id.nullable(), version });
export const writtenConfirmationSchema = z.strictObject({
  id,
  receivedOn: isoDateSchema,
  version,
});
export const noteSchema = z.strictObject({
  id,
  kind: z.enum(['note', 'task']),
  body: z.string().trim().min(2).max(4000),
  dueOn: isoDateSchema.nullable().optional(),
});
export const documentSchema = z.strictObject({
  id,
  description: z.string().trim().min(2).max(500),
  fileName: z.string().trim().min(1).max(200),
  contentBase64: z.string().min(1).max(14_000_000),
});
export const completeTaskSchema = z.strictObject({ id, itemId: id });
export const provisionalCreditSchema = z.strictObject({
  id,
  amountCents: cents,
  postedOn: isoDateSchema.optional(),
  version,
  idempotencyKey,
});
export const determinationSchema = z.strictObject({
  id,
  outcome: z.enum(['error_found', 'no_error', 'different_error']),
  explanation: z.string().trim().max(4000),
  determinedOn: isoDateSchema.optional(),
  version,
});
export const previewLetterSchema = z.strictObject({
  id,
  kind: letterKind,
  language,
  sentOn: isoDateSchema.optional(),
  reversalOn: isoDateSchema.optional(),
});
export const sendLetterSchema = z.strictObject({
  id,
  kind: letterKind,
  language,
  sentOn: isoDateSchema.optional(),
  channel: z.enum(['mail', 'secure_message', 'email', 'fax']),
  reversalOn: isoDateSchema.optional(),
  version,
  idempotencyKey,
});
export const correctionSchema = z.strictObject({
  id,
  amountCents: z.number().int().min(0).max(100_000_000_00),
  postedOn: isoDateSchema.optional(),
  version,
  idempotencyKey,
});
export const reversalSchema = z.strictObject({
  id,
  reversalOn: isoDateSchema,
  amountCents: cents.optional(),
  version,
  idempotencyKey,
});
export const closeSchema = z.strictObject({
  id,
  note: z.string().trim().max(2000).optional(),
  keepProvisionalCredit: z.boolean().optional(),
  version,
});
export const cockpitCasesSchema = z.strictObject({
  filter: z.enum(['open', 'due_today', 'at_risk', 'breached', 'suspended']),
  clockId: z
    .string()
    .regex(/^[a-z_]+$/)
    .nullable()
    .optional(),
  agentId: z.number().int().min(0).nullable().optional(),
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
});

export const correctNoticeSchema = z.strictObject({
  id,
  noticeAt: instant,
  reason: z.string().trim().min(10).max(1000),
  version,
});
export const customerReasonSchema = z.strictObject({
  id,
  customerReason: z.string().trim().min(5).max(2000),
  version,
});
export const withdrawSchema = z.strictObject({
  id,
  withdrawnOn: isoDateSchema.optional(),
  note: z.string().trim().min(10).max(2000),
  version,
});
export const documentDownloadSchema = z.strictObject({ id, itemId: id });

/** A policy draft: the clocks as data (version, dates and reviewer are set on publishing). */
export const policyDraftSchema = z.strictObject({
  draft: z.strictObject({
    atRiskBusinessDays: z.number().int().min(0).max(10),
    clocks: z.array(clockRuleSchema.strict()).min(1).max(30),
  }),
});
export const publishPolicySchema = policyDraftSchema.extend({
  effectiveFrom: isoDateSchema,
  notes: z.string().trim().min(10).max(2000),
});

export type In<S extends z.ZodType> = z.infer<S>;
