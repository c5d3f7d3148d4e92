import {
  actionsOfInteraction,
  findInteraction,
  type Interaction,
  type InteractionAction,
} from '../../db/repositories/calls.ts';
import { accountsOfCustomer, type Account } from '../../db/repositories/accounts.ts';
import { readSetting } from '../core/settings.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { addInteractionAction } from '../../db/repositories/calls.ts';
import { englishOf, type ServerMessage } from '../domain/shared/server-messages.ts';
import type { CallFacts } from '../domain/call-rules.ts';
import { localDateOf, type IsoDate } from '../domain/dates.ts';
import { DomainError, msg } from '../domain/errors.ts';

/** Helpers the calls use cases share: loading a call, its customer's account, the centre's today. */

export async function requireCall(db: DbOrTrx, id: number): Promise<Interaction> {
  const call = await findInteraction(db, id);
  if (!call) throw new DomainError('NOT_FOUND', msg('calls.noSuchCall', { id }));
  return call;
}

/** A call with what was done on it: what a call mutation loads, so its audit shows the action. */
export type CallWithActions = Interaction & { actions: InteractionAction[] };

export async function requireCallWithActions(db: DbOrTrx, id: number): Promise<CallWithActions> {
  const call = await requireCall(db, id);
  return { ...call, actions: await actionsOfInteraction(db, id) };
}

export function factsOf(call: Interaction): CallFacts {
  return {
    id: call.id,
    status: call.status,
    agentId: call.agentId,
    customerId: call.customerId,
    verificationResult: call.verificationResult,
    verifiedCustomerId: call.verifiedCustomerId,
  };
}

/** The call's customer; refuses an unknown caller who was not matched to a customer yet. */
export function callCustomerId(call: Interaction): number {
  if (call.customerId === null) {
    throw new DomainError('PRECONDITION', msg('calls.findCallerFirst'), {
      fields: { customerId: msg('calls.fieldUnknownCaller') },
    });
  }
  return call.customerId;
}

/** One of the call customer's accounts (held or co-held), or NOT_FOUND. */
export async function accountOfCallCustomer(
  db: DbOrTrx,
  call: Interaction,
  accountId: number,
): Promise<Account> {
  const account = (await accountsOfCustomer(db, callCustomerId(call))).find(
    (a) => a.id === accountId,
  );
  if (!account) throw new DomainError('NOT_FOUND', msg('calls.accountNotCallers'));
  return account;
}

export function holdersOf(account: Account): number[] {
  return [
    account.holderCustomerId,
    ...(account.coHolderCustomerId ? [account.coHolderCustomerId] : []),
  ];
}

export async function centreDay(
  db: DbOrTrx,
  now: Date,
): Promise<{ today: IsoDate; timeZone: string }> {
  const { timeZone } = await readSetting(db, 'identity');
  return { today: localDateOf(now, timeZone), timeZone };
}

/** What of a call goes into its audit records (never verification answers). */
export function auditViewOfCall(call: Interaction | CallWithActions) {
  return {
    id: call.id,
    status: call.status,
    customerId: call.customerId,
    verificationResult: call.verificationResult,
    endedAt: call.endedAt,
    wrappedUpAt: call.wrappedUpAt,
    reasons: call.reasons,
    outcome: call.outcome,
    followUpOn: call.followUpOn,
    // What was done on the call (a balance given, a debit stopped, a letter, ...): the audit's
    // before/after shows the action each mutation added, in English with its target.
    ...('actions' in call
      ? {
          actions: (call as CallWithActions).actions.map((a) => ({
            kind: a.kind,
            target: a.targetType && `${a.targetType}:${a.targetId}`,
            summary: a.summary,
          })),
        }
      : {}),
  };
}

/**
 * Records an action on a call: the message the screen shows in the reader's language, and its
 * English (exports, logs) computed here, so the repository only writes rows.
 */
export function recordCallAction(
  db: DbOrTrx,
  input: Omit<Parameters<typeof addInteractionAction>[1], 'summary' | 'message'> & {
    summary: ServerMessage;
  },
): Promise<void> {
  const { summary, ...rest } = input;
  return addInteractionAction(db, { ...rest, summary: englishOf(summary), message: summary });
}
