import { msg, type ServerMessage } from './shared/server-messages.ts';

/**
 * The money bounds of a dispute, pure: what a provisional credit, a correction and a reversal
 * may be, and who may post them. Each returns null when the step is within bounds, or the
 * reason it is not (the use case turns it into a refusal; nothing is written).
 */

export interface DisputedAmount {
  /** What the customer disputed on this transaction. */
  amountCents: number;
  /** The ledger entry it names, when it was picked from the ledger: its amount (absolute). */
  ledgerAmountCents: number | null;
}

/**
 * The most a provisional credit may be: the disputed transactions, each capped at its ledger
 * entry when it names one (a customer cannot be credited more than was actually debited).
 *
 * @example provisionalCreditLimit([{ amountCents: 50_000, ledgerAmountCents: 45_000 }]) // 45_000
 */
export function provisionalCreditLimit(transactions: readonly DisputedAmount[]): number {
  return transactions.reduce(
    (sum, t) =>
      sum +
      (t.ledgerAmountCents === null ? t.amountCents : Math.min(t.amountCents, t.ledgerAmountCents)),
    0,
  );
}

export function provisionalCreditProblem(
  amountCents: number,
  transactions: readonly DisputedAmount[],
): ServerMessage | null {
  const limit = provisionalCreditLimit(transactions);
  return amountCents > limit ? msg('disputes.creditOverDebited', { amount: limit }) : null;
}

/**
 * A correction is the real error (the provisional credit already given counts toward it). What
 * it credits beyond the provisional credit never exceeds what was disputed less that credit,
 * unless a supervisor decides so.
 *
 * @example correctionProblem({ amountCents: 60_000, disputedCents: 45_000, creditedCents: 0, supervisor: false }) // '…'
 */
export function correctionProblem(input: {
  amountCents: number;
  disputedCents: number;
  creditedCents: number;
  supervisor: boolean;
}): ServerMessage | null {
  const extra = input.amountCents - input.creditedCents;
  const room = input.disputedCents - input.creditedCents;
  if (extra > room && !input.supervisor)
    return msg('disputes.correctionOverRoom', {
      extra: Math.max(0, extra),
      room: Math.max(0, room),
    });
  return null;
}

/**
 * The most a reversal may take back: the provisional credit after "no error" or a withdrawal;
 * after a smaller correction, only the difference.
 */
export function reversalProblem(
  amountCents: number,
  reversibleCents: number,
): ServerMessage | null {
  if (reversibleCents <= 0) return msg('disputes.nothingToReverse');
  return amountCents > reversibleCents
    ? msg('disputes.reversalOverReversible', { amount: reversibleCents })
    : null;
}

/** Dispute money steps are the case owner's or a supervisor's. */
export function moneyActorProblem(
  actor: { id: number; role: string },
  assignedTo: number | null,
): ServerMessage | null {
  if (actor.role === 'supervisor' || actor.role === 'admin') return null;
  return assignedTo === actor.id ? null : msg('disputes.moneyOwnerOnly');
}
