import { z } from 'zod';
import { TIMELINE_KINDS } from '../../db/repositories/timeline.ts';
import { adminProcedure, agentProcedure, router, supervisorProcedure } from '../trpc/base.ts';
import { callLetterPdf } from './call-letter-pdf.ts';
import { cancelEasyPay } from './cancel-easypay.ts';
import { contactReport, contactReportCsv } from './contact-report.ts';
import { customerTimeline } from './customer-timeline.ts';
import { discloseBalance } from './disclose-balance.ts';
import { endCall } from './end-call.ts';
import { currentCall, getCall } from './get-call.ts';
import { addReason, changeReason, listReasons } from './manage-reasons.ts';
import { matchCaller } from './match-caller.ts';
import { portalStatus, resendLinkCode, unlockPortal, updateEmail } from './portal-help.ts';
import { sendPayoffLetter } from './send-payoff-letter.ts';
import { sendSecureMessage } from './send-secure-message.ts';
import { startCall } from './start-call.ts';
import { verifyCaller } from './verify-caller.ts';
import { wrapUpCall } from './wrap-up-call.ts';
import { fieldKey } from '../trpc/zod-messages.ts';

const id = z.number().int().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, fieldKey('fields.realDate'));
const callAndAccount = z.strictObject({ callId: id, accountId: id });
const reasonLabel = z.string().trim().min(1, fieldKey('fields.enterLabel')).max(60);
const sortOrder = z.number().int().min(0).max(10_000);
const changeReasonText = z.string().trim().min(3, fieldKey('fields.giveReason')).max(500);
const messageBody = z.string().trim().min(1, fieldKey('fields.writeMessage')).max(10_000);
const replyThen = z.enum(['wait', 'resolve', 'open']).default('wait');

