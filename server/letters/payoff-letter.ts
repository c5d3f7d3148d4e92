import type { IsoDate } from '../domain/dates.ts';
import type { Lockbox, Settings } from '../domain/lender-config.ts';
import { formatCents } from '../domain/money.ts';
import type { PayoffQuote } from '../domain/payoff-quote.ts';
import { formatLetterDate, renderLetter, type RenderedLetter } from './render-letter.ts';

/**
 * The payoff quote letter a verified caller asks for, in the customer's language, through the
 * one letter engine. Wording (and the quote assumptions): resources/letters/calls/payoff-quote.{en,fr}.txt.
 */

type LetterSettings = Pick<Settings, 'correspondenceAddress' | 'phones' | 'identity'>;

const WORDS = {
  en: {
    lease: 'lease',
    loan: 'loan',
    good: (d: string, a: string) => `Payoff amount good through ${d}: ${a}`,
    today: (d: string, a: string) => `Payoff as of ${d}: ${a}`,
    due: (d: string, a: string) => `${a} due ${d}`,
  },
  fr: {
    lease: 'contrat de location',
    loan: 'prêt',
    good: (d: string, a: string) => `Montant de remboursement valable jusqu'au ${d} : ${a}`,
    today: (d: string, a: string) => `Solde de remboursement au ${d} : ${a}`,
    due: (d: string, a: string) => `${a} dû le ${d}`,
  },
} as const;

/**
 * @example
 * const letter = await payoffQuoteLetter(settings, { language: 'en', callDate: '2026-12-03',
 *   quote, customerName: 'Ann Lee', recipient: ['ANN LEE', '1 Main St', 'Boston MA  02108'],
 *   accountNumber: '1234567890', accountType: 'loan', vehicle: '2024 BMW X3',
 *   payee: 'BMW Bank of North America', lockbox });
 */
export function payoffQuoteLetter(
  settings: LetterSettings,
  input: {
    language: 'en' | 'fr';
    callDate: IsoDate;
    quote: PayoffQuote;
    customerName: string;
    recipient: readonly string[];
    accountNumber: string;
    accountType: 'lease' | 'loan';
    vehicle: string;
    payee: string;
    lockbox: Lockbox;
  },
): Promise<RenderedLetter> {
  const lang = input.language;
  const w = WORDS[lang];
  const c = settings.correspondenceAddress;
  const phone =
    settings.phones.find((p) => p.id === 'customer-care')?.number ??
    settings.phones[0]?.number ??
    '';
  const q = input.quote;
  const goodThrough = formatLetterDate(q.goodThrough, lang);
  return renderLetter({
    template: 'calls/payoff-quote',
    language: lang,
    data: {
      sender: [c.name, c.poBox, `${c.city}, ${c.region} ${c.postalCode}`, phone],
      date: formatLetterDate(q.asOf, lang),
      recipient: input.recipient,
      customerName: input.customerName,
      accountNumber: input.accountNumber,
      accountKind: w[input.accountType],
      vehicle: input.vehicle,
      callDate: formatLetterDate(input.callDate, lang),
      figureLines: [
        w.good(goodThrough, formatCents(q.payoffCents, lang)),
        w.today(formatLetterDate(q.asOf, lang), formatCents(q.payoffTodayCents, lang)),
      ],
      goodThrough,
      installmentsDue: q.installmentsDue.map((i) =>
        w.due(formatLetterDate(i.dueOn, lang), formatCents(i.amountCents, lang)),
      ),
      perDiem: q.perDiemCents > 0 ? formatCents(q.perDiemCents, lang) : null,
      payee: input.payee,
      lockboxAddressLines: [
        input.lockbox.payee,
        input.lockbox.poBox,
        `${input.lockbox.city}, ${input.lockbox.region} ${input.lockbox.postalCode}`,
      ],
      phoneNumber: phone,
      lenderName: settings.identity.lenderName,
    },
  });
}
