import { findCallLetter } from '../../db/repositories/call-letters.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { DomainError, msg } from '../domain/errors.ts';

/** A letter produced from a call, as PDF (base64) for viewing or printing. */
export async function callLetterPdf(db: DbOrTrx, letterId: number) {
  const letter = await findCallLetter(db, letterId);
  if (!letter) throw new DomainError('NOT_FOUND', msg('common.noSuchLetter'));
  return {
    filename: `${letter.kind}-${letter.id}-${letter.language}.pdf`,
    base64: letter.pdf.toString('base64'),
  };
}
