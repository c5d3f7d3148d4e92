import type { LedgerKind } from '../../db/schema/index.ts';
import { daysBetween, type IsoDate } from './dates.ts';
import type { Cents } from './money.ts';
import { payoffOf, type Payoff } from './payoff.ts';
import { scheduleDueDates, type AccountTerms } from './schedule.ts';

export {
  amortizedPayment,
  installmentCount,
  leasePayment,
  maturityDate,
  periodsPerYear,
  principalAfter,
  scheduleDueDates,
  type AccountTerms,
} from './schedule.ts';
/**
 * The account ledger's arithmetic. Nothing here is stored: amount due, past due, fees due,
 * payoff and the next due date are all derived from three things —
 *   1. the account's terms (the instalment schedule follows from them),
 *   2. the posted ledger entries (payments, fees, returns, adjustments, credits, charges),
 *   3. "today" (from the injected clock, so the trainer's clock moves every figure).
 *
 * Instalments are not ledger rows: the contract schedule bills them, so when the clock moves
 * past a due date that instalment becomes owed with no batch job and no second copy of it.
 * Amounts are integer cents, signed like the ledger: positive = owed, negative = credit.
 */

export interface LedgerEntry {
  id: number;
  postedOn: IsoDate;
  kind: LedgerKind;
  amountCents: Cents;
  code: string | null;
  description: string | null;
  reference: string | null;
}

/**
 * What the figures (amount due, past due, fees, payoff, last payment) read of a posted entry:
 * `summarizeAccount` and `replayLedger` need no more, so the figures' read fetches only these
 * (db/repositories/ledger.ts `ledgerFiguresOf`); a full `LedgerEntry` is one too.
 */
export type LedgerAmount = Pick<LedgerEntry, 'id' | 'postedOn' | 'kind' | 'amountCents' | 'code'>;

interface Debt {
  dueOn: IsoDate;
  remaining: Cents;
}

/** What a replay of the ledger leaves open at the end of `today`. */
export interface LedgerPosition {
  /** Unpaid fees (late charges, returned-payment fees). */
  feesCents: Cents;
  /** Unpaid instalments and other debts, oldest first. */
  debts: Debt[];
  /** Money received beyond everything owed (an overpayment or prepayment). */
  creditCents: Cents;
  /** Sum of everything replayed: owed (positive) or credit (negative). */
  balanceCents: Cents;
  installmentsBilled: number;
}

export interface ReplayOptions {
  /** Payments pay fees before instalments (the default waterfall) or after them. */
  feesFirst?: boolean;
}

/**
 * The replay options the configured payment application order gives (setting
 * `paymentApplicationOrder`): every reader of an account's figures derives them here.
 *
 * @example replayOptionsOf(['fees', 'pastDue', 'current', 'principal']) // { feesFirst: true }
 */
export function replayOptionsOf(order: readonly string[]): ReplayOptions {
  return { feesFirst: order.indexOf('fees') < order.indexOf('pastDue') };
}

type ReplayEvent =
  | { date: IsoDate; order: 0; kind: 'installment'; amountCents: Cents }
  | { date: IsoDate; order: 1 | 2; kind: LedgerKind; amountCents: Cents; id: number };

/** Instalments billed by `today`: due on or before it and, for a closed account, not after it closed. */
export function billedDueDates(terms: AccountTerms, today: IsoDate): IsoDate[] {
  const cutoff = terms.closedOn && terms.closedOn < today ? terms.closedOn : today;
  return scheduleDueDates(terms).filter((d) => d <= cutoff);
}

function eventsThrough(
  terms: AccountTerms,
  entries: readonly LedgerAmount[],
  today: IsoDate,
): ReplayEvent[] {
  const events: ReplayEvent[] = billedDueDates(terms, today).map((date) => ({
    date,
    order: 0 as const,
    kind: 'installment' as const,
    amountCents: terms.paymentCents,
  }));
  for (const e of entries) {
    if (e.postedOn > today) continue;
    events.push({
      date: e.postedOn,
      order: e.amountCents > 0 ? 1 : 2,
      kind: e.kind,
      amountCents: e.amountCents,
      id: e.id,
    });
  }
  // Same day: what is owed first, then what pays it (a payment on the due date pays that
  // day's instalment); entries keep their posting order.
  return events.sort((a, b) =>
    a.date < b.date
      ? -1
      : a.date > b.date
        ? 1
        : a.order - b.order || ('id' in a && 'id' in b ? a.id - b.id : 0),
  );
}

