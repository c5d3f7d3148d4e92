import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { renderAddressChangeLetter } from '../../server/letters/address-change-letter.ts';
import {
  nsfNoticeLetter,
  returnToSenderLetter,
} from '../../server/letters/mail-payment-letters.ts';
import { formatLetterDate, type RenderedLetter } from '../../server/letters/render-letter.ts';
import type { Settings } from '../../server/domain/lender-config.ts';

/**
 * Every address-change and mail-payment template, rendered by the one letter engine to PDF in
 * English and French, and read back from the PDF's text (what the customer receives).
 */

async function pdfText(letter: RenderedLetter): Promise<string> {
  expect(letter.pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const pdf = await getDocumentProxy(new Uint8Array(letter.pdf));
  const { text } = await extractText(pdf, { mergePages: true });
  // PDF text uses plain and no-break spaces interchangeably; compare words.
  return text.replace(/[\s\u00a0\u202f]+/g, ' ');
}

const settings: Pick<Settings, 'correspondenceAddress' | 'phones' | 'identity' | 'payees'> = {
  correspondenceAddress: {
    name: 'MINI Financial Services',
    poBox: 'P.O. BOX 3608',
    city: 'Dublin',
    region: 'OH',
    postalCode: '43016-0306',
  },
  phones: [{ id: 'customer-care', label: 'Customer care', number: '1-866-MINI-4ME' }],
  identity: {
    lenderName: 'MINI Financial Services',
    legalName: 'BMW Financial Services NA, LLC',
    timeZone: 'America/New_York',
  },
  payees: { lease: 'MINI Financial Services', loan: 'BMW Bank of North America' },
};

const item = {
  instrumentType: 'cashiers_check' as const,
  instrumentNumber: '7731',
  amountCents: 123_456,
  receiptDate: '2026-11-18',
};

describe('address-change letters (EN/FR PDF)', () => {
  const input = (recipient: 'old' | 'new', language: 'en' | 'fr') => ({
    recipient,
    language,
    mailTo: ['HÉLÈNE TREMBLAY', '12 MAIN ST', 'BOSTON MA  02108'],
    from: ['MINI Financial Services', 'P.O. BOX 3608', 'Dublin OH  43016-0306'],
    letterDate: formatLetterDate('2026-11-20', language),
    values: {
      name: 'Hélène Tremblay',
      requestedOn: formatLetterDate('2026-11-20', language),
      effectiveDate: formatLetterDate('2026-12-01', language),
      accounts: '…5578',
      newAddressLines: ['200 BOYLSTON ST APT 5', 'BOSTON MA  02116'],
      lockboxes: 'MINI Financial Services, P.O. BOX 78, Phoenix AZ 85062',
      phone: '1-866-MINI-4ME',
      lender: 'MINI Financial Services',
      changeId: 42,
    },
  });

  it('old address, English: the did-not-ask notice with the new address and reference', async () => {
    const text = await pdfText(await renderAddressChangeLetter(input('old', 'en')));
    expect(text).toContain('Your mailing address was changed');
    expect(text).toContain('Dear Hélène Tremblay,');
    expect(text).toContain(
      'If you did NOT make this request, call us right away at 1-866-MINI-4ME',
    );
    expect(text).toContain('200 BOYLSTON ST APT 5');
    expect(text).toContain('From December 1, 2026');
    expect(text).toContain('Reference: address change #42');
  });

  it('old address, French', async () => {
    const text = await pdfText(await renderAddressChangeLetter(input('old', 'fr')));
    expect(text).toContain('Votre adresse postale a été modifiée');
    expect(text).toContain(
      'Si vous n’avez PAS fait cette demande, appelez-nous sans tarder au 1-866-MINI-4ME',
    );
    expect(text).toContain('À compter du 1 décembre 2026');
    expect(text).toContain('Référence : changement d’adresse n° 42');
  });

  it('new address, English and French: where payments go', async () => {
    const en = await pdfText(await renderAddressChangeLetter(input('new', 'en')));
    expect(en).toContain('Confirmation of your new mailing address');
    expect(en).toContain('Your payments by mail go to: MINI Financial Services, P.O. BOX 78');
    const fr = await pdfText(await renderAddressChangeLetter(input('new', 'fr')));
    expect(fr).toContain('Confirmation de votre nouvelle adresse postale');
    expect(fr).toContain('Vos paiements par la poste sont à envoyer à : MINI Financial Services');
    expect(fr).toContain('BOSTON MA 02116');
  });
});

describe('mail-payment letters (EN/FR PDF)', () => {
  it('return to sender, English: uncashed, the reason, the payees', async () => {
    const text = await pdfText(
      await returnToSenderLetter(settings, {
        language: 'en',
        today: '2026-11-20',
        item,
        remitter: 'Ann Lee',
        recipient: ['Ann Lee'],
        reason: 'No account number we can find',
      }),
    );
    expect(text).toContain('Dear Ann Lee,');
    expect(text).toContain(
      'We received your cashier’s check #7731 for $1,234.56 on November 18, 2026 and are returning it to you uncashed.',
    );
    expect(text).toContain('Reason: No account number we can find');
    expect(text).toContain('loan payments to BMW Bank of North America');
  });

  it('return to sender, French (no remitter name: a neutral salutation)', async () => {
    const text = await pdfText(
      await returnToSenderLetter(settings, {
        language: 'fr',
        today: '2026-11-20',
        item,
        remitter: '',
        recipient: ['Remitter (address from the envelope)'],
        reason: 'Aucun numéro de compte',
      }),
    );
    expect(text).toContain('Bonjour Madame, Monsieur,');
    expect(text).toContain(
      'Nous avons reçu votre chèque de banque #7731 de 1 234,56 $ le 18 novembre 2026',
    );
    expect(text).toContain('sans l’encaisser');
    expect(text).toContain('Motif : Aucun numéro de compte');
  });

  it('NSF notice, English with the state fee and French without one', async () => {
    const en = await pdfText(
      await nsfNoticeLetter(settings, {
        language: 'en',
        today: '2026-11-20',
        item,
        customerName: 'Ann Lee',
        accountNumber: '1000000001',
        recipient: ['ANN LEE', '100 MAIN ST', 'SPRINGFIELD MA  01101'],
        feeCents: 1000,
        reason: 'NSF',
      }),
    );
    expect(en).toContain('Your payment was returned unpaid (account 1000000001)');
    expect(en).toContain('was returned unpaid by your bank (NSF)');
    expect(en).toContain('charged the returned-payment fee of $10.00 allowed in your state');
    const fr = await pdfText(
      await nsfNoticeLetter(settings, {
        language: 'fr',
        today: '2026-11-20',
        item,
        customerName: 'Hélène Tremblay',
        accountNumber: '1000000001',
        recipient: ['HÉLÈNE TREMBLAY'],
        feeCents: 0,
        reason: 'provision insuffisante',
      }),
    );
    expect(fr).toContain('Votre paiement a été retourné impayé (compte 1000000001)');
    expect(fr).toContain('Bonjour Hélène Tremblay,');
    expect(fr).toContain('Nous avons annulé le paiement.');
    expect(fr).not.toContain('frais de paiement retourné');
  });
});
