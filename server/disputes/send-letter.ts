import { loadCalendar } from '../calendar/load-calendar.ts';
import { factsOf, type DisputePatch } from '../../db/repositories/disputes.ts';
import { requireDispute, saveDispute } from './load-case.ts';
import { insertLetter, letterWithPdf } from '../../db/repositories/disputes-letters.ts';
import { compareIsoDates, type IsoDate } from '../domain/dates.ts';
import { earliestReversalDate } from '../domain/dispute-deadlines.ts';
import { letterBlocker, needsDocumentsClause } from '../domain/dispute-workflow.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { renderDisputeLetter } from '../letters/dispute-letters.ts';
import {
  addEvent,
  changeCase,
  notBeforeNotice,
  notClosed,
  notFuture,
  todayOf,
  type ReadContext,
  type StepContext,
} from './change-case.ts';
import { loadPolicy } from './policies.ts';
import type { In, previewLetterSchema, sendLetterSchema } from './schemas.ts';

/** Renders a letter without recording it (preview / print). */
export async function previewLetter(ctx: ReadContext, input: In<typeof previewLetterSchema>) {
  const c = await requireDispute(ctx.db, input.id);
  const { today } = await todayOf(ctx);
  const letter = await renderDisputeLetter(
    ctx.db,
    {
      disputeId: c.id,
      kind: input.kind,
      language: input.language,
      sentOn: input.sentOn ?? today,
      reversalOn: input.reversalOn ?? null,
    },
    c,
  );
  return {
    base64: letter.pdf.toString('base64'),
    text: letter.text,
    clauses: letter.clauses,
    blocker: letterBlocker(input.kind, factsOf(c)),
  };
}

/** A stored letter's PDF (base64); seeded letters without bytes are rendered again. */
export async function letterPdf(ctx: ReadContext, letterId: number) {
  const letter = await letterWithPdf(ctx.db, letterId);
  if (!letter) throw new DomainError('NOT_FOUND', msg('common.noSuchLetter'));
  if (letter.pdf) return { base64: Buffer.from(letter.pdf).toString('base64') };
  const rendered = await renderDisputeLetter(ctx.db, {
    disputeId: letter.disputeId,
    kind: letter.kind,
    language: letter.language,
    sentOn: letter.sentOn,
  });
  return { base64: rendered.pdf.toString('base64') };
}

/** Records a letter as sent (date and channel); the rendered PDF is kept as evidence. */
export async function sendLetter(ctx: StepContext, input: In<typeof sendLetterSchema>) {
  const { today } = await todayOf(ctx);
  const sentOn = input.sentOn ?? today;
  let reversalOn: IsoDate | null = null;
  const { after } = await changeCase(ctx, {
    action: 'dispute.send-letter',
    id: input.id,
    version: input.version,
    guard: async (c) => {
      notClosed(c);
      notFuture(sentOn, today, 'sentOn');
      notBeforeNotice(sentOn, c, 'sentOn');
      const blocker = letterBlocker(input.kind, factsOf(c));
      if (blocker) throw new DomainError('PRECONDITION', blocker);
      if (input.kind === 'reversal') {
        const policy = await loadPolicy(ctx.db, c.policyVersion);
        const earliest = earliestReversalDate(policy, await loadCalendar(ctx.db), sentOn);
        reversalOn = input.reversalOn ?? earliest.date;
        if (compareIsoDates(reversalOn, earliest.date) < 0) {
          throw new DomainError(
            'PRECONDITION',
            msg('disputes.reversalTooEarly', { on: earliest.date, why: earliest.explanation }),
            { fields: { reversalOn: msg('fields.notBefore', { on: earliest.date }) } },
          );
        }
      }
    },
    apply: async (c) => {
      const letter = await renderDisputeLetter(
        ctx.db,
        { disputeId: c.id, kind: input.kind, language: input.language, sentOn, reversalOn },
        c,
      );
      if (
        needsDocumentsClause(input.kind, c.determination) &&
        !letter.clauses.includes('documents')
      ) {
        throw new DomainError('PRECONDITION', msg('disputes.resultsNeedsClause'));
      }
      const letterId = await insertLetter(
        ctx.db,
        {
          disputeId: c.id,
          kind: input.kind,
          language: input.language,
          data: { ...letter.data, reversalOnIso: reversalOn },
          pdf: letter.pdf,
          sha256: letter.sha256,
          sentOn,
          channel: input.channel,
          createdBy: ctx.user.id,
        },
        ctx.now.toISOString(),
      );
      const patch: DisputePatch =
        input.kind === 'provisional_credit' && !c.provisionalCreditNoticeSentOn
          ? { provisional_credit_notice_sent_on: sentOn }
          : (input.kind === 'results' || input.kind === 'no_error') && !c.resultsSentOn
            ? { results_sent_on: sentOn }
            : input.kind === 'reversal'
              ? { reversal_notice_sent_on: sentOn }
              : {};
      await saveDispute(ctx.db, c.id, patch, ctx.now.toISOString(), input.version);
      await addEvent(
        ctx,
        c.id,
        'letter',
        msg('disputes.event.letterSent', {
          letter: msg(`disputes.letter.${input.kind}`),
          language: input.language.toUpperCase(),
          channel: msg(`disputes.channel.${input.channel}`),
          on: sentOn,
        }),
        { letterId, sha256: letter.sha256, reversalOn },
      );
    },
  });
  return after;
}
