import { addDisputeItem } from '../../db/repositories/disputes-items.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { checkAttachment } from '../messages/attachments.ts';
import { addEvent, changeCase, notClosed, type StepContext } from './change-case.ts';
import type { documentSchema, In } from './schemas.ts';

/**
 * Attaches a document to the case (evidence for the investigation), with the same content
 * checks as a portal attachment: the type decided by the bytes (PDF, PNG, JPEG, HEIC), a name
 * that matches them, at most 10 MB, hashed with SHA-256.
 */
export async function addDocument(ctx: StepContext, input: In<typeof documentSchema>) {
  const checked = await checkAttachment(
    { filename: input.fileName, data: Buffer.from(input.contentBase64, 'base64') },
    0,
  ).catch((error: unknown) => {
    if (error instanceof DomainError)
      throw new DomainError('VALIDATION', msg(error.messageKey, error.messageParams), {
        fields: { contentBase64: msg(error.messageKey, error.messageParams) },
      });
    throw error;
  });
  const { after } = await changeCase(ctx, {
    action: 'dispute.add-document',
    id: input.id,
    guard: notClosed,
    apply: async (c) => {
      const itemId = await addDisputeItem(ctx.db, {
        dispute_id: c.id,
        kind: 'document',
        body: input.description,
        file_name: checked.filename,
        mime_type: checked.mimeType,
        content: checked.data,
        sha256: checked.sha256,
        due_on: null,
        created_at: ctx.now.toISOString(),
        created_by: ctx.user.id,
      });
      await addEvent(
        ctx,
        c.id,
        'document',
        msg('disputes.event.document', {
          filename: checked.filename,
          description: input.description,
        }),
        { itemId, sha256: checked.sha256 },
      );
    },
  });
  return after;
}
