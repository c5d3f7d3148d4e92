import { addCalendarDays, type IsoDate } from '../../../domain/dates.ts';
import { easyPayOutlook } from '../../../domain/easypay.ts';
import { scheduleDueDates } from '../../../domain/ledger.ts';
import type { AccountsTable } from '../../../../db/schema/index.ts';
import { termsOf } from '../../../../db/repositories/ledger.ts';
import type { Selectable } from 'kysely';
import { Weighted, type Prng } from '../prng.ts';
import type { Scenario, SeedContext, SeedModule } from '../types.ts';

/**
 * Calls and online access demo data (issue 17): closed calls over the last weeks (centre hours,
 * business days), each with reason codes, outcome, notes, handle and wrap-up times and the
 * caller's verification (a passed or failed identity_verifications row, channel phone); portal
 * accounts for most customers with an e-mail (linked agreements, paperless, a few locked after
 * five failed sign-ins, a few link codes that failed).
 *
 * Scenario "monday-phones": Monday 2026-11-23, the clock at 12:00; the morning's calls are
 * on record — a mix of reasons, callers who could not be verified, two repeat callers — and
 * the afternoon starts with a customer locked out of the app and one whose EasyPay cut-off is
 * today.
 */
const MODULE = 'calls';

const COUNT: Record<string, number> = { demo: 160, class: 2_500, large: 60_000 };
const HISTORY_DAYS: Record<string, number> = { demo: 30, class: 60, large: 180 };

export const MONDAY_PHONES: Scenario = {
  id: 'monday-phones',
  title: { en: 'Monday on the phones', fr: 'Lundi au téléphone' },
  description: {
    en: 'Monday noon: the morning’s calls are on record (EasyPay, payoffs, online access, a few callers who could not be verified, two who called back). Take the afternoon’s calls: a customer locked out of the app, and one who wants EasyPay stopped on the last allowed day.',
    fr: 'Lundi midi : les appels du matin sont au dossier (EasyPay, remboursements, accès en ligne, quelques appelants non vérifiés, deux qui ont rappelé). Prenez les appels de l’après-midi : un client bloqué hors de l’application et un autre qui veut arrêter EasyPay le dernier jour permis.',
  },
  seed: 17,
  scale: 'demo',
  startDate: '2026-11-23',
  startMinutes: 12 * 60,
};

const REASONS = new Weighted<string[]>([
  [['payments'], 18],
  [['payoff'], 12],
  [['easypay'], 14],
  [['easypay', 'payments'], 4],
  [['address'], 6],
  [['dispute'], 4],
  [['online-access'], 14],
  [['statements'], 8],
  [['lease-end'], 6],
  [['other'], 4],
]);
const OUTCOMES = new Weighted<'resolved' | 'follow_up' | 'callback' | 'transferred' | 'no_action'>([
  ['resolved', 70],
  ['follow_up', 10],
  ['callback', 6],
  ['transferred', 6],
  ['no_action', 8],
]);
const NOTES: Record<string, string[]> = {
  payments: [
    'Confirmed the last payment was received.',
    'Explained the amount due includes a late fee.',
  ],
  payoff: ['Gave the payoff amount good for 10 days.', 'Payoff quote letter requested.'],
  easypay: [
    'Explained when the next EasyPay debit is taken.',
    'Customer asked how to change the bank account.',
  ],
  address: [
    'Customer moved; address change taken.',
    'Mail came back; customer gave the new address.',
  ],
  dispute: [
    'Customer says an EasyPay debit was taken twice.',
    'Explained the 10-business-day written confirmation.',
  ],
  'online-access': [
    'Locked out after five tries; unlocked after verification.',
    'Did not receive the link code; re-sent it.',
    'Helped link the agreement (DOB + VIN).',
  ],
  statements: ['Switched to paperless statements.', 'Asked for a copy of last month’s statement.'],
  'lease-end': ['Asked about lease-end inspection.', 'Explained purchase option and residual.'],
  other: [
    'Wrong number for roadside assistance; gave (866) 646-4772.',
    'General question about the account.',
  ],
};

