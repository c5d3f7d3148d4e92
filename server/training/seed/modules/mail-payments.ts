import { addCalendarDays, type IsoDate } from '../../../domain/dates.ts';
import { lockboxFor, type Lockbox } from '../../../domain/lender-config.ts';
import { checkMailItem, type MailItemFailure } from '../../../domain/mail-item-checks.ts';
import { routingCheckDigit } from '../../../domain/validators/routing-number.ts';
import type { Prng } from '../prng.ts';
import type { Scenario, SeedContext, SeedModule } from '../types.ts';

/**
 * Lockbox demo data.
 *
 * History: every mail payment the customers module put in the ledgers (kind 'payment', code
 * 'mail') becomes a posted item of a posted batch (per lockbox and receipt date, at most 250
 * items a batch), linked to its ledger entry through mail_postings. No money is added: the
 * ledgers stay exactly as the customers module made them. Capped per scale (500,000 at large).
 *
 * Today's work: open batches with planted exceptions — payee mismatches, a missing and a
 * transposed account number, duplicates (in the batch and of a recent posting), a "paid in
 * full" check, a loan check at a lease lockbox, an amount over the limit — and one batch still
 * being keyed (out of balance). The "lockbox-exceptions" scenario plants four times as many.
 */
const MODULE = 'mail-payments';

const CAP: Record<string, number> = { demo: 5_000, class: 60_000, large: 500_000 };
const BATCH_SIZE = 250;
const BANK_PREFIXES = [
  '0210',
  '0260',
  '0110',
  '0710',
  '1210',
  '0440',
  '0610',
  '0910',
  '2560',
  '3220',
];

export const LOCKBOX_EXCEPTIONS: Scenario = {
  id: 'lockbox-exceptions',
  title: { en: 'Lockbox exceptions', fr: 'Exceptions de boîte postale' },
  description: {
    en: 'A heavy mail day: several lockbox batches full of exceptions to research and resolve (payee mismatches, missing and transposed account numbers, duplicates, "paid in full" checks), and one batch still out of balance.',
    fr: 'Une grosse journée de courrier : plusieurs lots pleins d’exceptions à rechercher et résoudre (bénéficiaires erronés, numéros de compte manquants ou inversés, doublons, chèques « paiement intégral »), et un lot encore déséquilibré.',
  },
  seed: 8,
  scale: 'demo',
  startDate: '2026-11-23',
  startMinutes: 9 * 60 + 30,
};

interface AccountInfo {
  id: number;
  number: string;
  type: 'lease' | 'loan';
  status: 'active' | 'paid_off' | 'closed';
  holder: number;
  payment: number;
}

function routing(rng: Prng): string {
  const first8 = rng.pick(BANK_PREFIXES) + rng.digits(4);
  return first8 + routingCheckDigit(first8);
}

const PAYEE_STYLES: Record<'lease' | 'loan', string[]> = {
  lease: [
    'MINI Financial Services',
    'MINI Financial Services',
    'Mini Financial Services',
    'MINI FIN SVCS',
    'MINI Financial Svcs.',
  ],
  loan: [
    'BMW Bank of North America',
    'BMW Bank of North America',
    'BMW Bank of N.A.',
    'BMW BANK OF NORTH AMERICA',
  ],
};

function instrumentType(rng: Prng): 'personal_check' | 'cashiers_check' | 'money_order' {
  const x = rng.next();
  return x < 0.8 ? 'personal_check' : x < 0.9 ? 'cashiers_check' : 'money_order';
}

function previousBusinessDay(ctx: SeedContext, date: IsoDate, back: number): IsoDate {
  let d = date;
  let left = back;
  while (left > 0) {
    d = addCalendarDays(d, -1);
    if (ctx.calendar.isBusinessDay(d)) left -= 1;
  }
  return d;
}

interface MailPayment {
  id: number;
  account_id: number;
  posted_on: string;
  cents: number;
}

/**
 * The newest `cap` mail payments of the ledger, oldest first (by posted_on, then id): the rows of
 * `... order by posted_on desc, id desc limit cap`, reversed. Read in table order and bucketed by
 * day instead, because SQLite's sort of 1.3M rows to keep 500k was 3.1 s of the large seed; there
 * are only a few thousand days, and within a day the table order is already id order.
 */
