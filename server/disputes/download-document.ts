import { disputeDocument } from '../../db/repositories/disputes-items.ts';
import { DomainError, msg } from '../domain/errors.ts';
import type { ReadContext } from './change-case.ts';
import type { documentDownloadSchema, In } from './schemas.ts';

/** A document of a case, as stored (base64), with its checked type and hash. */
export async function downloadDocument(ctx: ReadContext, input: In<typeof documentDownloadSchema>) {
  const doc = await disputeDocument(ctx.db, input.id, input.itemId);
  if (!doc) throw new DomainError('NOT_FOUND', msg('disputes.noSuchDocument'));
  return {
    fileName: doc.fileName,
    mimeType: doc.mimeType,
    sha256: doc.sha256,
    base64: Buffer.from(doc.content).toString('base64'),
  };
}
