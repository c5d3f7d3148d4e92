import { sql, type Selectable } from 'kysely';
import type { DbOrTrx } from '../database.ts';
import type { AddressChangeLettersTable } from '../schema/index.ts';

/** The letters an address change sent (to the old and the new address), with their PDFs. */

export interface LetterRecord {
  id: number;
  changeId: number;
  recipient: 'old' | 'new';
  language: 'en' | 'fr';
  mailingAddress: string;
  sentAt: string;
  sentBy: number | null;
  hasPdf: boolean;
}

function toLetter(
  row: Omit<Selectable<AddressChangeLettersTable>, 'pdf'> & { has_pdf: number },
): LetterRecord {
  return {
    id: row.id,
    changeId: row.change_id,
    recipient: row.recipient,
    language: row.language,
    mailingAddress: row.mailing_address,
    sentAt: row.sent_at,
    sentBy: row.sent_by,
    hasPdf: row.has_pdf === 1,
  };
}

export async function insertLetter(
  db: DbOrTrx,
  input: {
    changeId: number;
    recipient: 'old' | 'new';
    language: 'en' | 'fr';
    mailingAddress: string;
    pdf: Buffer | null;
    sentAt: string;
    sentBy: number | null;
  },
): Promise<LetterRecord> {
  const row = await db
    .insertInto('address_change_letters')
    .values({
      change_id: input.changeId,
      recipient: input.recipient,
      language: input.language,
      mailing_address: input.mailingAddress,
      pdf: input.pdf,
      sent_at: input.sentAt,
      sent_by: input.sentBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    changeId: input.changeId,
    recipient: input.recipient,
    language: input.language,
    mailingAddress: input.mailingAddress,
    sentAt: input.sentAt,
    sentBy: input.sentBy,
    hasPdf: input.pdf !== null,
  };
}

export async function lettersOfChange(db: DbOrTrx, changeId: number): Promise<LetterRecord[]> {
  const rows = await db
    .selectFrom('address_change_letters')
    .select([
      'id',
      'change_id',
      'recipient',
      'language',
      'mailing_address',
      'sent_at',
      'sent_by',
      sql<number>`pdf is not null`.as('has_pdf'),
    ])
    .where('change_id', '=', changeId)
    .orderBy('id')
    .execute();
  return rows.map(toLetter);
}

export async function letterPdf(
  db: DbOrTrx,
  letterId: number,
): Promise<{
  changeId: number;
  recipient: 'old' | 'new';
  language: 'en' | 'fr';
  pdf: Buffer | null;
} | null> {
  const row = await db
    .selectFrom('address_change_letters')
    .select(['change_id', 'recipient', 'language', 'pdf'])
    .where('id', '=', letterId)
    .executeTakeFirst();
  return row
    ? { changeId: row.change_id, recipient: row.recipient, language: row.language, pdf: row.pdf }
    : null;
}
