import type { Lockbox } from './lender-config.ts';
import type { Cents } from './money.ts';
import { validateAccountNumber } from './validators/account-number.ts';
import { validateCheckRoutingNumber } from './validators/routing-number.ts';
import { msg, type ServerMessage } from './shared/server-messages.ts';

/**
 * The checks every mail item gets as it is keyed. Pure: the repository gathers the facts
 * (the account, the batch's other items, recent postings) and this decides. Each failure names
 * its rule and the fix, so the keyer or the exceptions researcher knows what to do next.
 */

export type MailRule =
  | 'account-number'
  | 'account-exists'
  | 'account-open'
  | 'payee'
  | 'lockbox'
  | 'routing-number'
  | 'instrument-number'
  | 'duplicate-in-batch'
  | 'duplicate-recent'
  | 'amount-positive'
  | 'amount-limit'
  | 'paid-in-full';

export interface MailItemFailure {
  rule: MailRule;
  /** What is wrong and how to fix it, as messages (items checked before they were: English). */
  message: ServerMessage;
  fix: ServerMessage;
  /** False for failures no override can post (there is no account to credit, or no money). */
  overridable: boolean;
}

export interface MailItemFacts {
  /** As keyed. */
  accountNumber: string;
  amountCents: Cents;
  instrumentNumber: string;
  instrumentType: 'personal_check' | 'cashiers_check' | 'money_order';
  payee: string;
  routingNumber: string;
  paidInFull: boolean;
  lockbox: Lockbox;
  payees: { lease: string; loan: string };
  /** The account the number names, or null when none does. */
  account: { type: 'lease' | 'loan'; status: 'active' | 'paid_off' | 'closed' } | null;
  /** seq numbers of other items of the batch with the same account, instrument number and amount. */
  duplicatesInBatch: readonly number[];
  /** Items of other batches (not returned) with the same key, received within the window. */
  recentDuplicates: ReadonlyArray<{ batchId: number; receiptDate: string }>;
  sanityLimitCents: Cents;
  duplicateWindowDays: number;
}

// Words checks abbreviate, and what they stand for. Applied per word after punctuation is gone.
const ABBREVIATIONS: Record<string, string[]> = {
  FIN: ['FINANCIAL'],
  FINL: ['FINANCIAL'],
  FINCL: ['FINANCIAL'],
  FINANCE: ['FINANCIAL'],
  SVC: ['SERVICES'],
  SVCS: ['SERVICES'],
  SRVS: ['SERVICES'],
  SRVCS: ['SERVICES'],
  SERV: ['SERVICES'],
  SERVS: ['SERVICES'],
  SERVICE: ['SERVICES'],
  FS: ['FINANCIAL', 'SERVICES'],
  BK: ['BANK'],
  BNK: ['BANK'],
  NA: ['NORTH', 'AMERICA'],
  N: ['NORTH'],
  NO: ['NORTH'],
  NTH: ['NORTH'],
  AMER: ['AMERICA'],
  AM: ['AMERICA'],
  AMERICAN: ['AMERICA'],
};
// Words that never tell two payees apart.
const NOISE = new Set(['OF', 'THE', 'AND', 'LLC', 'INC', 'CO', 'CORP']);

/**
 * Normalised payee: upper case, accents, punctuation and legal-form noise gone, common check
 * abbreviations expanded. Two payees match when their normalised forms are equal.
 * Dots and apostrophes join letters ("N.A." → "NA"), every other punctuation separates words.
 *
 * @example
 * normalizePayee('Mini Fin. Svcs.'); // 'MINI FINANCIAL SERVICES'
 * normalizePayee('BMW Bank of N.A.'); // 'BMW BANK NORTH AMERICA'
 */
