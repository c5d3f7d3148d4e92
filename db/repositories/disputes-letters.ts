import type { Selectable } from 'kysely';
import type { IsoDate } from '../../server/domain/dates.ts';
import type { LetterKind } from '../../server/domain/dispute-workflow.ts';
import type { DbOrTrx } from '../database.ts';
import type { DisputeLettersTable, LetterChannel } from '../schema/index.ts';

// The letters of a dispute case (the PDF bytes are read only when downloaded).

export interface DisputeLetter {
  id: number;
  kind: LetterKind;
  language: 'en' | 'fr';
  sentOn: IsoDate;
  channel: LetterChannel;
  sha256: string | null;
  createdAt: string;
  createdBy: number | null;
}

function toLetter(r: Omit<Selectable<DisputeLettersTable>, 'pdf' | 'data_json'>): DisputeLetter {
  return {
    id: r.id,
    kind: r.kind,
    language: r.language,
    sentOn: r.sent_on,
    channel: r.channel,
    sha256: r.sha256,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

export async function disputeLetters(db: DbOrTrx, disputeId: number): Promise<DisputeLetter[]> {
  const rows = await db
    .selectFrom('dispute_letters')
    .select([
      'id',
      'dispute_id',
      'kind',
      'language',
      'sha256',
      'sent_on',
      'channel',
      'created_at',
      'created_by',
    ])
    .where('dispute_id', '=', disputeId)
    .orderBy('id')
    .execute();
  return rows.map(toLetter);
}

export async function insertLetter(
  db: DbOrTrx,
  input: {
    disputeId: number;
    kind: LetterKind;
    language: 'en' | 'fr';
    data: unknown;
    pdf: Uint8Array | null;
    sha256: string | null;
    sentOn: IsoDate;
    channel: LetterChannel;
    createdBy: number | null;
  },
  at: string,
): Promise<number> {
  const row = await db
    .insertInto('dispute_letters')
    .values({
      dispute_id: input.disputeId,
      kind: input.kind,
      language: input.language,
      data_json: JSON.stringify(input.data),
      pdf: input.pdf,
      sha256: input.sha256,
      sent_on: input.sentOn,
      channel: input.channel,
      created_at: at,
      created_by: input.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A stored letter with its PDF bytes (null for seeded letters: re-render from data_json). */
export async function letterWithPdf(
  db: DbOrTrx,
  letterId: number,
): Promise<(DisputeLetter & { disputeId: number; pdf: Uint8Array | null; data: unknown }) | null> {
  const r = await db
    .selectFrom('dispute_letters')
    .selectAll()
    .where('id', '=', letterId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    ...toLetter(r),
    disputeId: r.dispute_id,
    pdf: r.pdf,
    data: JSON.parse(r.data_json) as unknown,
  };
}
