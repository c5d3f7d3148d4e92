import type { CaseView as View } from './case-view.ts';

export type LetterKind = View['letters'][number]['kind'];
export const LETTERS: LetterKind[] = [
  'acknowledgement',
  'provisional_credit',
  'results',
  'no_error',
  'reversal',
];

/** The letter the case needs next (the one the send form offers first). */
export function nextLetterOf(v: View): LetterKind {
  return !v.letters.some((l) => l.kind === 'acknowledgement')
    ? 'acknowledgement'
    : v.case.provisionalCreditOn && !v.case.provisionalCreditNoticeSentOn
      ? 'provisional_credit'
      : v.case.determination && !v.case.resultsSentOn
        ? v.case.determination === 'no_error'
          ? 'no_error'
          : 'results'
        : v.letterBlockers.reversal === null && !v.case.reversalNoticeSentOn
          ? 'reversal'
          : 'acknowledgement';
}
