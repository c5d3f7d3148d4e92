import type { IsoDate } from '../domain/dates.ts';
import type { Settings } from '../domain/lender-config.ts';
import { formatCents } from '../domain/money.ts';
import type { InstrumentType } from '../../db/schema/index.ts';
import { formatLetterDate, renderLetter, type RenderedLetter } from './render-letter.ts';

/**
 * The mail-payment letters: return to sender (an instrument we cannot apply, sent back
 * uncashed) and the returned-payment (NSF) notice, in the customer's language, through the one
 * letter engine. Wording: resources/letters/mail-payments/{return-to-sender,nsf-notice}.{en,fr}.txt.
 */

const INSTRUMENT = {
  en: {
    personal_check: 'personal check',
    cashiers_check: 'cashier’s check',
    money_order: 'money order',
  },
  fr: {
    personal_check: 'chèque personnel',
    cashiers_check: 'chèque de banque',
    money_order: 'mandat',
  },
} as const satisfies Record<'en' | 'fr', Record<InstrumentType, string>>;

export interface MailLetterItem {
  instrumentType: InstrumentType;
  instrumentNumber: string;
  amountCents: number;
  receiptDate: IsoDate;
}

type LetterSettings = Pick<Settings, 'correspondenceAddress' | 'phones' | 'identity' | 'payees'>;

function common(
  settings: LetterSettings,
  language: 'en' | 'fr',
  today: IsoDate,
  item: MailLetterItem,
) {
  const c = settings.correspondenceAddress;
  const phone =
    settings.phones.find((p) => p.id === 'customer-care')?.number ??
    settings.phones[0]?.number ??
    '';
  return {
    sender: [c.name, c.poBox, `${c.city}, ${c.region} ${c.postalCode}`, phone],
    date: formatLetterDate(today, language),
    instrument: `${INSTRUMENT[language][item.instrumentType]} #${item.instrumentNumber}`,
    amount: formatCents(item.amountCents, language),
    receiptDate: formatLetterDate(item.receiptDate, language),
    phoneNumber: phone,
    lenderName: settings.identity.lenderName,
  };
}

/**
 * The letter that goes back with an instrument returned uncashed.
 *
 * @example
 * const letter = await returnToSenderLetter(settings, { language: 'en', today: '2026-11-20',
 *   item, remitter: 'Ann Lee', recipient: ['Ann Lee'], reason: agentsReason });
 */
export function returnToSenderLetter(
  settings: LetterSettings,
  input: {
    language: 'en' | 'fr';
    today: IsoDate;
    item: MailLetterItem;
    remitter: string;
    recipient: readonly string[];
    reason: string;
  },
): Promise<RenderedLetter> {
  const sirOrMadam = input.language === 'fr' ? 'Madame, Monsieur' : 'Sir or Madam';
  return renderLetter({
    template: 'mail-payments/return-to-sender',
    language: input.language,
    data: {
      ...common(settings, input.language, input.today, input.item),
      recipient: input.recipient,
      remitterName: input.remitter || sirOrMadam,
      reason: input.reason,
      leasePayee: settings.payees.lease,
      loanPayee: settings.payees.loan,
    },
  });
}

/**
 * The returned-payment (NSF) notice to the account holder: the payment reversed and the
 * state's fee, when there is one.
 */
export function nsfNoticeLetter(
  settings: LetterSettings,
  input: {
    language: 'en' | 'fr';
    today: IsoDate;
    item: MailLetterItem;
    customerName: string;
    accountNumber: string;
    recipient: readonly string[];
    feeCents: number;
    reason: string;
  },
): Promise<RenderedLetter> {
  return renderLetter({
    template: 'mail-payments/nsf-notice',
    language: input.language,
    data: {
      ...common(settings, input.language, input.today, input.item),
      recipient: input.recipient,
      customerName: input.customerName,
      accountNumber: input.accountNumber,
      reason: input.reason,
      fee: input.feeCents > 0 ? formatCents(input.feeCents, input.language) : null,
      noFee: input.feeCents <= 0,
    },
  });
}