function newestMailPayments(sqlite: SeedContext['sqlite'], cap: number): MailPayment[] {
  const byDay = new Map<string, MailPayment[]>();
  for (const row of sqlite
    .prepare(
      "select id, account_id, posted_on, -amount_cents as cents from ledger_entries where kind = 'payment' and code = 'mail'",
    )
    .iterate() as Iterable<MailPayment>) {
    let day = byDay.get(row.posted_on);
    if (!day) byDay.set(row.posted_on, (day = []));
    day.push(row);
  }
  const days = [...byDay.keys()].sort();
  let first = days.length;
  let kept = 0;
  while (first > 0 && kept < cap)
    kept += (byDay.get(days[--first] as string) as MailPayment[]).length;
  const out: MailPayment[] = [];
  for (let i = first; i < days.length; i++) {
    const day = byDay.get(days[i] as string) as MailPayment[];
    // The scan is in rowid order; keep the guarantee if the planner ever picks another path.
    for (let k = 1; k < day.length; k++)
      if ((day[k - 1] as MailPayment).id > (day[k] as MailPayment).id) {
        day.sort((a, b) => a.id - b.id);
        break;
      }
    // The oldest day kept may be partial: its newest (highest id) rows.
    const from = i === first ? Math.max(0, kept - cap) : 0;
    for (let k = from; k < day.length; k++) out.push(day[k] as MailPayment);
  }
  return out;
}