/**
 * Replays instalments and entries up to the end of `today`, applying every credit (payments,
 * provisional credits, negative adjustments) through the waterfall: fees, then the oldest debt
 * first; anything left is a credit balance that pays the next debt as soon as it is owed.
 *
 * Invariant: fees + Σ debts − credit === balance (every cent is in exactly one bucket).
 */
export function replayLedger(
  terms: AccountTerms,
  entries: readonly LedgerAmount[],
  today: IsoDate,
  options: ReplayOptions = {},
): LedgerPosition {
  const feesFirst = options.feesFirst ?? true;
  let fees = 0;
  let credit = 0;
  let balance = 0;
  let billed = 0;
  const debts: Debt[] = [];
  let head = 0; // debts before `head` are fully paid

  const applyCredit = () => {
    const payFees = () => {
      const take = Math.min(fees, credit);
      fees -= take;
      credit -= take;
    };
    if (feesFirst) payFees();
    while (credit > 0 && head < debts.length) {
      const debt = debts[head] as Debt;
      const take = Math.min(debt.remaining, credit);
      debt.remaining -= take;
      credit -= take;
      if (debt.remaining === 0) head += 1;
    }
    if (!feesFirst) payFees();
  };

  for (const event of eventsThrough(terms, entries, today)) {
    balance += event.amountCents;
    if (event.kind === 'installment') billed += 1;
    if (event.amountCents > 0) {
      if (event.kind === 'fee') fees += event.amountCents;
      else debts.push({ dueOn: event.date, remaining: event.amountCents });
    } else {
      credit += -event.amountCents;
    }
    if (credit > 0) applyCredit();
  }
  return {
    feesCents: fees,
    debts: debts.slice(head).filter((d) => d.remaining > 0),
    creditCents: credit,
    balanceCents: balance,
    installmentsBilled: billed,
  };
}

export interface AccountSummary {
  asOf: IsoDate;
  /** Net owed at the end of today (negative: the customer is in credit). */
  balanceCents: Cents;
  /** Owed from before today. */
  pastDueCents: Cents;
  feesDueCents: Cents;
  creditCents: Cents;
  /** The current instalment still to pay by `nextDueDate` (after any credit). */
  currentDueCents: Cents;
  /** Past due + fees + current: what brings the account up to date by the next due date. */
  amountDueCents: Cents;
  /**
   * Today when an instalment falls due today, else the next scheduled due date (a charge due
   * today that is not an instalment is in the amount due with it); null when none is left.
   */
  nextDueDate: IsoDate | null;
  /** The scheduled instalment on `nextDueDate`. */
  nextInstallmentCents: Cents | null;
  /** Days since the oldest unpaid due date (0 when nothing is past due). */
  daysPastDue: number;
  oldestUnpaidDueOn: IsoDate | null;
  /** What closes the account today: `payoff.totalCents` (server/domain/payoff.ts). */
  payoffCents: Cents;
  /** The payoff today and what it is made of. */
  payoff: Payoff;
  installmentsTotal: number;
  installmentsBilled: number;
  installmentsRemaining: number;
  maturityDate: IsoDate;
  lastPayment: { postedOn: IsoDate; amountCents: Cents; code: string | null } | null;
}

/**
 * Everything the desk shows about an account's money, as of the end of `today`.
 *
 * @example
 * const s = summarizeAccount(terms, entries, '2026-11-23');
 * s.amountDueCents === s.pastDueCents + s.feesDueCents + s.currentDueCents; // always
 */
