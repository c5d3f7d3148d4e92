import type { Selectable } from 'kysely';
import type { IsoDate } from '../../server/domain/dates.ts';
import type { DbOrTrx } from '../database.ts';
import type { DisputeItemsTable } from '../schema/index.ts';

// The items of a dispute case: notes, documents and tasks.

export interface DisputeItem {
  id: number;
  kind: 'note' | 'document' | 'task';
  body: string;
  fileName: string | null;
  mimeType: string | null;
  size: number | null;
  dueOn: IsoDate | null;
  doneAt: string | null;
  createdAt: string;
  createdBy: number | null;
}

export async function disputeItems(db: DbOrTrx, disputeId: number): Promise<DisputeItem[]> {
  const rows = await db
    .selectFrom('dispute_items')
    .select([
      'id',
      'kind',
      'body',
      'file_name',
      'mime_type',
      'due_on',
      'done_at',
      'created_at',
      'created_by',
    ])
    .select((eb) => eb.fn<number | null>('length', ['content']).as('size'))
    .where('dispute_id', '=', disputeId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    body: r.body,
    fileName: r.file_name,
    mimeType: r.mime_type,
    size: r.size,
    dueOn: r.due_on,
    doneAt: r.done_at,
    createdAt: r.created_at,
    createdBy: r.created_by,
  }));
}

export async function addDisputeItem(
  db: DbOrTrx,
  input: Omit<Selectable<DisputeItemsTable>, 'id' | 'done_at' | 'done_by'>,
): Promise<number> {
  const row = await db
    .insertInto('dispute_items')
    .values(input)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A document of a case with its bytes, or null. */
export async function disputeDocument(
  db: DbOrTrx,
  disputeId: number,
  itemId: number,
): Promise<{
  id: number;
  fileName: string;
  mimeType: string;
  content: Uint8Array;
  sha256: string | null;
  body: string;
} | null> {
  const r = await db
    .selectFrom('dispute_items')
    .select(['id', 'file_name', 'mime_type', 'content', 'sha256', 'body'])
    .where('id', '=', itemId)
    .where('dispute_id', '=', disputeId)
    .where('kind', '=', 'document')
    .executeTakeFirst();
  if (!r?.content || !r.file_name || !r.mime_type) return null;
  return {
    id: r.id,
    fileName: r.file_name,
    mimeType: r.mime_type,
    content: r.content,
    sha256: r.sha256,
    body: r.body,
  };
}
