import { renderLetter, type RenderedLetter } from './render-letter.ts';

/**
 * Address-change confirmation letters (SPEC 5): one to the OLD address (the "if this was not
 * you, call us" notice that defeats a quiet account takeover) and one to the NEW address, in
 * the customer's language. The wording is in resources/letters/address-changes/
 * {old,new}-address.{en,fr}.txt; the one letter engine (render-letter.ts) lays it out.
 */

export interface AddressChangeLetterInput {
  recipient: 'old' | 'new';
  language: 'en' | 'fr';
  /** Lines of the label the letter is mailed to (name first). */
  mailTo: readonly string[];
  /** The lender's return address lines (name first). */
  from: readonly string[];
  /** Date printed on the letter (already formatted for the language). */
  letterDate: string;
  values: {
    name: string;
    requestedOn: string;
    effectiveDate: string;
    accounts: string;
    /** The new address, one line each (without the name). */
    newAddressLines: readonly string[];
    lockboxes: string;
    phone: string;
    lender: string;
    changeId: number;
  };
}

/**
 * Renders one letter to PDF (and its plain text).
 *
 * @example
 * const { pdf } = await renderAddressChangeLetter({ recipient: 'old', language: 'fr', ... });
 */
export function renderAddressChangeLetter(
  input: AddressChangeLetterInput,
): Promise<RenderedLetter> {
  const v = input.values;
  return renderLetter({
    template: `address-changes/${input.recipient}-address`,
    language: input.language,
    data: {
      sender: input.from,
      date: input.letterDate,
      recipient: input.mailTo,
      customerName: v.name,
      requestedOn: v.requestedOn,
      effectiveDate: v.effectiveDate,
      accounts: v.accounts,
      newAddressLines: v.newAddressLines,
      lockboxes: v.lockboxes,
      phoneNumber: v.phone,
      lenderName: v.lender,
      changeId: v.changeId,
    },
  });
}
