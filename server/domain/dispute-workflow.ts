import { toUtcDate, type IsoDate } from './dates.ts';
import { reversibleCents, type DisputeFacts, type Determination } from './dispute-deadlines.ts';
import { formatCents } from './money.ts';
import { msg, type ServerMessage } from './shared/server-messages.ts';

/**
 * The dispute workflow's pure rules: which stage a case is in, which letters it needs, what
 * stops it from closing (gates, not alerts), and the words that go into its letters.
 */

export type DisputeStage =
  'investigation' | 'results' | 'correction' | 'reversal' | 'ready_to_close' | 'closed';
export type LetterKind =
  'acknowledgement' | 'provisional_credit' | 'results' | 'no_error' | 'reversal';
export const LETTER_KINDS: readonly LetterKind[] = [
  'acknowledgement',
  'provisional_credit',
  'results',
  'no_error',
  'reversal',
];

/** Template file of each letter kind under resources/letters/. */
export const LETTER_TEMPLATES: Record<LetterKind, string> = {
  acknowledgement: 'disputes/acknowledgement',
  provisional_credit: 'disputes/provisional-credit',
  results: 'disputes/results',
  no_error: 'disputes/no-error',
  reversal: 'disputes/reversal',
};

/**
 * The template of a letter for a case: the results letter of a "different error" is its own
 * (it explains the finding and carries the documents clause, 1005.11(d)(1)).
 */
export function letterTemplate(kind: LetterKind, determination: Determination | null): string {
  if (kind === 'results' && determination === 'different_error') return 'disputes/different-error';
  return LETTER_TEMPLATES[kind];
}

/** Letters that must carry the right-to-request-documents clause. */
export function needsDocumentsClause(kind: LetterKind, determination: Determination | null) {
  return kind === 'no_error' || (kind === 'results' && determination === 'different_error');
}

/** The case facts the workflow rules read (dates of each step). */
export interface WorkflowFacts extends DisputeFacts {
  provisionalCreditCents?: number | null;
  reversalCents?: number | null;
}

/** Where the case is; the stored `stage` column (for lists and filters) is always this. */
export function stageOf(f: WorkflowFacts): DisputeStage {
  if (f.closedOn) return 'closed';
  if (f.withdrawnOn && !f.determination)
    return reversibleCents(f) > 0 && !f.reversalPostedOn ? 'reversal' : 'ready_to_close';
  if (!f.determination) return 'investigation';
  const errorFound = f.determination !== 'no_error';
  if (errorFound && !f.correctionPostedOn) return 'correction';
  if (!f.resultsSentOn) return 'results';
  if (reversibleCents(f) > 0 && !f.reversalPostedOn) return 'reversal';
  return 'ready_to_close';
}

/** The results letter a determination calls for. */
export function resultsLetterFor(determination: Determination): LetterKind {
  return determination === 'no_error' ? 'no_error' : 'results';
}

/**
 * Why a letter cannot be sent yet (null when it can). Each letter states facts that must be
 * true when it is sent.
 */
export function letterBlocker(kind: LetterKind, f: WorkflowFacts): ServerMessage | null {
  switch (kind) {
    case 'acknowledgement':
      return null;
    case 'provisional_credit':
      return f.provisionalCreditOn ? null : msg('disputes.gate.postCreditBeforeNotice');
    case 'results':
      if (!f.determination) return msg('disputes.gate.determinationBeforeResults');
      return f.determination === 'no_error' ? msg('disputes.gate.sendNoErrorLetter') : null;
    case 'no_error':
      if (f.determination !== 'no_error') return msg('disputes.gate.noErrorLetterNeedsNoError');
      return null;
    case 'reversal':
      if (!f.provisionalCreditOn) return msg('disputes.gate.noCreditToReverse');
      if (f.reversalPostedOn) return msg('disputes.creditAlreadyReversed');
      if (f.withdrawnOn && !f.determination) return null;
      if (!f.determination) return msg('disputes.gate.reverseAfterDetermination');
      if (f.determination !== 'no_error' && !f.correctionPostedOn)
        return msg('disputes.gate.correctionFirst');
      if (reversibleCents(f) === 0) return msg('disputes.gate.correctionCoversCredit');
      if (!f.resultsSentOn) return msg('disputes.gate.resultsBeforeReversalNotice');
      return null;
  }
}

