import type { DbOrTrx } from '../../db/database.ts';
import { loadCalendar } from '../calendar/load-calendar.ts';
import { addressAsOf } from '../../db/repositories/customer-addresses.ts';
import { requireAccount, requireCustomer } from '../customers/load-customer.ts';
import { factsOf, type DisputeCase } from '../../db/repositories/disputes.ts';
import { requireDispute } from '../disputes/load-case.ts';
import { readSettings } from '../core/settings.ts';
import type { IsoDate } from '../domain/dates.ts';
import {
  earliestReversalDate,
  reversibleCents,
  scheduleClocks,
} from '../domain/dispute-deadlines.ts';
import {
  caseNumber,
  channelText,
  letterDate,
  letterTemplate,
  money,
  periodText,
  type LetterKind,
} from '../domain/dispute-workflow.ts';
import { renderLetter, type LetterData, type RenderedLetter } from './render-letter.ts';
import { loadPolicy } from '../disputes/policies.ts';

/**
 * The dispute letters: gathers a case's facts, the customer's address and the lender's
 * configuration into the placeholder values of resources/letters/disputes/*.txt, and renders.
 */

export interface DisputeLetterRequest {
  disputeId: number;
  kind: LetterKind;
  language: 'en' | 'fr';
  /** The letter's date (the day it is sent). */
  sentOn: IsoDate;
  /** Reversal letters: the date the debit will be made (defaults to the earliest allowed). */
  reversalOn?: IsoDate | null;
}

export async function disputeLetterData(
  db: DbOrTrx,
  req: DisputeLetterRequest,
  dispute?: DisputeCase,
): Promise<LetterData> {
  const c = dispute ?? (await requireDispute(db, req.disputeId));
  const [customer, account, address, settings, policy, calendar] = await Promise.all([
    requireCustomer(db, c.customerId),
    requireAccount(db, c.accountId),
    addressAsOf(db, c.customerId, req.sentOn),
    readSettings(db),
    loadPolicy(db, c.policyVersion),
    loadCalendar(db),
  ]);
  const lang = req.language;
  const corr = settings.correspondenceAddress;
  const phone =
    settings.phones.find((p) => p.id === 'erroneous-transactions')?.number ??
    settings.phones[0]?.number ??
    '';
  const cityLine = `${corr.city}, ${corr.region} ${corr.postalCode}`;
  const facts = factsOf(c);
  const clocks = scheduleClocks(policy, facts, calendar);
  const clock = (id: string) => clocks.find((k) => k.id === id);
  const d = (date: IsoDate | null | undefined) => (date ? letterDate(date, lang) : '');
  const confirmation = clock('written_confirmation');
  const determination = clock('determination_or_credit');
  const investigation = clock('investigation');
  const pc = c.provisionalCreditCents ?? 0;
  const correctionBeyondCredit = Math.max(0, (c.correctionCents ?? 0) - pc);
  const earliest = c.reversalNoticeSentOn ?? req.sentOn;
  const reversalOn = req.reversalOn ?? earliestReversalDate(policy, calendar, earliest).date;
  const reversalRule = policy.clocks.find((k) => k.startEvent === 'reversal_notice_sent');

  return {
    sender: [corr.name, corr.poBox, cityLine, phone],
    date: d(req.sentOn),
    recipient: address
      ? [
          customer.displayName,
          address.line1,
          ...(address.line2 ? [address.line2] : []),
          `${address.city}, ${address.region} ${address.postalCode}`,
          ...(address.country === 'CA' ? ['CANADA'] : []),
        ]
      : [customer.displayName],
    customerName: customer.displayName,
    accountNumber: account.accountNumber,
    caseNumber: caseNumber(c.id),
    noticeDate: d(c.noticeOn),
    channelText: channelText(c.channel, lang),
    transactionLines: c.transactions.map(
      (t) => `${d(t.transactionOn)} — ${t.description} — ${money(t.amountCents, lang)}`,
    ),
    disputedAmount: money(c.disputedCents, lang),
    // Only the reviewed reason in the customer's words is printed; the agent's note never is.
    customerReason: c.customerReason ?? '',
    writtenConfirmationRequired: Boolean(confirmation?.applicable && confirmation.legalDue),
    confirmationPeriod: confirmation
      ? periodText(confirmation.length, confirmation.unit, lang)
      : '',
    confirmationDue: d(confirmation?.legalDue),
    mailingAddressLines: [corr.name, corr.poBox, cityLine],
    mailingAddress: `${corr.name}, ${corr.poBox}, ${cityLine}`,
    lateNotice: c.lateNotice,
    determinationDue: d(determination?.legalDue),
    determinationPeriod: determination
      ? periodText(determination.length, determination.unit, lang)
      : '',
    investigationDue: d(investigation?.legalDue),
    investigationPeriod: investigation
      ? periodText(investigation.length, investigation.unit, lang)
      : '',
    phoneNumber: phone,
    lenderName: settings.identity.lenderName,
    creditAmount: pc ? money(pc, lang) : '',
    creditDate: d(c.provisionalCreditOn),
    hasProvisionalCredit: pc > 0,
    provisionalCreditFinal: pc > 0 && c.determination !== 'no_error',
    determinationDate: d(c.determinationOn),
    explanation: c.determinationExplanation ?? '',
    correctionAmount: correctionBeyondCredit > 0 ? money(correctionBeyondCredit, lang) : '',
    correctionDate: d(c.correctionOn),
    realErrorAmount: c.correctionCents !== null ? money(c.correctionCents, lang) : '',
    creditExceedsCorrection: c.correctionCents !== null && pc > c.correctionCents,
    creditMadeFinal: pc > 0 ? money(Math.min(pc, c.correctionCents ?? pc), lang) : '',
    differenceAmount:
      c.correctionCents !== null && pc > c.correctionCents
        ? money(pc - c.correctionCents, lang)
        : '',
    withdrawn: Boolean(c.withdrawnOn && !c.determination),
    noErrorFound: c.determination === 'no_error',
    reversalAmount: money(c.reversalCents ?? reversibleCents(facts), lang),
    reversalDate: d(reversalOn),
    reversalDays: reversalRule?.length ?? 5,
  };
}

/** Renders one dispute letter (data + PDF + text + clauses). */
export async function renderDisputeLetter(
  db: DbOrTrx,
  req: DisputeLetterRequest,
  dispute?: DisputeCase,
): Promise<RenderedLetter & { data: LetterData }> {
  const c = dispute ?? (await requireDispute(db, req.disputeId));
  const data = await disputeLetterData(db, req, c);
  const rendered = await renderLetter({
    template: letterTemplate(req.kind, c.determination),
    language: req.language,
    data,
  });
  return { ...rendered, data };
}
