import {
  findVerification,
  verificationLock,
} from '../../db/repositories/address-change-verifications.ts';
import {
  actionsOfInteraction,
  openThreadsOfCustomer,
  openInteractionOf,
  recentInteractionsOf,
  type Interaction,
} from '../../db/repositories/calls.ts';
import { listCallReasons } from '../../db/repositories/call-reasons.ts';
import { accountsOfCustomer } from '../../db/repositories/accounts.ts';
import { customerPhones } from '../../db/repositories/customers.ts';
import { requireCustomer } from '../customers/load-customer.ts';
import { readSettings } from '../core/settings.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { isLocked, methodsFor } from '../domain/identity-verification.ts';
import { maskBankAccount, maskPhone } from '../domain/masking.ts';
import { previewEasyPayCancellation } from './cancel-easypay.ts';
import { centreDay, requireCall } from './shared.ts';

/**
 * Everything the call panel shows: the call, who is on it (never the verification answers),
 * how to verify them and whether verification is locked, their accounts with what an EasyPay
 * cancellation today would stop, and what was done on the call so far.
 */
async function describeCall(db: DbOrTrx, now: Date, call: Interaction) {
  const settings = await readSettings(db);
  const { today, timeZone } = await centreDay(db, now);
  const actions = await actionsOfInteraction(db, call.id);
  const reasons = await listCallReasons(db);
  const verification =
    call.verificationResult === 'passed' && call.verificationId !== null
      ? await findVerification(db, call.verificationId)
      : null;
  let customer = null;
  if (call.customerId !== null) {
    const c = await requireCustomer(db, call.customerId);
    const [accounts, phones, lock, threads] = await Promise.all([
      accountsOfCustomer(db, c.id),
      customerPhones(db, c.id),
      verificationLock(db, c.id),
      openThreadsOfCustomer(db, c.id),
    ]);
    const locked = isLocked(lock, now);
    customer = {
      id: c.id,
      kind: c.kind,
      displayName: c.displayName,
      language: c.language,
      phones: phones.map((p) => ({ kind: p.kind, masked: maskPhone(p.number) })),
      methods: methodsFor(c.kind),
      /** Their secure-message threads not closed: a message from the call can answer one. */
      threads,
      lock: {
        locked,
        lockedUntil: locked ? lock.lockedUntil : null,
        attemptsLeft: locked
          ? 0
          : settings.addressChanges.maxFailedVerifications -
            (lock.lockedUntil ? 0 : lock.failedAttempts),
      },
      accounts: await Promise.all(
        accounts.map(async (a) => ({
          id: a.id,
          accountNumber: a.accountNumber,
          type: a.type,
          status: a.status,
          vehicle: `${a.vehicle.year} ${a.vehicle.make} ${a.vehicle.model}`,
          easyPay: {
            enrolled: a.easyPay.enrolled,
            bankAccountMasked: maskBankAccount(a.easyPay.bankLast4),
            cancellation: await previewEasyPayCancellation(db, a, today),
          },
        })),
      ),
    };
  }
  return {
    today,
    timeZone,
    /** The server's "now" (the trainer's clock in training): the call timer counts from it. */
    now: now.toISOString(),
    call: {
      id: call.id,
      channel: call.channel,
      status: call.status,
      startedAt: call.startedAt,
      endedAt: call.endedAt,
      callerPhoneMasked: call.callerPhone ? maskPhone(call.callerPhone) : null,
      callerName: call.callerName,
      verificationResult: call.verificationResult,
      /** A passed verification the address-change intake accepts for this caller. */
      verificationId: verification?.id ?? null,
      verificationMethod: verification?.method ?? null,
      verifiedCustomerId: call.verifiedCustomerId,
      reasons: call.reasons,
      /** The call's reason codes with their labels, retired ones included (still readable). */
      reasonLabels: call.reasons.map(
        (code) =>
          reasons.find((r) => r.code === code) ?? {
            code,
            labelEn: code,
            labelFr: code,
            active: false,
          },
      ),
      notes: call.notes,
      outcome: call.outcome,
      followUpOn: call.followUpOn,
    },
    customer,
    actions,
    reasonCodes: reasons.filter((r) => r.active),
    messageTopics: settings.messageTopics.map((t) => ({ id: t.id, label: t.label })),
  };
}

/** The agent's call that is not wrapped up, with its panel; null when the agent is free. */
export async function currentCall(db: DbOrTrx, now: Date, agentId: number) {
  const call = await openInteractionOf(db, agentId);
  return {
    current: call ? await describeCall(db, now, call) : null,
    recent: await recentInteractionsOf(db, agentId, 10),
  };
}

/** One call's panel (its agent, or a supervisor reviewing it). */
export async function getCall(db: DbOrTrx, now: Date, callId: number) {
  return describeCall(db, now, await requireCall(db, callId));
}