export function normalizePayee(written: string): string {
  const words = written
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/&/g, ' AND ')
    .replace(/[.'’]/g, '')
    .split(/[^A-Z0-9]+/)
    .filter((w) => w.length > 0);
  const out: string[] = [];
  for (const word of words) {
    for (const w of ABBREVIATIONS[word] ?? [word]) if (!NOISE.has(w)) out.push(w);
  }
  return out.join(' ');
}

/**
 * True when the payee as written is the expected payee under {@link normalizePayee}.
 *
 * @example payeeMatches('MINI FIN SVCS', 'MINI Financial Services'); // true
 * @example payeeMatches('BMW Financial', 'BMW Bank of North America'); // false
 */
export function payeeMatches(written: string, expected: string): boolean {
  const w = normalizePayee(written);
  return w !== '' && w === normalizePayee(expected);
}

/**
 * Every rule the item fails, in the order an agent should fix them (an empty list: it can post).
 *
 * @example
 * checkMailItem({ ...facts, payee: 'BMW Bank of North America', account: { type: 'lease', status: 'active' } })
 * // [{ rule: 'payee', message: msg('mailChecks.payeeOtherType', …), fix: … }]
 */
export function checkMailItem(facts: MailItemFacts): MailItemFailure[] {
  const failures: MailItemFailure[] = [];
  const add = (rule: MailRule, message: ServerMessage, fix: ServerMessage, overridable = true) =>
    failures.push({ rule, message, fix, overridable });

  const number = validateAccountNumber(facts.accountNumber);
  if (!number.ok) {
    add(
      'account-number',
      msg('mailChecks.accountNumberInvalid', { reason: number.reason }),
      msg('mailChecks.fix.accountNumber'),
      false,
    );
  } else if (!facts.account) {
    add(
      'account-exists',
      msg('mailChecks.noAccount', { account: number.accountNumber }),
      msg('mailChecks.fix.accountExists'),
      false,
    );
  } else {
    if (facts.account.status !== 'active') {
      add(
        'account-open',
        msg('mailChecks.accountNotOpen', {
          account: number.accountNumber,
          status: msg(`mailChecks.status.${facts.account.status}`),
        }),
        msg('mailChecks.fix.accountOpen'),
      );
    }
    const expected = facts.payees[facts.account.type];
    if (!payeeMatches(facts.payee, expected)) {
      const other = facts.account.type === 'lease' ? facts.payees.loan : facts.payees.lease;
      add(
        'payee',
        facts.payee.trim() === ''
          ? msg('mailChecks.payeeBlank')
          : payeeMatches(facts.payee, other)
            ? msg('mailChecks.payeeOtherType', {
                other,
                type: msg(`mailChecks.type.${facts.account.type}`),
                expected,
              })
            : msg('mailChecks.payeeWrong', { payee: facts.payee, expected }),
        msg(
          facts.account.type === 'lease' ? 'mailChecks.fix.payeeLoan' : 'mailChecks.fix.payeeLease',
        ),
      );
    }
    if (facts.lockbox.accountType !== facts.account.type) {
      add(
        'lockbox',
        msg('mailChecks.wrongLockbox', {
          lockboxType: msg(`mailChecks.type.${facts.lockbox.accountType}`),
          poBox: facts.lockbox.poBox,
          city: facts.lockbox.city,
          type: msg(`mailChecks.type.${facts.account.type}`),
        }),
        msg('mailChecks.fix.lockbox'),
      );
    }
  }

  if (facts.routingNumber.trim() !== '' || facts.instrumentType !== 'money_order') {
    const routing = validateCheckRoutingNumber(facts.routingNumber);
    if (!routing.ok) {
      add(
        'routing-number',
        msg('mailChecks.routingInvalid', { reason: routing.reason }),
        msg('mailChecks.fix.routing'),
        // No override: the bank would refuse a check no bank can be found for.
        false,
      );
    }
  }
  if (facts.instrumentNumber.trim() === '') {
    add('instrument-number', msg('mailChecks.instrumentBlank'), msg('mailChecks.fix.instrument'));
  }

  if (facts.amountCents <= 0) {
    add(
      'amount-positive',
      msg('mailChecks.amountPositive'),
      msg('mailChecks.fix.amountPositive'),
      false,
    );
  } else if (facts.amountCents > facts.sanityLimitCents) {
    add(
      'amount-limit',
      msg('mailChecks.amountLimit', { amount: facts.amountCents, limit: facts.sanityLimitCents }),
      msg('mailChecks.fix.amountLimit'),
    );
  }

  if (facts.duplicatesInBatch.length > 0) {
    add(
      'duplicate-in-batch',
      msg('mailChecks.duplicateInBatch', { items: facts.duplicatesInBatch.join(', ') }),
      msg('mailChecks.fix.duplicateInBatch'),
    );
  }
  const recent = facts.recentDuplicates[0];
  if (recent) {
    add(
      'duplicate-recent',
      msg('mailChecks.duplicateRecent', {
        on: recent.receiptDate,
        batch: recent.batchId,
        days: facts.duplicateWindowDays,
      }),
      msg('mailChecks.fix.duplicateRecent'),
    );
  }

  if (facts.paidInFull) {
    add('paid-in-full', msg('mailChecks.paidInFull'), msg('mailChecks.fix.paidInFull'));
  }
  return failures;
}

/** The batch's running figures against its deposit ticket. */
export interface BatchBalance {
  count: number;
  totalCents: Cents;
  controlCount: number;
  controlTotalCents: Cents;
  countDifference: number;
  totalDifferenceCents: Cents;
  balanced: boolean;
}

/**
 * Running count and total of a batch against its control figures. Differences are control −
 * keyed (positive: something is still to key).
 *
 * @example batchBalance([{ amountCents: 100 }], 2, 300).totalDifferenceCents // 200
 */
export function batchBalance(
  items: ReadonlyArray<{ amountCents: Cents }>,
  controlCount: number,
  controlTotalCents: Cents,
): BatchBalance {
  let total = 0;
  for (const i of items) total += i.amountCents;
  return {
    count: items.length,
    totalCents: total,
    controlCount,
    controlTotalCents,
    countDifference: controlCount - items.length,
    totalDifferenceCents: controlTotalCents - total,
    balanced: controlCount === items.length && controlTotalCents === total,
  };
}
