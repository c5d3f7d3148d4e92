import {
  BusinessCalendar,
  businessDaysExplanation,
  type BusinessDayResult,
  type SkippedDay,
} from '../../../domain/calendar.ts';
import { compareIsoDates, type IsoDate } from '../../../domain/dates.ts';
import {
  cachedClockScheduler,
  isMassachusetts,
  type ClockSchedule,
  type Determination,
} from '../../../domain/dispute-deadlines.ts';
import { parseDisputePolicy, type DisputePolicy } from '../../../domain/dispute-policy.ts';
import {
  caseNumber,
  stageOf,
  type LetterKind,
  type WorkflowFacts,
} from '../../../domain/dispute-workflow.ts';
import type { Prng } from '../prng.ts';
import type { Scenario, SeedContext, SeedModule } from '../types.ts';
import { msg, type ServerMessage } from '../../../domain/shared/server-messages.ts';

/**
 * Dispute demo data: cases at every stage and clock state (running, at risk, met, breached,
 * late notices, Massachusetts and other residents, new accounts), with their transactions,
 * timeline events, letters (recorded without a stored PDF: re-rendered on demand), ledger
 * entries for provisional credits and reversals, and the stored clock dates the cockpit reads.
 * 50,000 cases at the large scale.
 *
 * Scenario "thanksgiving-disputes": the clock starts Mon 2026-11-23 09:00 with cases whose
 * deadlines fall on Tuesday, Wednesday, Thanksgiving itself and the Monday after: advancing the
 * trainer's clock a day at a time, the class watches them turn at-risk and breach.
 */
const MODULE = 'disputes';
const COUNT: Record<string, number> = { demo: 80, class: 1_200, large: 50_000 };

export const THANKSGIVING_DISPUTES: Scenario = {
  id: 'thanksgiving-disputes',
  title: {
    en: 'Thanksgiving-week disputes',
    fr: 'Contestations de la semaine de l’Action de grâce (É.-U.)',
  },
  description: {
    en: 'Monday of Thanksgiving week 2026. Dispute deadlines fall on Tuesday, Wednesday, Thanksgiving Day and the Monday after. Advance the clock a day at a time and watch the cockpit: which cases go at risk, which breach, and which dates moved because Thursday is a holiday?',
    fr: 'Lundi de la semaine de l’Action de grâce américaine 2026. Des échéances tombent mardi, mercredi, le jour férié et le lundi suivant. Avancez l’horloge d’un jour à la fois et suivez le tableau de bord : quels dossiers deviennent à risque, lesquels sont en dépassement, et quelles dates ont bougé à cause du jeudi férié?',
  },
  seed: 26,
  scale: 'demo',
  startDate: '2026-11-23',
  startMinutes: 9 * 60,
};

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an IsoDate (UTC arithmetic, no time zone: same as dates.ts). */
function dayNumber(date: IsoDate): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
    DAY_MS
  );
}

/**
 * date ± n days: the same answer as dates.ts `addCalendarDays`, without date-fns/TZDate (which
 * asks Intl for the zone offset on every call: most of this module's time at 50k cases).
 */