/**
 * Every reason the case cannot close (empty when it can). `keepProvisionalCredit` is the
 * supervisor's decision to leave a provisional credit in place after "no error".
 */
export function closeBlockers(
  f: WorkflowFacts,
  sentLetters: ReadonlySet<LetterKind>,
  keepProvisionalCredit = false,
): ServerMessage[] {
  const out: ServerMessage[] = [];
  if (f.closedOn) return [msg('disputes.gate.alreadyClosed')];
  if (f.withdrawnOn && !f.determination) {
    if (reversibleCents(f) > 0 && !f.reversalPostedOn && !keepProvisionalCredit)
      out.push(msg('disputes.gate.creditStillOn'));
    if (f.reversalPostedOn && !f.reversalNoticeSentOn)
      out.push(msg('disputes.gate.reversalNoticeNotSent'));
    return out;
  }
  if (!sentLetters.has('acknowledgement')) out.push(msg('disputes.gate.acknowledgementNotSent'));
  if (f.provisionalCreditOn && !f.provisionalCreditNoticeSentOn)
    out.push(msg('disputes.gate.creditNoticeNotSent'));
  if (!f.determination) out.push(msg('disputes.gate.noDetermination'));
  else {
    if (!f.resultsSentOn)
      out.push(
        msg(
          f.determination === 'no_error'
            ? 'disputes.gate.noErrorLetterNotSent'
            : 'disputes.gate.resultsLetterNotSent',
        ),
      );
    if (f.determination !== 'no_error' && !f.correctionPostedOn)
      out.push(msg('disputes.gate.correctionNotPosted'));
    if (
      (f.determination === 'no_error' || f.correctionPostedOn) &&
      reversibleCents(f) > 0 &&
      !f.reversalPostedOn &&
      !keepProvisionalCredit
    ) {
      out.push(
        f.determination === 'no_error'
          ? msg('disputes.gate.creditStillOn')
          : msg('disputes.gate.creditExceedsCorrection'),
      );
    }
  }
  if (f.reversalPostedOn && !f.reversalNoticeSentOn)
    out.push(msg('disputes.gate.reversalNoticeNotSent'));
  return out;
}

/** Minimum length of a "no error" or "different error" explanation: a sentence, not "n/a". */
export const MIN_NO_ERROR_EXPLANATION = 30;

/** "November 20, 2026" / "20 novembre 2026"; French writes the first of a month "1er". */
export function letterDate(date: IsoDate, language: 'en' | 'fr'): string {
  const text = new Intl.DateTimeFormat(language === 'fr' ? 'fr-CA' : 'en-US', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(toUtcDate(date));
  return language === 'fr' ? text.replace(/^1 /, '1er ') : text;
}

export function money(cents: number, language: 'en' | 'fr'): string {
  return formatCents(cents, language);
}

/** "D-000042": the case number customers and letters use. */
export function caseNumber(id: number): string {
  return `D-${String(id).padStart(6, '0')}`;
}

const CHANNEL_TEXT = {
  en: { phone: 'telephone', secure_message: 'secure message', mail: 'mail' },
  fr: { phone: 'téléphone', secure_message: 'message sécurisé', mail: 'courrier' },
} as const;

export function periodText(
  length: number,
  unit: 'calendar' | 'business',
  language: 'en' | 'fr',
): string {
  if (language === 'fr') return `${length} jours ${unit === 'business' ? 'ouvrables' : 'civils'}`;
  return `${length} ${unit} days`;
}

export function channelText(channel: DisputeFacts['channel'], language: 'en' | 'fr'): string {
  return CHANNEL_TEXT[language][channel];
}
