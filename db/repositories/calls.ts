import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../database.ts';
import type {
  CallVerificationResult,
  InteractionActionKind,
  InteractionChannel,
  InteractionOutcome,
  InteractionsTable,
  InteractionStatus,
} from '../schema/index.ts';
import type { ServerMessage } from '../../server/domain/shared/server-messages.ts';

/** Calls (interactions) and their actions: rows only (reason codes: call-reasons.ts; EasyPay changes: easypay-changes.ts). */

export interface Interaction {
  id: number;
  channel: InteractionChannel;
  customerId: number | null;
  callerPhone: string | null;
  callerName: string | null;
  agentId: number;
  status: InteractionStatus;
  startedAt: string;
  endedAt: string | null;
  wrappedUpAt: string | null;
  handleSeconds: number | null;
  wrapSeconds: number | null;
  verificationId: number | null;
  verificationResult: CallVerificationResult;
  verifiedCustomerId: number | null;
  notes: string | null;
  outcome: InteractionOutcome | null;
  followUpOn: string | null;
  matchedAt: string | null;
  reasons: string[];
}

function toInteraction(row: Selectable<InteractionsTable>, reasons: string[]): Interaction {
  return {
    id: row.id,
    channel: row.channel,
    customerId: row.customer_id,
    callerPhone: row.caller_phone,
    callerName: row.caller_name,
    agentId: row.agent_id,
    status: row.status,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    wrappedUpAt: row.wrapped_up_at,
    handleSeconds: row.handle_seconds,
    wrapSeconds: row.wrap_seconds,
    verificationId: row.verification_id,
    verificationResult: row.verification_result,
    verifiedCustomerId: row.verified_customer_id,
    notes: row.notes,
    outcome: row.outcome,
    followUpOn: row.follow_up_on,
    matchedAt: row.matched_at,
    reasons,
  };
}

async function reasonsOf(db: DbOrTrx, interactionId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('interaction_reasons')
    .select('reason_code')
    .where('interaction_id', '=', interactionId)
    .orderBy('reason_code')
    .execute();
  return rows.map((r) => r.reason_code);
}