function plusDays(date: IsoDate, n: number): IsoDate {
  return new Date((dayNumber(date) + n) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`: the same answer as dates.ts `daysBetween`. */
function daysFrom(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * The engine walks the calendar day by day; at 50k cases the same few hundred sums repeat.
 * Pure memoisation of BusinessCalendar's answers (each is a function of its arguments only).
 */
class MemoCalendar extends BusinessCalendar {
  readonly #add = new Map<string, BusinessDayResult>();
  readonly #before = new Map<string, BusinessDayResult>();
  readonly #reason = new Map<string, SkippedDay | null>();
  readonly #between = new Map<string, number>();
  override nonBusinessReason(date: IsoDate): SkippedDay | null {
    let r = this.#reason.get(date);
    if (r === undefined) {
      r = super.nonBusinessReason(date);
      this.#reason.set(date, r);
    }
    return r;
  }
  /** The base class's walk and wording, stepping with plusDays instead of TZDate. */
  override addBusinessDays(start: IsoDate, n: number): BusinessDayResult {
    const key = `${start}|${n}`;
    let r = this.#add.get(key);
    if (!r) {
      const step = n < 0 ? -1 : 1;
      let remaining = Math.abs(n);
      let date = start;
      const skipped: SkippedDay[] = [];
      while (remaining > 0) {
        date = plusDays(date, step);
        const reason = this.nonBusinessReason(date);
        if (reason) skipped.push(reason);
        else remaining -= 1;
      }
      r = { date, skipped, explanation: businessDaysExplanation(start, n, skipped) };
      this.#add.set(key, r);
    }
    return r;
  }
  override onOrBefore(date: IsoDate): BusinessDayResult {
    let r = this.#before.get(date);
    if (!r) {
      r = super.onOrBefore(date);
      this.#before.set(date, r);
    }
    return r;
  }
  /** Same count as the base class (business days after `from` up to and including `to`). */
  override businessDaysBetween(from: IsoDate, to: IsoDate): number {
    const key = `${from}|${to}`;
    let r = this.#between.get(key);
    if (r === undefined) {
      r = 0;
      for (let d = plusDays(from, 1); compareIsoDates(d, to) <= 0; d = plusDays(d, 1)) {
        if (this.nonBusinessReason(d) === null) r += 1;
      }
      this.#between.set(key, r);
    }
    return r;
  }
}

interface AccountRow {
  accountId: number;
  customerId: number;
  accountNumber: string;
  openedOn: IsoDate;
  region: string | null;
  name: string;
  paymentCents: number;
}

/** What one case went through; null steps have not happened (yet). */
interface Plan {
  account: AccountRow;
  noticeOn: IsoDate;
  noticeMinutes: number;
  channel: 'phone' | 'secure_message' | 'mail';
  errorType:
    | 'duplicate_debit'
    | 'wrong_amount'
    | 'after_cancellation'
    | 'unauthorized'
    | 'not_received'
    | 'other';
  reason: string;
  transactions: Array<{ on: IsoDate; cents: number; description: string }>;
  newAccount: boolean;
  pointOfSale: boolean;
  writtenConfirmationRequired: boolean;
  writtenConfirmationOn: IsoDate | null;
  ackOn: IsoDate | null;
  pcCents: number | null;
  pcOn: IsoDate | null;
  pcNoticeOn: IsoDate | null;
  determination: Determination | null;
  determinationOn: IsoDate | null;
  resultsOn: IsoDate | null;
  correctionOn: IsoDate | null;
  reversalNoticeOn: IsoDate | null;
  reversalOn: IsoDate | null;
  closedOn: IsoDate | null;
  assignedTo: number | null;
}

const REASONS: Record<Plan['errorType'], string[]> = {
  duplicate_debit: [
    'EasyPay took the payment twice this month.',
    'Two identical debits on the same day.',
    'Charged twice after calling to pay by phone.',
  ],
  wrong_amount: [
    'EasyPay debited more than the monthly payment.',
    'The debit does not match the amount due on the statement.',
  ],
  after_cancellation: [
    'EasyPay debit after I cancelled it by phone.',
    'Cancelled EasyPay in writing but was still debited.',
  ],
  unauthorized: ['I never authorised this one-time payment.', 'Unknown UltimatePay debit.'],
  not_received: [
    'Payment taken but not credited to the lease.',
    'Bank shows the debit, the account shows it unpaid.',
  ],
  other: ['Late fee charged although the payment was on time.', 'Fee I do not recognise.'],
};
const EXPLANATIONS = {
  error: [
    'The bank file shows two debits for the same instalment; the second was a processing error.',
    'The debit exceeded the scheduled payment because of a keying error.',
  ],
  noError: [
    'Only one debit of the scheduled amount reached your account; the second item was a pending authorisation that never posted.',
    'The debit matches the EasyPay authorisation on file and was taken before the cancellation request reached us.',
  ],
};

/** Letters are recorded without a PDF (re-rendered on demand); their data only says so. */
const SEEDED_LETTER_DATA = JSON.stringify({ seeded: true });

function plural(n: number): string {
  return n === 1 ? '' : 's';
}

export async function generate(ctx: SeedContext): Promise<void> {
  const { sqlite } = ctx;
  const policyRow = sqlite
    .prepare(
      'select version, policy_json from dispute_policies where effective_from <= ? order by effective_from desc, version desc limit 1',
    )
    .get(ctx.asOf) as { version: number; policy_json: string } | undefined;
  if (!policyRow) return;
  const policy: DisputePolicy = {
    ...parseDisputePolicy(JSON.parse(policyRow.policy_json)),
    version: policyRow.version,
  };
  const closures = sqlite.prepare('select date, name from closures').all() as Array<{
    date: string;
    name: string;
  }>;
  const cal = new MemoCalendar(closures);
  const rng = ctx.rng('cases');
  const target = COUNT[ctx.scale.name] ?? 80;

  const accountSql = `select a.id as accountId, a.holder_customer_id as customerId, a.account_number as accountNumber, a.opened_on as openedOn,
      a.payment_cents as paymentCents, ad.region as region,
      coalesce(c.business_name, c.first_name || ' ' || c.last_name) as name
    from accounts a join customers c on c.id = a.holder_customer_id
    left join customer_addresses ad on ad.customer_id = a.holder_customer_id and ad.effective_to is null
    where a.status = 'active' and a.opened_on <= ?`;
  const all = sqlite
    .prepare(`${accountSql} group by a.id order by a.id`)
    .all(ctx.asOf) as AccountRow[];
  if (all.length === 0) return;
  const ma = all.filter((a) => isMassachusetts(a.region));
  const recent = all.filter((a) => daysFrom(a.openedOn, ctx.asOf) <= 120);
  const staff = sqlite
    .prepare(
      "select id, display_name as name from users where role in ('agent','supervisor') and active = 1 order by id",
    )
    .all() as Array<{ id: number; name: string }>;
  const staffName = new Map(staff.map((s) => [s.id, s.name]));

  // Buffered writers (rows keep their push order, so the same ids as one-by-one inserts); only
  // the ledger, whose new entries' ids the timeline quotes, is inserted row by row. The case ids
  // are counted here: the runner emptied the table, so they run 1, 2, 3… as before.
  let lastDisputeId = sqlite
    .prepare('select coalesce(max(id), 0) from disputes')
    .pluck()
    .get() as number;
  const ins = {
    dispute: ctx.writer('disputes', [
      'id',
      'customer_id',
      'account_id',
      'policy_version',
      'channel',
      'notice_at',
      'notice_on',
      'statement_on',
      'error_type',
      'reason',
      'residence_region',
      'massachusetts',
      'new_account',
      'point_of_sale',
      'foreign_initiated',
      'late_notice',
      'written_confirmation_required',
      'written_confirmation_received_on',
      'disputed_cents',
      'provisional_credit_cents',
      'provisional_credit_on',
      'provisional_credit_notice_sent_on',
      'determination',
      'determination_on',
      'determination_explanation',
      'investigation_completed_on',
      'results_sent_on',
      'correction_cents',
      'correction_on',
      'reversal_notice_sent_on',
      'reversal_cents',
      'reversal_on',
      'stage',
      'closed_on',
      'close_note',
      'assigned_to',
      'source_thread_id',
      'next_clock',
      'next_target_on',
      'version',
      'created_at',
      'created_by',
      'updated_at',
    ]),
    tx: ctx.writer('dispute_transactions', [
      'dispute_id',
      'transaction_on',
      'amount_cents',
      'description',
      'ledger_entry_id',
    ]),
    event: ctx.writer('dispute_events', [
      'dispute_id',
      'at',
      'actor_user_id',
      'actor_name',
      'kind',
      'summary',
      'detail_json',
    ]),
    letter: ctx.writer('dispute_letters', [
      'dispute_id',
      'kind',
      'language',
      'data_json',
      'pdf',
      'sha256',
      'sent_on',
      'channel',
      'created_at',
      'created_by',
    ]),
    clock: ctx.writer('dispute_clocks', [
      'dispute_id',
      'clock_id',
      'owner',
      'kind',
      'applicable',
      'start_on',
      'legal_due_on',
      'target_on',
      'at_risk_from',
      'completed_on',
      'frozen_on',
    ]),
    ledger: ctx.insert('ledger_entries', [
      'account_id',
      'posted_on',
      'kind',
      'amount_cents',
      'code',
      'description',
      'reference',
      'created_at',
      'created_by',
    ]),
    note: ctx.writer('dispute_items', [
      'dispute_id',
      'kind',
      'body',
      'due_on',
      'created_at',
      'created_by',
    ]),
  };
  const languageOf = sqlite.prepare('select language from customers where id = ?');

  const bd = (from: IsoDate, n: number) => cal.addBusinessDays(from, n).date;
  /** scheduleClocks(policy, facts, cal), each clock's dates computed once per distinct input. */
  const scheduleClocksOf = cachedClockScheduler(policy, cal);
  /** ctx.instant, memoised: a few hundred dates × minutes repeat across 50k cases. */
  const instants = new Map<string, string>();
  const instantOf = (d: IsoDate, minutes: number): string => {
    const key = `${d}|${minutes}`;
    let v = instants.get(key);
    if (v === undefined) {
      v = ctx.instant(d, minutes);
      instants.set(key, v);
    }
    return v;
  };
  const upTo = (d: IsoDate | null): IsoDate | null =>
    d && compareIsoDates(d, ctx.asOf) <= 0 ? d : null;

  /** A random case history, each step only if it has happened by "today". */
  function randomPlan(r: Prng, account: AccountRow): Plan {
    const age = Math.floor(Math.pow(r.next(), 1.5) * 120);
    const noticeOn = plusDays(ctx.asOf, -age);
    const channel = r.pick([
      'phone',
      'phone',
      'phone',
      'secure_message',
      'secure_message',
      'mail',
    ] as const);
    const errorType = r.pick([
      'duplicate_debit',
      'duplicate_debit',
      'wrong_amount',
      'after_cancellation',
      'unauthorized',
      'not_received',
      'other',
    ] as const);
    const late = r.chance(0.06);
    const txOn = plusDays(noticeOn, -(late ? r.int(61, 95) : r.int(2, 45)));
    const cents = errorType === 'other' ? r.pick([1500, 2500, 3000, 4000]) : account.paymentCents;
    const transactions = [
      {
        on: txOn,
        cents,
        description:
          errorType === 'other'
            ? 'Late fee'
            : errorType === 'unauthorized'
              ? 'UltimatePay debit'
              : 'EasyPay debit',
      },
    ];
    if (errorType === 'duplicate_debit' && r.chance(0.3))
      transactions.push({ on: txOn, cents, description: 'EasyPay debit (second)' });
    const disputed = transactions.reduce((s, t) => s + t.cents, 0);
    const newAccount = daysFrom(account.openedOn, noticeOn) <= 30;
    const wcRequired = channel === 'phone';
    const p: Plan = {
      account,
      noticeOn,
      noticeMinutes: r.int(9 * 60, 20 * 60),
      channel,
      errorType,
      reason: r.pick(REASONS[errorType]),
      transactions,
      newAccount,
      pointOfSale: r.chance(0.02),
      writtenConfirmationRequired: wcRequired,
      writtenConfirmationOn:
        wcRequired && r.chance(0.7)
          ? upTo(bd(noticeOn, r.chance(0.9) ? r.int(1, 9) : r.int(11, 14)))
          : null,
      ackOn: upTo(bd(noticeOn, r.int(0, 1))),
      pcCents: null,
      pcOn: null,
      pcNoticeOn: null,
      determination: null,
      determinationOn: null,
      resultsOn: null,
      correctionOn: null,
      reversalNoticeOn: null,
      reversalOn: null,
      closedOn: null,
      assignedTo: staff.length > 0 && r.chance(0.92) ? r.pick(staff).id : null,
    };
    const limit = newAccount ? 20 : 10;
    // Determination: mostly within the investigation window, some late, many still open.
    const investigate = r.chance(0.35)
      ? r.int(2, 12)
      : r.chance(0.94)
        ? r.int(10, 44)
        : r.int(46, 60);
    const determinationOn = upTo(plusDays(noticeOn, investigate));
    const quick = determinationOn && cal.businessDaysBetween(noticeOn, determinationOn) <= limit;
    if (!quick && r.chance(0.9)) {
      const pcOn = upTo(
        bd(noticeOn, r.chance(0.93) ? r.int(1, limit - 1) : r.int(limit + 1, limit + 3)),
      );
      if (pcOn) {
        p.pcOn = pcOn;
        p.pcCents = disputed;
        p.pcNoticeOn = upTo(bd(pcOn, r.chance(0.95) ? r.int(0, 2) : 3));
      }
    }
    if (determinationOn && (!p.pcOn || compareIsoDates(determinationOn, p.pcOn) >= 0)) {
      p.determinationOn = determinationOn;
      p.determination = r.chance(0.45)
        ? 'error_found'
        : r.chance(0.85)
          ? 'no_error'
          : 'different_error';
      if (p.determination !== 'no_error')
        p.correctionOn = upTo(bd(determinationOn, r.chance(0.95) ? r.int(0, 1) : 2));
      p.resultsOn = upTo(bd(determinationOn, r.chance(0.95) ? r.int(0, 3) : r.int(4, 5)));
      if (p.determination === 'no_error' && p.pcOn && p.resultsOn) {
        p.reversalNoticeOn = upTo(bd(p.resultsOn, r.int(0, 1)));
        if (p.reversalNoticeOn) p.reversalOn = upTo(bd(p.reversalNoticeOn, 5 + r.int(0, 2)));
      }
    }
    return p;
  }

  function finishPlan(r: Prng, p: Plan): void {
    const facts = factsOfPlan(p);
    const stage = stageOf(facts);
    const last = [p.resultsOn, p.correctionOn, p.reversalOn, p.pcNoticeOn, p.ackOn]
      .filter((d): d is IsoDate => Boolean(d))
      .sort()
      .at(-1);
    const lettersOk = p.ackOn && (!p.pcOn || p.pcNoticeOn);
    if (stage === 'ready_to_close' && last && lettersOk && r.chance(0.85))
      p.closedOn = upTo(plusDays(last, r.int(0, 4)));
  }

  function factsOfPlan(p: Plan): WorkflowFacts {
    return {
      noticeOn: p.noticeOn,
      channel: p.channel,
      statementOn: null,
      transactionDates: p.transactions.map((t) => t.on),
      residenceRegion: p.account.region,
      newAccount: p.newAccount,
      pointOfSale: p.pointOfSale,
      foreignInitiated: false,
      writtenConfirmationRequired: p.writtenConfirmationRequired,
      writtenConfirmationReceivedOn: p.writtenConfirmationOn,
      provisionalCreditOn: p.pcOn,
      provisionalCreditCents: p.pcCents,
      provisionalCreditNoticeSentOn: p.pcNoticeOn,
      determination: p.determination,
      determinationOn: p.determinationOn,
      investigationCompletedOn: p.determinationOn,
      resultsSentOn: p.resultsOn,
      correctionPostedOn: p.correctionOn,
      // As written below: the correction makes the whole disputed amount (and any credit) final.
      correctionCents: p.correctionOn
        ? Math.max(
            p.transactions.reduce((sum, t) => sum + t.cents, 0),
            p.pcCents ?? 0,
          )
        : null,
      reversalNoticeSentOn: p.reversalNoticeOn,
      reversalPostedOn: p.reversalOn,
      closedOn: p.closedOn,
    };
  }

  /** Writes one case with its timeline, letters, ledger entries and stored clocks. */
  function write(p: Plan): number {
    const facts = factsOfPlan(p);
    const schedules: readonly ClockSchedule[] = scheduleClocksOf(facts);
    const notice = schedules.find((s) => s.id === 'notice_timely');
    const late = Boolean(notice?.legalDue && compareIsoDates(p.noticeOn, notice.legalDue) > 0);
    const next = p.closedOn
      ? null
      : schedules
          .filter(
            (s) =>
              s.owner === 'lender' &&
              s.kind === 'deadline' &&
              s.applicable &&
              s.target &&
              !s.completedOn,
          )
          .sort((a, b) => compareIsoDates(a.target ?? '', b.target ?? ''))[0];
    const at = (d: IsoDate, minutes = 10 * 60) => instantOf(d, minutes);
    const noticeAt = at(p.noticeOn, p.noticeMinutes);
    const disputed = p.transactions.reduce((s, t) => s + t.cents, 0);
    const correctionCents = p.correctionOn ? Math.max(disputed, p.pcCents ?? 0) : null;
    const explanation = p.determination
      ? ((p.determination === 'no_error'
          ? EXPLANATIONS.noError[p.noticeOn.charCodeAt(9) % 2]
          : EXPLANATIONS.error[p.noticeOn.charCodeAt(9) % 2]) ?? '')
      : null;
    const id = ++lastDisputeId;
    ins.dispute(
      id,
      p.account.customerId,
      p.account.accountId,
      policy.version,
      p.channel,
      noticeAt,
      p.noticeOn,
      null,
      p.errorType,
      p.reason,
      p.account.region,
      isMassachusetts(p.account.region) ? 1 : 0,
      p.newAccount ? 1 : 0,
      p.pointOfSale ? 1 : 0,
      0,
      late ? 1 : 0,
      p.writtenConfirmationRequired ? 1 : 0,
      p.writtenConfirmationOn,
      disputed,
      p.pcCents,
      p.pcOn,
      p.pcNoticeOn,
      p.determination,
      p.determinationOn,
      explanation,
      p.determinationOn,
      p.resultsOn,
      correctionCents,
      p.correctionOn,
      p.reversalNoticeOn,
      p.reversalOn ? p.pcCents : null,
      p.reversalOn,
      stageOf(facts),
      p.closedOn,
      p.closedOn ? 'All notices sent' : null,
      p.assignedTo,
      null,
      next?.id ?? null,
      next?.target ?? null,
      1,
      noticeAt,
      p.assignedTo,
      noticeAt,
    );
    for (const t of p.transactions) ins.tx(id, t.on, t.cents, t.description, null);
    const who = p.assignedTo;
    const name = who ? (staffName.get(who) ?? 'Agent') : 'CIC Desk';
    // The English summary (exports, logs) and the message the screen shows in the user's language.
    const ev = (
      d: IsoDate,
      kind: string,
      summary: string,
      minutes: number | undefined,
      message: ServerMessage,
    ) => ins.event(id, at(d, minutes), who, name, kind, summary, JSON.stringify({ message }));
    const money = (c: number) => `$${(c / 100).toFixed(2)}`;
    ev(
      p.noticeOn,
      'intake',
      `Notice received by ${p.channel.replace('_', ' ')}: ${p.transactions.length} transaction${plural(p.transactions.length)}, ${money(disputed)}`,
      p.noticeMinutes,
      msg('disputes.event.intake', {
        channel: msg(`disputes.channel.${p.channel}`),
        on: p.noticeOn,
        count: p.transactions.length,
        amount: disputed,
      }),
    );
    if (late)
      ev(
        p.noticeOn,
        'late_notice',
        'Late notice: more than 60 days after the transaction (flagged, not rejected)',
        p.noticeMinutes + 1,
        msg('disputes.event.lateNotice'),
      );
    const language =
      (languageOf.get(p.account.customerId) as { language: 'en' | 'fr' } | undefined)?.language ??
      'en';
    const letter = (kind: LetterKind, d: IsoDate) => {
      ins.letter(
        id,
        kind,
        language,
        SEEDED_LETTER_DATA,
        null,
        null,
        d,
        'mail',
        at(d, 15 * 60),
        who,
      );
      ev(
        d,
        'letter',
        `${kind.replace('_', ' ')} letter (${language.toUpperCase()}) sent by mail`,
        15 * 60,
        msg('disputes.event.letterSent', {
          letter: msg(`disputes.letter.${kind}`),
          language: language.toUpperCase(),
          channel: msg('disputes.channel.mail'),
          on: d,
        }),
      );
    };
    if (p.ackOn) letter('acknowledgement', p.ackOn);
    if (p.writtenConfirmationOn)
      ev(
        p.writtenConfirmationOn,
        'written_confirmation',
        'Written confirmation received',
        11 * 60,
        msg('disputes.event.writtenConfirmation', { on: p.writtenConfirmationOn }),
      );
    if (p.pcOn && p.pcCents) {
      const entry = ins.ledger(
        p.account.accountId,
        p.pcOn,
        'provisional_credit',
        -p.pcCents,
        'dispute',
        `Provisional credit, dispute ${caseNumber(id)}`,
        `dispute:${id}`,
        at(p.pcOn, 12 * 60),
        who,
      );
      ins.event(
        id,
        at(p.pcOn, 12 * 60),
        who,
        name,
        'provisional_credit',
        `Provisional credit of ${money(p.pcCents)} posted`,
        JSON.stringify({
          ledgerEntryId: entry,
          message: msg('disputes.event.creditPosted', { amount: p.pcCents, on: p.pcOn }),
        }),
      );
    }
    if (p.pcNoticeOn) letter('provisional_credit', p.pcNoticeOn);
    if (p.determination && p.determinationOn)
      ev(
        p.determinationOn,
        'determination',
        `Determination: ${p.determination.replace('_', ' ')}`,
        14 * 60,
        msg('disputes.event.determination', {
          outcome: msg(`disputes.outcome.${p.determination}`),
          on: p.determinationOn,
        }),
      );
    if (p.correctionOn)
      ev(
        p.correctionOn,
        'correction',
        `Correction of ${money(correctionCents ?? 0)}${p.pcCents ? ': provisional credit made final' : ''}`,
        14 * 60 + 30,
        p.pcCents
          ? msg('disputes.event.correctionFinal', { amount: correctionCents ?? 0 })
          : msg('disputes.event.correctionCredited', {
              amount: correctionCents ?? 0,
              on: p.correctionOn,
            }),
      );
    if (p.correctionOn && !p.pcCents) {
      ins.ledger(
        p.account.accountId,
        p.correctionOn,
        'adjustment',
        -(correctionCents ?? disputed),
        'dispute-correction',
        `Correction, dispute ${caseNumber(id)}`,
        `dispute:${id}`,
        at(p.correctionOn, 14 * 60 + 30),
        who,
      );
    }
    if (p.resultsOn) letter(p.determination === 'no_error' ? 'no_error' : 'results', p.resultsOn);
    if (p.reversalNoticeOn) letter('reversal', p.reversalNoticeOn);
    if (p.reversalOn && p.pcCents) {
      ins.ledger(
        p.account.accountId,
        p.reversalOn,
        'provisional_credit_reversal',
        p.pcCents,
        'dispute',
        `Provisional credit reversed, dispute ${caseNumber(id)}`,
        `dispute:${id}`,
        at(p.reversalOn, 9 * 60 + 5),
        who,
      );
      ev(
        p.reversalOn,
        'reversal',
        `Provisional credit of ${money(p.pcCents)} reversed`,
        9 * 60 + 5,
        msg('disputes.event.creditReversed', { amount: p.pcCents, on: p.reversalOn }),
      );
    }
    if (p.closedOn)
      ev(
        p.closedOn,
        'closed',
        'Case closed: all notices sent',
        16 * 60,
        msg('disputes.event.closedAllSent'),
      );
    if (!p.closedOn && !p.determination && p.noticeOn.charCodeAt(9) % 3 === 0) {
      ins.note(
        id,
        'task',
        'Request the bank trace for the debit',
        bd(p.noticeOn, 3),
        at(p.noticeOn, p.noticeMinutes + 5),
        who,
      );
    }
    for (const s of schedules) {
      ins.clock(
        id,
        s.id,
        s.owner,
        s.kind,
        s.applicable ? 1 : 0,
        s.startOn,
        s.legalDue,
        s.target,
        s.atRiskFrom,
        s.completedOn,
        p.closedOn && !s.completedOn ? p.closedOn : null,
      );
    }
    return id;
  }

  // Planted cases of the Thanksgiving scenario (the standard data gets a few of them too).
  if (ctx.scenario.id === THANKSGIVING_DISPUTES.id)
    plantThanksgiving(ctx, all, ma, staff, (p) => write(p), cal);

  for (let i = 0; i < target; i++) {
    const pool =
      rng.chance(0.12) && ma.length > 0 ? ma : rng.chance(0.04) && recent.length > 0 ? recent : all;
    const p = randomPlan(rng, rng.pick(pool));
    finishPlan(rng, p);
    write(p);
    if (i % 500 === 0) await ctx.progress(i);
  }
}

/** The Thanksgiving-week cases: each one's clock turns at a known moment of the week. */
function plantThanksgiving(
  ctx: SeedContext,
  all: AccountRow[],
  ma: AccountRow[],
  staff: Array<{ id: number }>,
  write: (p: Plan) => number,
  cal: BusinessCalendar,
): void {
  const agent = staff[0]?.id ?? null;
  const pick = (i: number, pool: AccountRow[] = all): AccountRow => {
    const found = pool[i % pool.length] ?? all[0];
    if (!found) throw new Error('no accounts to plant disputes on');
    return found;
  };
  const base = (
    account: AccountRow,
    noticeOn: IsoDate,
    channel: Plan['channel'] = 'phone',
  ): Plan => ({
    account,
    noticeOn,
    noticeMinutes: 10 * 60 + 15,
    channel,
    errorType: 'duplicate_debit',
    reason: 'EasyPay took the November payment twice.',
    transactions: [
      {
        on: plusDays(noticeOn, -6),
        cents: account.paymentCents,
        description: 'EasyPay debit (duplicate)',
      },
    ],
    newAccount: false,
    pointOfSale: false,
    writtenConfirmationRequired: channel === 'phone',
    writtenConfirmationOn: null,
    ackOn: noticeOn,
    pcCents: null,
    pcOn: null,
    pcNoticeOn: null,
    determination: null,
    determinationOn: null,
    resultsOn: null,
    correctionOn: null,
    reversalNoticeOn: null,
    reversalOn: null,
    closedOn: null,
    assignedTo: agent,
  });
  const cases: Array<{ title: string; detail: string; plan: Plan }> = [];
  const a = (i: number) => pick(i * 7 + 3);
  {
    const p = base(a(1), '2026-11-09');
    p.writtenConfirmationOn = '2026-11-12';
    cases.push({
      title: 'Decision or credit due TUESDAY',
      detail:
        'Notice Mon 11-09; Veterans Day skipped; 10 business days → Tue 11-24. At risk already; breaches Wednesday.',
      plan: p,
    });
  }
  {
    const p = base(a(2), '2026-11-10');
    p.writtenConfirmationOn = '2026-11-13';
    cases.push({
      title: 'Decision or credit due WEDNESDAY',
      detail:
        'Notice Tue 11-10 → Wed 11-25 (Veterans Day skipped). Breaches on Friday 11-27, the day after Thanksgiving.',
      plan: p,
    });
  }
  {
    const p = base(a(3), '2026-11-13');
    cases.push({
      title: 'Decision or credit due the MONDAY AFTER',
      detail:
        'Notice Fri 11-13 → Mon 11-30 (Thanksgiving skipped). Running Monday and Tuesday, at risk from Wednesday, breached Tuesday 12-01.',
      plan: p,
    });
  }
  {
    const p = base(pick(0, ma.length > 0 ? ma : all), '2026-11-16');
    cases.push({
      title: 'Massachusetts: written confirmation due ON Thanksgiving',
      detail:
        'MA resident (lender policy): 10 CALENDAR days from Mon 11-16 → Thu 11-26, a holiday. A non-MA resident would have until Tue 12-01.',
      plan: p,
    });
  }
  {
    const p = base(a(5), '2026-11-18');
    p.pcOn = '2026-11-20';
    p.pcCents = p.transactions[0]?.cents ?? 10_000;
    cases.push({
      title: 'Provisional credit notice due TUESDAY',
      detail: 'Credit posted Fri 11-20, notice not sent: 2 business days → Tue 11-24. At risk now.',
      plan: p,
    });
  }
  {
    const p = base(a(6), '2026-10-12', 'secure_message');
    p.pcOn = cal.addBusinessDays('2026-10-12', 8).date;
    p.pcCents = p.transactions[0]?.cents ?? 10_000;
    p.pcNoticeOn = p.pcOn;
    cases.push({
      title: 'Investigation: legal date IS Thanksgiving',
      detail:
        'Notice Mon 10-12 (Columbus Day) + 45 calendar days = Thu 11-26, a holiday: internal target Wed 11-25. At risk now.',
      plan: p,
    });
  }
  {
    const p = base(a(7), '2026-11-04');
    p.pcOn = '2026-11-06';
    p.pcCents = p.transactions[0]?.cents ?? 10_000;
    p.pcNoticeOn = '2026-11-09';
    p.determination = 'no_error';
    p.determinationOn = '2026-11-20';
    p.writtenConfirmationOn = '2026-11-06';
    cases.push({
      title: 'No-error results letter due WEDNESDAY',
      detail:
        'Determined Fri 11-20: 3 business days → Wed 11-25. Then the reversal notice (5 business days before the debit).',
      plan: p,
    });
  }
  {
    const p = base(a(8), '2026-11-05');
    p.writtenConfirmationOn = '2026-11-09';
    p.determination = 'error_found';
    p.determinationOn = '2026-11-20';
    cases.push({
      title: 'Correction due TODAY',
      detail: 'Error found Fri 11-20: 1 business day → Mon 11-23.',
      plan: p,
    });
  }
  {
    const p = base(a(9), '2026-10-26');
    p.pcOn = '2026-10-28';
    p.pcCents = p.transactions[0]?.cents ?? 10_000;
    p.pcNoticeOn = '2026-10-28';
    p.writtenConfirmationOn = '2026-10-30';
    p.determination = 'no_error';
    p.determinationOn = '2026-11-18';
    p.resultsOn = '2026-11-19';
    p.reversalNoticeOn = '2026-11-20';
    cases.push({
      title: 'Reversal: not before the MONDAY AFTER',
      detail:
        'Reversal notice Fri 11-20: 5 business days (Thanksgiving skipped) → the debit may be dated Mon 11-30, not earlier.',
      plan: p,
    });
  }
  {
    const p = base(pick(11, all), '2026-11-02');
    p.newAccount = true;
    p.writtenConfirmationOn = '2026-11-05';
    cases.push({
      title: 'New account: 20 business days',
      detail:
        'Notice Mon 11-02, new account: 20 business days (Veterans Day, Thanksgiving skipped) → Wed 12-02.',
      plan: p,
    });
  }
  {
    const p = base(a(12), '2026-11-20', 'mail');
    p.transactions = [
      { on: '2026-08-28', cents: p.account.paymentCents, description: 'EasyPay debit' },
    ];
    cases.push({
      title: 'Late notice (flagged, not rejected)',
      detail:
        'Letter received Fri 11-20 about an August 28 debit: 84 days. Flagged; clocks run as usual (decision due Mon 12-07).',
      plan: p,
    });
  }
  for (const c of cases) {
    const id = write(c.plan);
    ctx.plant({
      area: MODULE,
      title: c.title,
      detail: `${caseNumber(id)}: ${c.detail}`,
      customerId: c.plan.account.customerId,
      accountId: c.plan.account.accountId,
      entity: { type: 'dispute', id },
    });
  }
}

export const disputesModule: SeedModule = {
  name: MODULE,
  tables: [
    'disputes',
    'dispute_transactions',
    'dispute_events',
    'dispute_items',
    'dispute_letters',
    'dispute_clocks',
  ],
  estimate: (scale) => COUNT[scale.name] ?? 80,
  generate,
  scenarios: [THANKSGIVING_DISPUTES],
};
