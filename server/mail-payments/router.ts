import { z } from 'zod';
import { listBatches } from '../../db/repositories/mail-payments.ts';
import { dailyPosting, lockboxTotals } from '../../db/repositories/mail-payments-reports.ts';
import {
  idSchema as id,
  isoDateSchema as isoDate,
  reasonSchema as reason,
} from '../core/schemas.ts';
import { idempotencyKey } from '../trpc/idempotency.ts';
import { agentProcedure, router, supervisorProcedure } from '../trpc/base.ts';
import { approveBatch } from './approve-batch.ts';
import { correctItem } from './correct-item.ts';
import { exportReport } from './export-report.ts';
import { importItems } from './import-items.ts';
import { keyItem } from './key-item.ts';
import {
  agingReport,
  entryConfig,
  findPosted,
  listApprovals,
  listExceptionsAged,
  researchSender,
} from './list-work.ts';
import { openBatch } from './open-batch.ts';
import { overrideItem } from './override-item.ts';
import { postBatch } from './post-batch.ts';
import { removeItem } from './remove-item.ts';
import { returnNsf } from './return-nsf.ts';
import { returnToSender } from './return-to-sender.ts';
import { itemFields, itemFieldsSchema } from './schemas.ts';
import { batchProof, mailLetterPdf, viewBatch, viewItem } from './view-batch.ts';
import { fieldKey } from '../trpc/zod-messages.ts';

/**
 * Mail payments (lockbox): open a batch from the deposit ticket, key its items (each checked
 * as it is keyed), work the exceptions, get overrides approved, post the batch once as of its
 * receipt date, and reverse an item the bank returns unpaid. Each procedure: input schema,
 * role, one call into a use case of this folder.
 */
export const mailPaymentsRouter = router({
  config: agentProcedure.input(z.strictObject({}).optional()).query(({ ctx }) => entryConfig(ctx)),

  batches: router({
    list: agentProcedure
      .input(
        z.strictObject({
          status: z.enum(['open', 'approved', 'posted', 'unposted']).optional(),
          lockboxId: z.string().max(40).optional(),
          receiptDate: isoDate.optional(),
        }),
      )
      .query(({ ctx, input }) => listBatches(ctx.db, input)),

    get: agentProcedure
      .input(z.strictObject({ batchId: id }))
      .query(({ ctx, input }) => viewBatch(ctx.db, input.batchId)),

    proof: agentProcedure
      .input(z.strictObject({ batchId: id }))
      .query(({ ctx, input }) => batchProof(ctx.db, input.batchId)),

    open: agentProcedure
      .input(
        z.strictObject({
          lockboxId: z.string().min(1).max(40),
          receiptDate: isoDate,
          controlCount: z.number().int().min(1, fieldKey('fields.atLeastOneItem')).max(100_000),
          controlTotal: z.string().trim().min(1, fieldKey('fields.enterDepositTotal')).max(20),
          idempotencyKey,
        }),
      )
      .mutation(({ ctx, input }) => openBatch(ctx, input)),

    approve: supervisorProcedure
      .input(z.strictObject({ batchId: id, note: z.string().trim().max(500).default('') }))
      .mutation(({ ctx, input }) => approveBatch(ctx, input)),

    /** Idempotent: a retry with the same key gets the first answer back. */
    post: agentProcedure
      .input(z.strictObject({ batchId: id, idempotencyKey }))
      .mutation(({ ctx, input }) => postBatch(ctx, input)),
  }),

  items: router({
    add: agentProcedure
      .input(z.strictObject({ batchId: id, ...itemFields, idempotencyKey }))
      .mutation(({ ctx, input: { idempotencyKey: _key, ...input } }) => keyItem(ctx, input)),

    importItems: agentProcedure
      .input(
        z.strictObject({
          batchId: id,
          items: z
            .array(itemFieldsSchema)
            .min(1, fieldKey('fields.fileEmpty'))
            .max(10_000, fieldKey('fields.fileTooLong')),
          idempotencyKey,
        }),
      )
      .mutation(({ ctx, input }) => importItems(ctx, input)),

    correct: agentProcedure
      .input(
        z.strictObject({ itemId: id, ...itemFields, note: z.string().trim().max(500).default('') }),
      )
      .mutation(({ ctx, input }) => correctItem(ctx, input)),

    remove: agentProcedure
      .input(z.strictObject({ itemId: id }))
      .mutation(({ ctx, input }) => removeItem(ctx, input)),

    override: agentProcedure
      .input(z.strictObject({ itemId: id, reason }))
      .mutation(({ ctx, input }) => overrideItem(ctx, input)),

    returnToSender: agentProcedure
      .input(z.strictObject({ itemId: id, reason, idempotencyKey }))
      .mutation(({ ctx, input }) => returnToSender(ctx, input)),

    returnNsf: agentProcedure
      .input(z.strictObject({ itemId: id, reason, idempotencyKey }))
      .mutation(({ ctx, input }) => returnNsf(ctx, input)),

    get: agentProcedure
      .input(z.strictObject({ itemId: id }))
      .query(({ ctx, input }) => viewItem(ctx.db, input.itemId)),

    /** A return-to-sender or NSF letter's PDF (base64). */
    letterPdf: agentProcedure
      .input(z.strictObject({ letterId: id }))
      .query(({ ctx, input }) => mailLetterPdf(ctx.db, input.letterId)),

    findPosted: agentProcedure
      .input(
        z.strictObject({
          accountNumber: z.string().trim().max(30).default(''),
          instrumentNumber: z.string().trim().max(30).default(''),
        }),
      )
      .query(({ ctx, input }) => findPosted(ctx.db, input)),
  }),

  exceptions: router({
    list: agentProcedure
      .input(z.strictObject({ lockboxId: z.string().max(40).optional() }))
      .query(({ ctx, input }) => listExceptionsAged(ctx, input)),

    research: agentProcedure
      .input(
        z.strictObject({
          query: z.string().trim().max(100).default(''),
          address: z.string().trim().max(100).default(''),
          amount: z.string().trim().max(20).default(''),
        }),
      )
      .query(({ ctx, input }) => researchSender(ctx, input)),
  }),

  approvals: router({
    list: supervisorProcedure
      .input(z.strictObject({}).optional())
      .query(({ ctx }) => listApprovals(ctx.db, ctx.user.id)),
  }),

  reports: router({
    daily: agentProcedure
      .input(z.strictObject({ date: isoDate }))
      .query(({ ctx, input }) => dailyPosting(ctx.db, input.date)),
    aging: agentProcedure.input(z.strictObject({}).optional()).query(({ ctx }) => agingReport(ctx)),
    lockboxTotals: agentProcedure
      .input(z.strictObject({ from: isoDate, to: isoDate }))
      .query(({ ctx, input }) => lockboxTotals(ctx.db, input.from, input.to)),
    csv: agentProcedure
      .input(
        z.strictObject({
          report: z.enum(['daily', 'aging', 'lockboxTotals']),
          date: isoDate.optional(),
          from: isoDate.optional(),
          to: isoDate.optional(),
        }),
      )
      .query(({ ctx, input }) => exportReport(ctx, input)),
  }),
});