export async function findInteraction(db: DbOrTrx, id: number): Promise<Interaction | null> {
  const row = await db
    .selectFrom('interactions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toInteraction(row, await reasonsOf(db, row.id)) : null;
}

/** The agent's call that is not wrapped up yet (at most one: a unique index holds it). */
export async function openInteractionOf(db: DbOrTrx, agentId: number): Promise<Interaction | null> {
  const row = await db
    .selectFrom('interactions')
    .selectAll()
    .where('open_agent_id', '=', agentId)
    .executeTakeFirst();
  return row ? toInteraction(row, await reasonsOf(db, row.id)) : null;
}

export async function insertInteraction(
  db: DbOrTrx,
  input: {
    channel: InteractionChannel;
    customerId: number | null;
    callerPhone: string | null;
    callerName: string | null;
    agentId: number;
    startedAt: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('interactions')
    .values({
      channel: input.channel,
      customer_id: input.customerId,
      caller_phone: input.callerPhone,
      caller_name: input.callerName,
      agent_id: input.agentId,
      open_agent_id: input.agentId,
      status: 'active',
      started_at: input.startedAt,
      matched_at: input.customerId === null ? null : input.startedAt,
      created_at: input.startedAt,
      updated_at: input.startedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateInteraction(
  db: DbOrTrx,
  id: number,
  patch: Partial<
    Pick<
      InteractionsTable,
      | 'customer_id'
      | 'status'
      | 'open_agent_id'
      | 'ended_at'
      | 'wrapped_up_at'
      | 'handle_seconds'
      | 'wrap_seconds'
      | 'verification_id'
      | 'verified_customer_id'
      | 'notes'
      | 'outcome'
      | 'follow_up_on'
      | 'matched_at'
    > & { verification_result: CallVerificationResult }
  >,
  at: string,
): Promise<void> {
  await db
    .updateTable('interactions')
    .set({ ...patch, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function setInteractionReasons(
  db: DbOrTrx,
  interactionId: number,
  codes: readonly string[],
): Promise<void> {
  await db.deleteFrom('interaction_reasons').where('interaction_id', '=', interactionId).execute();
  if (codes.length === 0) return;
  await db
    .insertInto('interaction_reasons')
    .values(codes.map((reason_code) => ({ interaction_id: interactionId, reason_code })))
    .execute();
}

export interface InteractionAction {
  id: number;
  kind: InteractionActionKind;
  targetType: string | null;
  targetId: string | null;
  summary: string;
  /** What the screen shows in the agent's language; null for actions recorded before 0019. */
  message: ServerMessage | null;
  at: string;
}

export async function addInteractionAction(
  db: DbOrTrx,
  input: {
    interactionId: number;
    kind: InteractionActionKind;
    targetType?: string | null;
    targetId?: string | number | null;
    /** Kept in English (exports, logs): `englishOf(message)`, computed by the use case. */
    summary: string;
    /** What the screen shows, in the reader's language. */
    message: ServerMessage;
    at: string;
    by: number;
  },
): Promise<void> {
  await db
    .insertInto('interaction_actions')
    .values({
      interaction_id: input.interactionId,
      kind: input.kind,
      target_type: input.targetType ?? null,
      target_id:
        input.targetId === undefined || input.targetId === null ? null : String(input.targetId),
      summary: input.summary,
      message_json: JSON.stringify(input.message),
      at: input.at,
      by_user_id: input.by,
    })
    .execute();
}

/** A call action's keyed message as stored (migration 0019); null for actions recorded before. */
export function storedMessage(json: string | null): ServerMessage | null {
  return json ? (JSON.parse(json) as ServerMessage) : null;
}

export async function actionsOfInteraction(
  db: DbOrTrx,
  interactionId: number,
): Promise<InteractionAction[]> {
  const rows = await db
    .selectFrom('interaction_actions')
    .select(['id', 'kind', 'target_type', 'target_id', 'summary', 'message_json', 'at'])
    .where('interaction_id', '=', interactionId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    targetType: r.target_type,
    targetId: r.target_id,
    summary: r.summary,
    message: storedMessage(r.message_json),
    at: r.at,
  }));
}

/** Calls of one agent (newest first), for the agent's own recent list. */
export async function recentInteractionsOf(
  db: DbOrTrx,
  agentId: number,
  limit: number,
): Promise<
  Array<
    Pick<Interaction, 'id' | 'customerId' | 'status' | 'startedAt' | 'outcome'> & {
      customerName: string | null;
    }
  >
> {
  const rows = await db
    .selectFrom('interactions as i')
    .leftJoin('customers as c', 'c.id', 'i.customer_id')
    .select([
      'i.id',
      'i.customer_id',
      'i.status',
      'i.started_at',
      'i.outcome',
      'c.first_name',
      'c.last_name',
      'c.business_name',
    ])
    .where('i.agent_id', '=', agentId)
    .orderBy('i.started_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    status: r.status,
    startedAt: r.started_at,
    outcome: r.outcome,
    customerName:
      r.first_name === null ? null : (r.business_name ?? `${r.first_name} ${r.last_name ?? ''}`),
  }));
}

/** Closed calls started in [fromIso, toIso): the supervisor view's raw material. */
export async function closedCallsBetween(
  db: DbOrTrx,
  fromIso: string,
  toIso: string,
): Promise<
  Array<{
    id: number;
    customerId: number | null;
    agentId: number;
    agentName: string;
    customerName: string | null;
    startedAt: string;
    handleSeconds: number;
    wrapSeconds: number;
    reasons: string[];
  }>
> {
  const rows = await db
    .selectFrom('interactions as i')
    .innerJoin('users as u', 'u.id', 'i.agent_id')
    .leftJoin('customers as c', 'c.id', 'i.customer_id')
    .select([
      'i.id',
      'i.customer_id',
      'i.agent_id',
      'u.display_name',
      'c.first_name',
      'c.last_name',
      'c.business_name',
      'i.started_at',
      'i.handle_seconds',
      'i.wrap_seconds',
    ])
    .where('i.status', '=', 'closed')
    .where('i.started_at', '>=', fromIso)
    .where('i.started_at', '<', toIso)
    .orderBy('i.started_at')
    .orderBy('i.id')
    .execute();
  const reasons = new Map<number, string[]>();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rs = await db
      .selectFrom('interaction_reasons')
      .select(['interaction_id', 'reason_code'])
      .where('interaction_id', 'in', chunk)
      .orderBy('reason_code')
      .execute();
    for (const r of rs) {
      const list = reasons.get(r.interaction_id) ?? [];
      list.push(r.reason_code);
      reasons.set(r.interaction_id, list);
    }
  }
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    agentId: r.agent_id,
    agentName: r.display_name,
    customerName:
      r.first_name === null ? null : (r.business_name ?? `${r.first_name} ${r.last_name ?? ''}`),
    startedAt: r.started_at,
    handleSeconds: r.handle_seconds ?? 0,
    wrapSeconds: r.wrap_seconds ?? 0,
    reasons: reasons.get(r.id) ?? [],
  }));
}

/** The calls whose actions point at a record (the dispute a call started, ...), oldest first. */
export async function callsPointingAt(
  db: DbOrTrx,
  targetType: string,
  targetId: number,
): Promise<
  Array<{
    callId: number;
    actionKind: InteractionActionKind;
    at: string;
    agentId: number;
    startedAt: string;
  }>
> {
  const rows = await db
    .selectFrom('interaction_actions as x')
    .innerJoin('interactions as i', 'i.id', 'x.interaction_id')
    .select(['i.id as call_id', 'x.kind', 'x.at', 'i.agent_id', 'i.started_at'])
    .where('x.target_type', '=', targetType)
    .where('x.target_id', '=', String(targetId))
    .orderBy('x.id')
    .execute();
  return rows.map((r) => ({
    callId: Number(r.call_id),
    actionKind: r.kind,
    at: r.at,
    agentId: Number(r.agent_id),
    startedAt: r.started_at,
  }));
}

/** The customer's secure-message threads that are not closed, newest activity first. */
export async function openThreadsOfCustomer(db: DbOrTrx, customerId: number, limit = 10) {
  const rows = await db
    .selectFrom('message_threads')
    .select([
      'id',
      'topic',
      'state',
      'preview',
      'version',
      'assignee_id',
      'account_id',
      'last_activity_at',
    ])
    .where('customer_id', '=', customerId)
    .where('state', '<>', 'closed')
    .orderBy('last_activity_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    topic: r.topic,
    state: r.state,
    preview: r.preview,
    version: Number(r.version),
    assigneeId: r.assignee_id === null ? null : Number(r.assignee_id),
    accountId: r.account_id === null ? null : Number(r.account_id),
    lastActivityAt: r.last_activity_at,
  }));
}
