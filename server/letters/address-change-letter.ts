import PDFDocument from 'pdfkit';
import newEn from '../../resources/letters/address-change-new.en.json' with { type: 'json' };
import newFr from '../../resources/letters/address-change-new.fr.json' with { type: 'json' };
import oldEn from '../../resources/letters/address-change-old.en.json' with { type: 'json' };
import oldFr from '../../resources/letters/address-change-old.fr.json' with { type: 'json' };

/**
 * Address-change confirmation letters (SPEC 5): one to the OLD address (the "if this was not
 * you, call us" notice that defeats a quiet account takeover) and one to the NEW address, in
 * the customer's language. Text lives in resources/letters/address-change-{old,new}.{en,fr}.json;
 * this file only lays it out. Built-in Helvetica (WinAnsi) prints French accents.
 *
 * No shared letter helper existed when this was written, so it uses pdfkit directly.
 */

export interface LetterTemplate {
  subject: string;
  greeting: string;
  paragraphs: string[];
  closing: string;
  signature: string;
  reference: string;
}

const TEMPLATES: Record<'old' | 'new', Record<'en' | 'fr', LetterTemplate>> = {
  old: { en: oldEn, fr: oldFr },
  new: { en: newEn, fr: newFr },
};

export interface AddressChangeLetterInput {
  recipient: 'old' | 'new';
  language: 'en' | 'fr';
  /** Lines of the label the letter is mailed to. */
  mailTo: string[];
  /** The lender's return address lines. */
  from: string[];
  /** Date printed on the letter (already formatted for the language). */
  letterDate: string;
  values: {
    name: string;
    requestedOn: string;
    effectiveDate: string;
    accounts: string;
    newAddress: string;
    lockboxes: string;
    phone: string;
    lender: string;
    changeId: number;
  };
  /** Fixed creation date so the same letter renders to the same bytes. */
  createdAt: Date;
}

/** Replaces `{key}` placeholders; unknown keys are left visible rather than silently dropped. */
export function fillTemplate(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

export function letterTemplate(recipient: 'old' | 'new', language: 'en' | 'fr'): LetterTemplate {
  return TEMPLATES[recipient][language];
}

/**
 * Renders one letter to PDF bytes.
 *
 * @example
 * const pdf = await renderAddressChangeLetter({ recipient: 'old', language: 'fr', ... });
 */
export function renderAddressChangeLetter(input: AddressChangeLetterInput): Promise<Buffer> {
  const template = letterTemplate(input.recipient, input.language);
  const fill = (s: string) => fillTemplate(s, input.values);
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: 60, bottom: 60, left: 72, right: 72 },
    info: {
      Title: fill(template.subject),
      Author: input.values.lender,
      CreationDate: input.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(14).text(input.values.lender);
  doc.font('Helvetica').fontSize(9).fillColor('#444').text(input.from.join('\n'));
  doc.fillColor('black').moveDown(2);
  // The label block sits where a #10 window envelope shows it.
  doc.font('Helvetica').fontSize(11).text(input.mailTo.join('\n'), 72, 160);
  doc.moveDown(2);
  doc.text(input.letterDate, { align: 'right' });
  doc.moveDown(1.5);
  doc.font('Helvetica-Bold').text(fill(template.subject));
  doc.font('Helvetica').moveDown();
  doc.text(fill(template.greeting));
  doc.moveDown();
  for (const paragraph of template.paragraphs) {
    const text = fill(paragraph);
    const isAddress = paragraph.trim() === '{newAddress}';
    if (isAddress) doc.font('Helvetica-Bold').text(text, { indent: 36 });
    else doc.font('Helvetica').text(text, { align: 'left' });
    doc.moveDown();
  }
  doc.font('Helvetica').text(fill(template.closing));
  doc.moveDown(2);
  doc.text(fill(template.signature));
  doc.moveDown(2);
  doc.fontSize(8).fillColor('#666').text(fill(template.reference));
  doc.end();
  return done;
}