interface CustomerRow {
  id: number;
  phone: string | null;
  email: string | null;
  kind: 'personal' | 'business';
}

/** A start instant inside the centre's hours (09:00–19:30 Mon–Thu, to 17:30 Fri) of a business day. */
function callSlot(ctx: SeedContext, rng: Prng, days: number): { day: IsoDate; minutes: number } {
  for (;;) {
    const day = addCalendarDays(ctx.asOf, -rng.int(1, days));
    if (!ctx.calendar.isBusinessDay(day)) continue;
    const friday = new Date(`${day}T12:00:00Z`).getUTCDay() === 5;
    return { day, minutes: rng.int(9 * 60, friday ? 17 * 60 + 30 : 19 * 60 + 30) };
  }
}

async function generate(ctx: SeedContext): Promise<void> {
  const { sqlite } = ctx;
  const rng = ctx.rng('calls');
  const agents = sqlite
    .prepare("select id from users where role in ('agent','supervisor') and active = 1 order by id")
    .pluck()
    .all() as number[];
  const customers = sqlite
    .prepare(
      `select c.id, c.email, c.kind,
        (select p.number from customer_phones p where p.customer_id = c.id order by p.is_primary desc, p.id limit 1) as phone
       from customers c order by c.id`,
    )
    .all() as CustomerRow[];
  if (customers.length === 0) return;
  const accountsOf = new Map<number, number[]>();
  for (const a of sqlite
    .prepare("select id, holder_customer_id as h from accounts where status = 'active' order by id")
    .iterate() as Iterable<{ id: number; h: number }>) {
    const list = accountsOf.get(a.h);
    if (list) list.push(a.id);
    else accountsOf.set(a.h, [a.id]);
  }

  // Online access: about 60% of customers with an e-mail are registered.
  const portal = ctx.writer('portal_accounts', [
    'customer_id',
    'login_email',
    'enrolled_at',
    'activated_at',
    'paperless',
    'failed_sign_ins',
    'locked_until',
    'last_sign_in_at',
    'updated_at',
  ]);
  const link = ctx.writer('portal_account_links', ['customer_id', 'account_id', 'linked_at']);
  const code = ctx.writer('portal_link_codes', [
    'customer_id',
    'account_id',
    'sent_to_masked',
    'code_hash',
    'sent_at',
    'expires_at',
    'used_at',
    'failed',
    'sent_by',
  ]);
  const now = ctx.startsAt.getTime();
  const prng = ctx.rng('portal');
  let done = 0;
  for (const c of customers) {
    if (++done % 2000 === 0) await ctx.progress(done);
    if (!c.email || !prng.chance(0.6)) continue;
    const enrolledOn = addCalendarDays(ctx.asOf, -prng.int(20, 900));
    const enrolledAt = ctx.instant(enrolledOn, prng.int(7 * 60, 22 * 60));
    const activated = prng.chance(0.95);
    const locked = activated && prng.chance(0.03);
    const lastSignIn = activated
      ? ctx.instant(addCalendarDays(ctx.asOf, -prng.int(0, 40)), prng.int(6 * 60, 23 * 60))
      : null;
    portal(
      c.id,
      c.email,
      enrolledAt,
      activated ? enrolledAt : null,
      prng.chance(0.55) ? 1 : 0,
      locked ? 5 : prng.chance(0.1) ? prng.int(1, 3) : 0,
      locked ? new Date(now + prng.int(5, 29) * 60_000).toISOString() : null,
      lastSignIn,
      enrolledAt,
    );
    if (!activated) continue;
    for (const accountId of accountsOf.get(c.id) ?? []) {
      if (prng.chance(0.85)) link(c.id, accountId, enrolledAt);
      else if (c.phone && prng.chance(0.5)) {
        // Tried to link, the code never arrived: the call an agent gets next.
        const sentAt = new Date(now - prng.int(60, 3000) * 60_000);
        code(
          c.id,
          accountId,
          `XXXXXX-${c.phone.slice(-4)}`,
          prng.digits(64),
          sentAt.toISOString(),
          new Date(sentAt.getTime() + 15 * 60_000).toISOString(),
          null,
          1,
          null,
        );
      }
    }
  }
  if (agents.length === 0) return;

  const verification = ctx.insert('identity_verifications', [
    'customer_id',
    'method',
    'result',
    'channel',
    'failed_before',
    'attempted_at',
    'attempted_by',
  ]);
  const call = ctx.insert('interactions', [
    'channel',
    'customer_id',
    'caller_phone',
    'agent_id',
    'status',
    'started_at',
    'ended_at',
    'wrapped_up_at',
    'handle_seconds',
    'wrap_seconds',
    'verification_id',
    'verification_result',
    'verified_customer_id',
    'notes',
    'outcome',
    'follow_up_on',
    'matched_at',
    'created_at',
    'updated_at',
  ]);
  const reason = ctx.writer('interaction_reasons', ['interaction_id', 'reason_code']);

  const addCall = (
    c: CustomerRow | null,
    day: IsoDate,
    minutes: number,
    reasons: readonly string[],
    verify: 'passed' | 'failed' | 'not_attempted',
    r: Prng,
  ): number => {
    const startedAt = ctx.instant(day, minutes);
    const talk = r.int(90, 900);
    const wrap = r.int(15, 240);
    const endedAt = new Date(Date.parse(startedAt) + talk * 1000).toISOString();
    const wrappedAt = new Date(Date.parse(endedAt) + wrap * 1000).toISOString();
    const agent = r.pick(agents);
    let verificationId: number | null = null;
    if (c && verify !== 'not_attempted') {
      const method = c.kind === 'business' ? 'vin' : r.chance(0.8) ? 'dob_ssn_zip' : 'dob_vin';
      verificationId = verification(
        c.id,
        method,
        verify,
        'phone',
        0,
        new Date(Date.parse(startedAt) + 60_000).toISOString(),
        agent,
      );
    }
    const outcome = verify === 'failed' ? 'callback' : OUTCOMES.draw(r);
    const needsDate = outcome === 'follow_up' || outcome === 'callback';
    const id = call(
      'phone_in',
      c?.id ?? null,
      c?.phone ?? (r.chance(0.7) ? `${r.int(201, 989)}${r.digits(7)}` : null),
      agent,
      'closed',
      startedAt,
      endedAt,
      wrappedAt,
      talk + wrap,
      wrap,
      verificationId,
      c ? verify : 'not_attempted',
      c && verify === 'passed' ? c.id : null,
      verify === 'failed'
        ? 'Caller could not answer the verification questions; asked to call back with the agreement.'
        : r.pick(NOTES[reasons[0]!] ?? NOTES.other!),
      outcome,
      needsDate ? addCalendarDays(day, r.int(1, 5)) : null,
      c ? startedAt : null,
      startedAt,
      wrappedAt,
    );
    for (const code of reasons) reason(id, code);
    return id;
  };

  const target = COUNT[ctx.scale.name] ?? 160;
  const days = HISTORY_DAYS[ctx.scale.name] ?? 30;
  for (let i = 0; i < target; i++) {
    if (i % 1000 === 0) await ctx.progress(done + i);
    const { day, minutes } = callSlot(ctx, rng, days);
    const unknown = rng.chance(0.03);
    const c = unknown ? null : rng.pick(customers);
    const verify = rng.chance(0.85) ? 'passed' : rng.chance(0.6) ? 'failed' : 'not_attempted';
    addCall(c, day, minutes, REASONS.draw(rng), verify, rng);
  }

  if (ctx.scenario.id === MONDAY_PHONES.id) plantMondayPhones(ctx, customers, addCall);
}