export function summarizeAccount(
  terms: AccountTerms,
  entries: readonly LedgerAmount[],
  today: IsoDate,
  options: ReplayOptions = {},
): AccountSummary {
  const position = replayLedger(terms, entries, today, options);
  const schedule = scheduleDueDates(terms);
  const total = schedule.length;
  let pastDue = 0;
  let dueToday = 0;
  for (const d of position.debts) {
    if (d.dueOn < today) pastDue += d.remaining;
    else dueToday += d.remaining;
  }
  const oldest = position.debts.find((d) => d.dueOn < today)?.dueOn ?? null;
  const active = terms.status === 'active';
  let nextDueDate: IsoDate | null = null;
  let nextInstallment: Cents | null = null;
  let currentDue = 0;
  const upcoming = active ? (schedule.find((d) => d > today) ?? null) : null;
  if (dueToday > 0 && (schedule.includes(today) || !upcoming)) {
    // An instalment falls due today (or nothing is scheduled after today): that is what is due.
    nextDueDate = today;
    nextInstallment = schedule.includes(today) ? terms.paymentCents : dueToday;
    currentDue = dueToday;
  } else if (upcoming) {
    // A charge that fell due today without being an instalment (an adjustment) is owed now, as
    // it would be tomorrow, and the next instalment is still due on its date: paying the charge
    // lowers the amount due by what was paid, never raises it (tests/unit/ledger.test.ts).
    nextDueDate = upcoming;
    nextInstallment = terms.paymentCents;
    currentDue = dueToday + Math.max(0, terms.paymentCents - position.creditCents);
  }

  const payoff = payoffOf(terms, position, today, schedule);

  let lastPayment: AccountSummary['lastPayment'] = null;
  for (const e of entries) {
    if (e.kind !== 'payment' || e.postedOn > today) continue;
    if (!lastPayment || e.postedOn >= lastPayment.postedOn) {
      lastPayment = { postedOn: e.postedOn, amountCents: -e.amountCents, code: e.code };
    }
  }

  return {
    asOf: today,
    balanceCents: position.balanceCents,
    pastDueCents: pastDue,
    feesDueCents: position.feesCents,
    creditCents: position.creditCents,
    currentDueCents: currentDue,
    amountDueCents: pastDue + position.feesCents + currentDue,
    nextDueDate,
    nextInstallmentCents: nextInstallment,
    daysPastDue: oldest ? daysBetween(oldest, today) : 0,
    oldestUnpaidDueOn: oldest,
    payoffCents: payoff.totalCents,
    payoff,
    installmentsTotal: total,
    installmentsBilled: position.installmentsBilled,
    installmentsRemaining: total - position.installmentsBilled,
    maturityDate: schedule.at(-1) ?? terms.openedOn,
    lastPayment,
  };
}

/** One line of the ledger as the agent reads it: posted entries and billed instalments. */
export interface LedgerLine {
  /** Stable key: `e<id>` for an entry, `i<date>` for an instalment. */
  key: string;
  entryId: number | null;
  date: IsoDate;
  kind: LedgerKind | 'installment';
  amountCents: Cents;
  code: string | null;
  description: string | null;
  reference: string | null;
  /** Balance after this line (positive = owed). */
  balanceCents: Cents;
}

/**
 * The ledger through `today`, newest first, with the running balance after each line.
 *
 * @example ledgerLines(terms, entries, '2026-11-23')[0].balanceCents === summary.balanceCents
 */
export function ledgerLines(
  terms: AccountTerms,
  entries: readonly LedgerEntry[],
  today: IsoDate,
): LedgerLine[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  let balance = 0;
  const lines: LedgerLine[] = [];
  for (const event of eventsThrough(terms, entries, today)) {
    balance += event.amountCents;
    if (event.kind === 'installment') {
      lines.push({
        key: `i${event.date}`,
        entryId: null,
        date: event.date,
        kind: 'installment',
        amountCents: event.amountCents,
        code: null,
        description: null,
        reference: null,
        balanceCents: balance,
      });
    } else if ('id' in event) {
      const e = byId.get(event.id);
      lines.push({
        key: `e${event.id}`,
        entryId: event.id,
        date: event.date,
        kind: event.kind,
        amountCents: event.amountCents,
        code: e?.code ?? null,
        description: e?.description ?? null,
        reference: e?.reference ?? null,
        balanceCents: balance,
      });
    }
  }
  return lines.reverse();
}
