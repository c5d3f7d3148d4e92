import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../database.ts';
import type { DisputeEventsTable } from '../schema/index.ts';

// The timeline of a dispute case: its events, oldest first.

export interface DisputeEvent {
  id: number;
  at: string;
  actorUserId: number | null;
  actorName: string;
  kind: string;
  summary: string;
  detail: unknown;
}

function toEvent(r: Selectable<DisputeEventsTable>): DisputeEvent {
  return {
    id: r.id,
    at: r.at,
    actorUserId: r.actor_user_id,
    actorName: r.actor_name,
    kind: r.kind,
    summary: r.summary,
    detail: r.detail_json ? (JSON.parse(r.detail_json) as unknown) : null,
  };
}

export async function addDisputeEvent(
  db: DbOrTrx,
  input: {
    disputeId: number;
    at: string;
    actor: { id: number | null; name: string };
    kind: string;
    summary: string;
    detail?: unknown;
  },
): Promise<void> {
  await db
    .insertInto('dispute_events')
    .values({
      dispute_id: input.disputeId,
      at: input.at,
      actor_user_id: input.actor.id,
      actor_name: input.actor.name,
      kind: input.kind,
      summary: input.summary,
      detail_json: input.detail === undefined ? null : JSON.stringify(input.detail),
    })
    .execute();
}

export async function disputeEvents(db: DbOrTrx, disputeId: number): Promise<DisputeEvent[]> {
  const rows = await db
    .selectFrom('dispute_events')
    .selectAll()
    .where('dispute_id', '=', disputeId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map(toEvent);
}
