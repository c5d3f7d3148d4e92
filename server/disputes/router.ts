import { z } from 'zod';
import { agentProcedure, router, supervisorProcedure } from '../trpc/base.ts';
import { addDocument } from './add-document.ts';
import { addNote, completeTask } from './add-note.ts';
import { assignCase } from './assign-case.ts';
import { closeCase } from './close-case.ts';
import { correctNotice } from './correct-notice.ts';
import { downloadDocument } from './download-document.ts';
import { handOffPrefill, openCase, previewIntake } from './open-case.ts';
import { listPolicies, policyInEffect } from './policies.ts';
import { postCorrection } from './post-correction.ts';
import { postProvisionalCredit } from './post-provisional-credit.ts';
import { postReversal } from './post-reversal.ts';
import { diffPolicyDraft, publishPolicy } from './publish-policy.ts';
import { recordDetermination } from './record-determination.ts';
import { recordWrittenConfirmation } from './record-written-confirmation.ts';
import { todayOf } from './change-case.ts';
import {
  assignSchema,
  closeSchema,
  cockpitCasesSchema,
  completeTaskSchema,
  correctNoticeSchema,
  correctionSchema,
  customerReasonSchema,
  determinationSchema,
  documentDownloadSchema,
  documentSchema,
  id,
  idempotencyKey,
  intakeSchema,
  listSchema,
  noteSchema,
  policyDraftSchema,
  previewLetterSchema,
  previewSchema,
  provisionalCreditSchema,
  publishPolicySchema,
  reversalSchema,
  sendLetterSchema,
  withdrawSchema,
  writtenConfirmationSchema,
} from './schemas.ts';
import { letterPdf, previewLetter, sendLetter } from './send-letter.ts';
import { listCases, resultsLetterKind, viewCase } from './view-case.ts';
import { listCockpitCases, recomputeClocks, viewCockpit } from './view-cockpit.ts';
import { setCustomerReason, withdrawCase } from './withdraw-case.ts';

/**
 * Erroneous-transaction disputes (SPEC section 4): intake, the case workflow with its gates,
 * letters, and the supervisor's deadline cockpit. Each procedure is its input schema, its role
 * and one call to a use case in this folder.
 */
const none = z.strictObject({}).optional();

export const disputesRouter = router({
  /** Every policy version, newest first (compliance reviews them here). */
  policies: supervisorProcedure.input(none).query(({ ctx }) => listPolicies(ctx.db)),
  /** The policy new cases open under today. */
  currentPolicy: agentProcedure
    .input(none)
    .query(async ({ ctx }) => policyInEffect(ctx.db, (await todayOf(ctx)).today)),
  intakePreview: agentProcedure
    .input(previewSchema)
    .query(({ ctx, input }) => previewIntake(ctx, input)),
  /** What a secure-message hand-off carries into intake (received time, reason, debits named). */
  handOff: agentProcedure
    .input(z.strictObject({ threadId: id }))
    .query(({ ctx, input }) => handOffPrefill(ctx, input.threadId)),
  create: agentProcedure
    .input(intakeSchema.extend({ idempotencyKey }))
    .mutation(({ ctx, input }) => openCase(ctx, input)),
  list: agentProcedure.input(listSchema).query(({ ctx, input }) => listCases(ctx, input)),
  get: agentProcedure
    .input(z.strictObject({ id }))
    .query(({ ctx, input }) => viewCase(ctx, input.id)),
  assign: agentProcedure.input(assignSchema).mutation(({ ctx, input }) => assignCase(ctx, input)),
  recordWrittenConfirmation: agentProcedure
    .input(writtenConfirmationSchema)
    .mutation(({ ctx, input }) => recordWrittenConfirmation(ctx, input)),
  correctNotice: agentProcedure
    .input(correctNoticeSchema)
    .mutation(({ ctx, input }) => correctNotice(ctx, input)),
  setCustomerReason: agentProcedure
    .input(customerReasonSchema)
    .mutation(({ ctx, input }) => setCustomerReason(ctx, input)),
  withdraw: agentProcedure
    .input(withdrawSchema)
    .mutation(({ ctx, input }) => withdrawCase(ctx, input)),
  addNote: agentProcedure.input(noteSchema).mutation(({ ctx, input }) => addNote(ctx, input)),
  addDocument: agentProcedure
    .input(documentSchema)
    .mutation(({ ctx, input }) => addDocument(ctx, input)),
  document: agentProcedure
    .input(documentDownloadSchema)
    .query(({ ctx, input }) => downloadDocument(ctx, input)),
  completeTask: agentProcedure
    .input(completeTaskSchema)
    .mutation(({ ctx, input }) => completeTask(ctx, input)),
  postProvisionalCredit: agentProcedure
    .input(provisionalCreditSchema)
    .mutation(({ ctx, input }) => postProvisionalCredit(ctx, input)),
  recordDetermination: agentProcedure
    .input(determinationSchema)
    .mutation(({ ctx, input }) => recordDetermination(ctx, input)),
  previewLetter: agentProcedure
    .input(previewLetterSchema)
    .query(({ ctx, input }) => previewLetter(ctx, input)),
  sendLetter: agentProcedure
    .input(sendLetterSchema)
    .mutation(({ ctx, input }) => sendLetter(ctx, input)),
  letterPdf: agentProcedure
    .input(z.strictObject({ letterId: id }))
    .query(({ ctx, input }) => letterPdf(ctx, input.letterId)),
  postCorrection: agentProcedure
    .input(correctionSchema)
    .mutation(({ ctx, input }) => postCorrection(ctx, input)),
  postReversal: agentProcedure
    .input(reversalSchema)
    .mutation(({ ctx, input }) => postReversal(ctx, input)),
  close: agentProcedure.input(closeSchema).mutation(({ ctx, input }) => closeCase(ctx, input)),
  resultsLetterKind: agentProcedure
    .input(z.strictObject({ id }))
    .query(({ ctx, input }) => resultsLetterKind(ctx, input.id)),

  // Compliance: policy versions
  policyDiff: supervisorProcedure
    .input(policyDraftSchema)
    .query(({ ctx, input }) => diffPolicyDraft(ctx, input)),
  publishPolicy: supervisorProcedure
    .input(publishPolicySchema)
    .mutation(({ ctx, input }) => publishPolicy(ctx, input)),

  // Supervisor cockpit
  cockpit: supervisorProcedure.input(none).query(({ ctx }) => viewCockpit(ctx)),
  cockpitCases: supervisorProcedure
    .input(cockpitCasesSchema)
    .query(({ ctx, input }) => listCockpitCases(ctx, input)),
  /** Recomputes every open case's clocks (after the business calendar changed). */
  recomputeClocks: supervisorProcedure
    .input(z.strictObject({}))
    .mutation(({ ctx }) => recomputeClocks(ctx)),
});