async function generate(ctx: SeedContext): Promise<void> {
  const rng = ctx.rng('items');
  const { sqlite, settings } = ctx;
  const cap = CAP[ctx.scale.name] ?? 5_000;

  const regionOf = new Map<number, string>();
  for (const r of sqlite
    .prepare('select customer_id, region from customer_addresses where effective_to is null')
    .iterate() as Iterable<{ customer_id: number; region: string }>) {
    regionOf.set(r.customer_id, r.region);
  }
  const nameOf = new Map<number, string>();
  for (const r of sqlite
    .prepare('select id, first_name, last_name, business_name from customers')
    .iterate() as Iterable<{
    id: number;
    first_name: string;
    last_name: string;
    business_name: string | null;
  }>) {
    nameOf.set(r.id, r.business_name ?? `${r.first_name} ${r.last_name}`);
  }
  const accounts = new Map<number, AccountInfo>();
  const byNumber = new Map<string, AccountInfo>();
  for (const r of sqlite
    .prepare(
      'select id, account_number, type, status, holder_customer_id, payment_cents from accounts',
    )
    .iterate() as Iterable<{
    id: number;
    account_number: string;
    type: 'lease' | 'loan';
    status: AccountInfo['status'];
    holder_customer_id: number;
    payment_cents: number;
  }>) {
    const info = {
      id: r.id,
      number: r.account_number,
      type: r.type,
      status: r.status,
      holder: r.holder_customer_id,
      payment: r.payment_cents,
    };
    accounts.set(r.id, info);
    byNumber.set(r.account_number, info);
  }
  const lockboxOf = (a: AccountInfo): Lockbox =>
    lockboxFor(settings, a.type, regionOf.get(a.holder) ?? 'NY');

  const batchRow = ctx.writer('mail_batches', [
    'id',
    'lockbox_id',
    'receipt_date',
    'control_count',
    'control_total_cents',
    'status',
    'opened_at',
    'opened_by',
    'approved_at',
    'approved_by',
    'posted_at',
    'posted_by',
  ]);
  const itemRow = ctx.writer('mail_items', [
    'id',
    'batch_id',
    'seq',
    'account_number',
    'account_id',
    'amount_cents',
    'instrument_number',
    'instrument_type',
    'payee',
    'routing_number',
    'remitter',
    'notes',
    'paid_in_full',
    'status',
    'failures',
    'resolution',
    'resolution_note',
    'keyed_at',
  ]);
  const postingRow = ctx.writer('mail_postings', [
    'item_id',
    'ledger_entry_id',
    'account_id',
    'posted_on',
    'amount_cents',
    'allocation',
    'created_at',
  ]);
  let batchId = 0;
  let itemId = 0;
  /** Recent posted items by duplicate key, for planting a "duplicate of a recent posting". */
  const recentPosted: Array<{
    account: AccountInfo;
    instrument: string;
    cents: number;
    date: IsoDate;
  }> = [];

  // 1. History: the ledger's mail payments, newest first up to the cap, posted per lockbox and day.
  const payments = newestMailPayments(sqlite, cap);
  const groups = new Map<string, typeof payments>();
  for (const p of payments) {
    const account = accounts.get(p.account_id);
    if (!account) continue;
    const key = `${p.posted_on}|${lockboxOf(account).id}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(p);
  }
  let done = 0;
  // Hoisted out of the per-item loop: addCalendarDays goes through TZDate (an Intl zone lookup
  // per call), which at 500k items was most of this module's time.
  const recentFrom = addCalendarDays(ctx.asOf, -30);
  const seededAllocation = JSON.stringify({ buckets: [], remainder: 0, seeded: true });
  for (const [key, list] of groups) {
    const [date, lockboxId] = key.split('|') as [IsoDate, string];
    for (let start = 0; start < list.length; start += BATCH_SIZE) {
      const chunk = list.slice(start, start + BATCH_SIZE);
      batchId += 1;
      const opened = ctx.instant(date, 10 * 60);
      const posted = ctx.instant(date, 15 * 60);
      batchRow(
        batchId,
        lockboxId,
        date,
        chunk.length,
        chunk.reduce((s, p) => s + p.cents, 0),
        'posted',
        opened,
        null,
        null,
        null,
        posted,
        null,
      );
      chunk.forEach((p, i) => {
        const account = accounts.get(p.account_id) as AccountInfo;
        itemId += 1;
        const instrument = String(rng.int(100, 9999));
        const type = instrumentType(rng);
        itemRow(
          itemId,
          batchId,
          i + 1,
          account.number,
          account.id,
          p.cents,
          instrument,
          type,
          rng.pick(PAYEE_STYLES[account.type]),
          type === 'money_order' && rng.chance(0.5) ? '' : routing(rng),
          nameOf.get(account.holder) ?? '',
          '',
          0,
          'posted',
          '[]',
          null,
          null,
          opened,
        );
        postingRow(itemId, p.id, account.id, date, p.cents, seededAllocation, posted);
        if (date >= recentFrom) recentPosted.push({ account, instrument, cents: p.cents, date });
      });
      done += chunk.length;
      if (done % 5_000 < chunk.length) await ctx.progress(done);
    }
  }

  // 2. Today's work: open batches with planted exceptions.
  const active = [...accounts.values()].filter((a) => a.status === 'active');
  const leases = active.filter((a) => a.type === 'lease');
  const loans = active.filter((a) => a.type === 'loan');
  const paidOff = [...accounts.values()].filter((a) => a.status !== 'active');
  if (leases.length === 0 || loans.length === 0) return;
  const pick = (list: AccountInfo[]) => rng.pick(list);
  const lockboxes = settings.lockboxes;
  const leaseBox = lockboxes.find((l) => l.accountType === 'lease') as Lockbox;
  const loanBox = lockboxes.find((l) => l.accountType === 'loan') as Lockbox;
  const eastLease =
    lockboxes.find((l) => l.accountType === 'lease' && l.serves === 'east') ?? leaseBox;

  interface Planted {
    account: AccountInfo | null;
    number: string;
    cents: number;
    instrument: string;
    payee: string;
    paidInFull?: boolean;
    note?: string;
    title?: string;
  }
  const clean = (a: AccountInfo): Planted => ({
    account: a,
    number: a.number,
    cents: a.payment,
    instrument: String(rng.int(1000, 9999)),
    payee: a.type === 'lease' ? settings.payees.lease : settings.payees.loan,
  });
  const transpose = (n: string): string => {
    for (let i = 0; i < 9; i++) {
      const t = n.slice(0, i) + n.charAt(i + 1) + n.charAt(i) + n.slice(i + 2);
      if (t !== n && !byNumber.has(t)) return t;
    }
    return `${n.slice(0, 9)}${(Number(n.charAt(9)) + 5) % 10}`;
  };

  const plantBatch = (
    lockbox: Lockbox,
    date: IsoDate,
    items: Planted[],
    controlExtra: { count: number; cents: number } = { count: 0, cents: 0 },
  ) => {
    batchId += 1;
    const opened = ctx.instant(date, 9 * 60 + 45);
    const total = items.reduce((s, p) => s + p.cents, 0);
    batchRow(
      batchId,
      lockbox.id,
      date,
      items.length + controlExtra.count,
      total + controlExtra.cents,
      'open',
      opened,
      null,
      null,
      null,
      null,
      null,
    );
    const keyed: Planted[] = [];
    items.forEach((p, i) => {
      itemId += 1;
      const type = 'personal_check' as const;
      const routingNumber = routing(rng);
      const recent = recentPosted.filter(
        (r) =>
          r.account.number === p.number && r.instrument === p.instrument && r.cents === p.cents,
      );
      const failures: MailItemFailure[] = checkMailItem({
        accountNumber: p.number,
        amountCents: p.cents,
        instrumentNumber: p.instrument,
        instrumentType: type,
        payee: p.payee,
        routingNumber,
        paidInFull: p.paidInFull ?? false,
        lockbox,
        payees: settings.payees,
        account:
          p.account && p.account.number === p.number
            ? { type: p.account.type, status: p.account.status }
            : null,
        duplicatesInBatch: keyed.flatMap((k, j) =>
          k.number === p.number && k.instrument === p.instrument && k.cents === p.cents
            ? [j + 1]
            : [],
        ),
        recentDuplicates: recent.map((r) => ({ batchId: 0, receiptDate: r.date })),
        sanityLimitCents: settings.mailPayments.sanityLimitCents,
        duplicateWindowDays: settings.mailPayments.duplicateWindowDays,
      });
      const account = p.account && p.account.number === p.number ? p.account : null;
      itemRow(
        itemId,
        batchId,
        i + 1,
        p.number,
        account?.id ?? null,
        p.cents,
        p.instrument,
        type,
        p.payee,
        routingNumber,
        p.account ? (nameOf.get(p.account.holder) ?? '') : 'J. Doe',
        p.note ?? '',
        p.paidInFull ? 1 : 0,
        failures.length ? 'exception' : 'ok',
        JSON.stringify(failures),
        null,
        null,
        opened,
      );
      keyed.push(p);
      if (p.title)
        ctx.plant({
          area: MODULE,
          title: p.title,
          detail: `Batch ${batchId}, item ${i + 1} (${lockbox.poBox}, received ${date}): ${failures.map((f) => f.message).join(' ') || 'clean'}`,
          ...(p.account ? { customerId: p.account.holder, accountId: p.account.id } : {}),
          entity: { type: 'mail-item', id: itemId },
        });
    });
  };

  const rounds = ctx.scenario.id === LOCKBOX_EXCEPTIONS.id ? 4 : 1;
  for (let round = 0; round < rounds; round++) {
    const yesterday = previousBusinessDay(ctx, ctx.asOf, 1 + round);
    const aged = previousBusinessDay(ctx, ctx.asOf, 5 + round);
    const mismatch = pick(leases);
    const transposed = pick(leases);
    const recentLeases = recentPosted.filter(
      (r) => r.account.type === 'lease' && r.account.status === 'active',
    );
    const dupOf = recentLeases.length > 0 ? rng.pick(recentLeases) : null;
    const pif = pick(leases);
    const twice = pick(leases);
    const twiceItem = clean(twice);
    const leaseItems: Planted[] = [
      clean(pick(leases)),
      {
        ...clean(mismatch),
        payee: settings.payees.loan,
        title: 'Lockbox: payee mismatch (lease check payable to the bank)',
      },
      clean(pick(leases)),
      {
        ...clean(transposed),
        number: transpose(transposed.number),
        title: 'Lockbox: transposed account number (research by name or amount)',
      },
      {
        account: null,
        number: '',
        cents: 31_500,
        instrument: String(rng.int(1000, 9999)),
        payee: settings.payees.lease,
        note: 'No account number on check or coupon',
        title: 'Lockbox: missing account number',
      },
      clean(pick(leases)),
      {
        ...clean(pif),
        cents: Math.max(100, Math.round(pif.payment * 0.6)),
        paidInFull: true,
        note: '"Paid in full" written on the memo line',
        title: 'Lockbox: "paid in full" restrictive endorsement',
      },
      twiceItem,
      { ...twiceItem, title: 'Lockbox: same check keyed twice in a batch' },
      clean(pick(leases)),
    ];
    if (dupOf) {
      leaseItems.push({
        account: dupOf.account,
        number: dupOf.account.number,
        cents: dupOf.cents,
        instrument: dupOf.instrument,
        payee: settings.payees.lease,
        title: 'Lockbox: duplicate of a recent posting (second presentment)',
      });
    }
    plantBatch(lockboxFor(settings, 'lease', 'AZ'), yesterday, leaseItems);

    const wrongBox = pick(leases);
    const closedLoans = paidOff.filter((a) => a.type === 'loan');
    const closedLoan = closedLoans.length > 0 ? rng.pick(closedLoans) : null;
    const loanMismatch = pick(loans);
    const loanItems: Planted[] = [
      clean(pick(loans)),
      {
        ...clean(loanMismatch),
        payee: settings.payees.lease,
        title: 'Lockbox: loan check payable to MINI Financial Services',
      },
      { ...clean(wrongBox), title: 'Lockbox: lease payment mailed to the loan lockbox' },
      clean(pick(loans)),
      {
        ...clean(pick(loans)),
        cents: settings.mailPayments.sanityLimitCents + 1_000_00,
        title: 'Lockbox: amount above the sanity limit (missing decimal point?)',
      },
      ...(closedLoan
        ? [{ ...clean(closedLoan), title: 'Lockbox: payment on a paid-off account' }]
        : []),
      clean(pick(loans)),
    ];
    plantBatch(loanBox, aged, loanItems);

    // Still being keyed: the deposit ticket says 10 items; 6 are keyed.
    const inProgress = Array.from({ length: 6 }, () => clean(pick(leases)));
    plantBatch(eastLease, ctx.asOf, inProgress, { count: 4, cents: 4 * 45_000 });
  }
  await ctx.progress(Math.max(done, 1));
}

export const mailPaymentsModule: SeedModule = {
  name: MODULE,
  tables: ['mail_batches', 'mail_items', 'mail_postings', 'mail_letters'],
  estimate: (scale) => CAP[scale.name] ?? 5_000,
  generate,
  scenarios: [LOCKBOX_EXCEPTIONS],
};