/** Calls (SPEC 8a): start, verify once, act for a verified caller, wrap up; the customer timeline. */
export const callsRouter = router({
  /** The agent's open call (or null) and their last calls. */
  current: agentProcedure
    .input(z.strictObject({}).optional())
    .query(({ ctx }) => currentCall(ctx.db, ctx.now, ctx.user.id)),

  get: agentProcedure
    .input(z.strictObject({ callId: id }))
    .query(({ ctx, input }) => getCall(ctx.db, ctx.now, input.callId)),

  start: agentProcedure
    .input(
      z.strictObject({
        direction: z.enum(['in', 'out']).default('in'),
        customerId: id.nullable().default(null),
        callerPhone: z
          .string()
          .max(30)
          .transform((s) => s.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, ''))
          .refine((s) => s === '' || s.length === 10, fieldKey('fields.phoneDigits'))
          .transform((s) => (s === '' ? null : s))
          .nullable()
          .default(null),
        callerName: z.string().trim().max(120).nullable().default(null),
      }),
    )
    .mutation(({ ctx, input }) => startCall(ctx, input)),

  matchCustomer: agentProcedure
    .input(z.strictObject({ callId: id, customerId: id }))
    .mutation(({ ctx, input }) => matchCaller(ctx, input)),

  verify: agentProcedure
    .input(
      z.strictObject({
        callId: id,
        method: z.enum(['dob_ssn_zip', 'dob_vin', 'vin']),
        dateOfBirth: z.string().max(20).nullish(),
        ssnLast4: z.string().max(10).nullish(),
        postalCode: z.string().max(20).nullish(),
        vin: z.string().max(30).nullish(),
      }),
    )
    .mutation(({ ctx, input }) => verifyCaller(ctx, input)),

  discloseBalance: agentProcedure
    .input(callAndAccount)
    .mutation(({ ctx, input }) => discloseBalance(ctx, input)),

  cancelEasyPay: agentProcedure
    .input(callAndAccount)
    .mutation(({ ctx, input }) => cancelEasyPay(ctx, input)),

  /** A payoff quote letter (PDF, customer's language) for a verified caller, recorded on the call. */
  payoffLetter: agentProcedure
    .input(callAndAccount)
    .mutation(({ ctx, input }) => sendPayoffLetter(ctx, input)),

  /** A secure message to the caller's Message Center (reply on their thread, or a new one). */
  sendMessage: agentProcedure
    .input(
      z.union([
        z.strictObject({
          callId: id,
          threadId: id,
          expectedVersion: z.number().int().min(0),
          body: messageBody,
          then: replyThen,
        }),
        z.strictObject({
          callId: id,
          threadId: z.null(),
          topic: z.string().min(1).max(40),
          accountId: id.nullable().default(null),
          body: messageBody,
          then: replyThen,
        }),
      ]),
    )
    .mutation(({ ctx, input }) => sendSecureMessage(ctx, input)),

  letterPdf: agentProcedure
    .input(z.strictObject({ letterId: id }))
    .query(({ ctx, input }) => callLetterPdf(ctx.db, input.letterId)),

  end: agentProcedure
    .input(z.strictObject({ callId: id }))
    .mutation(({ ctx, input }) => endCall(ctx, input)),

  wrapUp: agentProcedure
    .input(
      z.strictObject({
        callId: id,
        reasons: z.array(z.string().min(1).max(40)).max(9),
        outcome: z.enum(['resolved', 'follow_up', 'transferred', 'callback', 'no_action']),
        followUpOn: isoDate.nullable().default(null),
        notes: z.string().trim().max(4000).nullable().default(null),
      }),
    )
    .mutation(({ ctx, input }) => wrapUpCall(ctx, input)),

  /** Online access (seeds 000, 001): status for any agent; the actions need a verified caller. */
  portal: router({
    status: agentProcedure
      .input(z.strictObject({ customerId: id }))
      .query(({ ctx, input }) => portalStatus(ctx.db, ctx.now, input.customerId)),
    unlock: agentProcedure
      .input(z.strictObject({ callId: id }))
      .mutation(({ ctx, input }) => unlockPortal(ctx, input)),
    resendLinkCode: agentProcedure
      .input(z.strictObject({ callId: id, accountId: id.nullable().default(null) }))
      .mutation(({ ctx, input }) => resendLinkCode(ctx, input)),
    updateEmail: agentProcedure
      .input(z.strictObject({ callId: id, email: z.email().max(254) }))
      .mutation(({ ctx, input }) => updateEmail(ctx, input)),
  }),

  /** Admin: the reason codes (add, relabel, reorder, retire / restore), each change audited. */
  reasons: router({
    list: adminProcedure.input(z.strictObject({}).optional()).query(({ ctx }) => listReasons(ctx)),
    add: adminProcedure
      .input(
        z.strictObject({
          code: z
            .string()
            .trim()
            .regex(/^[a-z][a-z0-9-]{1,39}$/, fieldKey('fields.codeFormat')),
          labelEn: reasonLabel,
          labelFr: reasonLabel,
          sortOrder: sortOrder.optional(),
          reason: changeReasonText,
        }),
      )
      .mutation(({ ctx, input }) => addReason(ctx, input)),
    update: adminProcedure
      .input(
        z.strictObject({
          code: z.string().min(1).max(40),
          labelEn: reasonLabel.optional(),
          labelFr: reasonLabel.optional(),
          sortOrder: sortOrder.optional(),
          active: z.boolean().optional(),
          reason: changeReasonText,
        }),
      )
      .mutation(({ ctx, input }) => changeReason(ctx, input)),
  }),

  /** Supervisor: contacts by reason and hour, handle / wrap-up per agent, repeat callers. */
  report: supervisorProcedure
    .input(z.strictObject({ from: isoDate.optional(), to: isoDate.optional() }))
    .query(({ ctx, input }) => contactReport(ctx.db, ctx.now, input)),
  reportCsv: supervisorProcedure
    .input(
      z.strictObject({
        report: z.enum(['reasons-by-hour', 'agents', 'repeat-callers']),
        from: isoDate.optional(),
        to: isoDate.optional(),
      }),
    )
    .query(({ ctx, input }) => contactReportCsv(ctx.db, ctx.now, input)),

  /** The customer timeline, newest first, keyset-paged. */
  timeline: agentProcedure
    .input(
      z.strictObject({
        customerId: id,
        kinds: z.array(z.enum(TIMELINE_KINDS)).max(TIMELINE_KINDS.length).optional(),
        cursor: z
          .strictObject({
            at: z.string().min(10).max(40),
            kind: z.enum(TIMELINE_KINDS),
            ref: z.number().int(),
          })
          .nullish(),
        limit: z.number().int().min(1).max(100).optional(),
        /** Sent by the infinite-query client; the timeline only pages forward. */
        direction: z.enum(['forward', 'backward']).optional(),
      }),
    )
    .query(({ ctx, input }) => customerTimeline(ctx.db, input)),
});