function plantMondayPhones(
  ctx: SeedContext,
  customers: readonly CustomerRow[],
  addCall: (
    c: CustomerRow | null,
    day: IsoDate,
    minutes: number,
    reasons: readonly string[],
    verify: 'passed' | 'failed' | 'not_attempted',
    r: Prng,
  ) => number,
): void {
  const r = ctx.rng('monday-phones');
  const day = ctx.asOf;
  const personal = customers.filter((c) => c.kind === 'personal' && c.phone);
  // A morning of calls, 09:00–11:50.
  for (let i = 0; i < 24; i++) {
    const c = r.pick(personal);
    addCall(
      c,
      day,
      9 * 60 + i * 7 + r.int(0, 5),
      REASONS.draw(r),
      i % 6 === 5 ? 'failed' : 'passed',
      r,
    );
  }
  // Callers who could not be verified.
  for (let i = 0; i < 3; i++) {
    const c = r.pick(personal);
    addCall(c, day, 10 * 60 + 13 * i, ['payoff'], 'failed', r);
    ctx.plant({
      area: MODULE,
      title: 'Caller could not be verified',
      detail: `Call at ${String(10 + Math.floor((13 * i) / 60)).padStart(2, '0')}:${String((13 * i) % 60).padStart(2, '0')}: asked for a payoff amount, failed verification; nothing disclosed.`,
      customerId: c.id,
    });
  }
  // Two repeat callers: Thursday and again this morning.
  for (let i = 0; i < 2; i++) {
    const c = personal[((i + 1) * 7) % personal.length]!;
    const thursday = addCalendarDays(day, -4);
    addCall(c, thursday, 14 * 60 + 20 * i, ['easypay'], 'passed', r);
    addCall(c, day, 9 * 60 + 40 + 30 * i, ['easypay', 'dispute'], 'passed', r);
    ctx.plant({
      area: MODULE,
      title: 'Repeat caller',
      detail:
        'Called on Thursday about EasyPay and again this morning: see the timeline, and the supervisor’s repeat-caller list.',
      customerId: c.id,
    });
  }
  // The afternoon: EasyPay to stop on the last day a cancellation still stops the next debit.
  for (const row of ctx.sqlite
    .prepare("select * from accounts where easypay_enrolled = 1 and status = 'active' order by id")
    .iterate() as Iterable<Selectable<AccountsTable>>) {
    const outlook = easyPayOutlook(ctx.calendar, scheduleDueDates(termsOf(row)), day);
    if (outlook.next?.cancelBy !== day) continue;
    ctx.plant({
      area: MODULE,
      title: 'EasyPay cut-off is today',
      detail: `Account ${row.account_number}: a cancellation today still stops the debit of ${outlook.next.debitDate} (due ${outlook.next.dueDate}; ${outlook.next.cancelByExplanation}). Tomorrow it would not.`,
      customerId: row.holder_customer_id,
      accountId: row.id,
    });
    break;
  }
  // The afternoon: a customer locked out of the app (5 failed sign-ins, 30 minutes).
  const locked = ctx.sqlite
    .prepare(
      'select customer_id from portal_accounts where activated_at is not null order by customer_id limit 1 offset 3',
    )
    .pluck()
    .get() as number | undefined;
  if (locked !== undefined) {
    const until = new Date(ctx.startsAt.getTime() + 25 * 60_000).toISOString();
    ctx.sqlite
      .prepare(
        'update portal_accounts set failed_sign_ins = 5, locked_until = ? where customer_id = ?',
      )
      .run(until, locked);
    ctx.plant({
      area: MODULE,
      title: 'Locked out of the app',
      detail:
        'Five failed sign-ins: online access locked for 30 minutes. Verify the caller, then unlock (Calls → Online access).',
      customerId: locked,
    });
  }
}

export const callsModule: SeedModule = {
  name: MODULE,
  tables: [
    'interactions',
    'interaction_reasons',
    'interaction_actions',
    'easypay_changes',
    'portal_accounts',
    'portal_account_links',
    'portal_link_codes',
  ],
  estimate: (scale) => (COUNT[scale.name] ?? 160) * 2 + scale.customers,
  generate,
  scenarios: [MONDAY_PHONES],
};
