import { addBusinessMinutes, type BusinessHours } from '../../../domain/business-hours.ts';
import { addCalendarDays } from '../../../domain/dates.ts';
import { responseNotice } from '../../../messages/notice.ts';
import {
  AGENT_REPLIES,
  CUSTOMER_FOLLOW_UPS,
  CUSTOMER_OPENERS,
  INTERNAL_NOTES,
  TOPIC_WEIGHTS,
} from '../data/message-texts.ts';
import { Weighted, type Prng } from '../prng.ts';
import type { Scale, Scenario, SeedContext, SeedModule } from '../types.ts';

/**
 * Secure messages for the demo world: a history of answered and closed conversations and a
 * live backlog (new, open, waiting on the customer) whose SLA clocks are computed in the
 * centre's business hours from the scenario's "now", so some are fresh, some at risk and a few
 * breached. Sizes by scale: ~400 messages (demo), ~8,000 (class), 1,000,000 (large), written
 * with prepared statements inside the runner's single transaction (indexes are rebuilt after).
 *
 * Scenario `monday-backlog`: the weekend's messages are waiting unassigned on Monday morning,
 * with Thursday's and Friday's leftovers already breaching.
 */
const MODULE = 'messages';

const TARGET_MESSAGES: Record<Scale['name'], number> = {
  demo: 400,
  class: 8_000,
  large: 1_000_000,
};
/** Days of history the messages spread over. */
const HISTORY_DAYS: Record<Scale['name'], number> = { demo: 45, class: 90, large: 540 };

const MONDAY_BACKLOG: Scenario = {
  id: 'monday-backlog',
  title: { en: 'Monday backlog', fr: 'Arriéré du lundi' },
  description: {
    en: 'Monday 09:00 after a long weekend of portal traffic: a pile of unassigned secure messages, the oldest already past their first-response target. Work the queue by urgency.',
    fr: 'Lundi 9 h après une longue fin de semaine de messages du portail : une pile de messages sécurisés non attribués, les plus anciens déjà hors délai de première réponse. Traitez la file par urgence.',
  },
  seed: 11,
  scale: 'demo',
  startDate: '2026-11-23',
  startMinutes: 9 * 60,
};

interface TopicCfg {
  id: string;
  queue: string;
  firstResponseHours: number;
  nextResponseHours: number;
  autoCloseQuietDays: number;
}

interface Planned {
  direction: 'inbound' | 'outbound' | 'note';
  body: string;
  author: number | null;
  at: number;
}

function pick<T>(rng: Prng, items: readonly T[]): T {
  return rng.pick(items);
}

function ordinal(day: number): string {
  if (day % 10 === 1 && day !== 11) return `${day}st`;
  if (day % 10 === 2 && day !== 12) return `${day}nd`;
  if (day % 10 === 3 && day !== 13) return `${day}rd`;
  return `${day}th`;
}

function fillText(text: string, rng: Prng, paymentCents: number, lang: 'en' | 'fr'): string {
  if (!text.includes('{')) return text;
  const amount = (paymentCents / 100).toFixed(2);
  const day = rng.int(1, 28);
  return text
    .replaceAll('{amount}', lang === 'fr' ? `${amount.replace('.', ',')} $` : `$${amount}`)
    .replaceAll('{day}', lang === 'fr' ? String(day) : ordinal(day));
}

function preview(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}

async function generate(ctx: SeedContext): Promise<void> {
  const rng = ctx.rng('threads');
  const textRng = ctx.rng('texts');
  const topics = new Map<string, TopicCfg>(ctx.settings.messageTopics.map((t) => [t.id, t]));
  const topicDraw = new Weighted(TOPIC_WEIGHTS.filter(([id]) => topics.has(id)));
  const bh: BusinessHours = {
    hours: ctx.settings.hours,
    timeZone: ctx.timeZone,
    calendar: ctx.calendar,
  };
  const now = ctx.startsAt.getTime();
  const iso = (ms: number) => new Date(ms).toISOString();

  const accounts = ctx.sqlite
    .prepare(
      `SELECT a.id, a.holder_customer_id AS customer, a.payment_cents AS pay, c.language AS lang, c.first_name AS first, c.email
       FROM accounts a JOIN customers c ON c.id = a.holder_customer_id ORDER BY a.id`,
    )
    .all() as Array<{
    id: number;
    customer: number;
    pay: number;
    lang: 'en' | 'fr';
    first: string;
    email: string | null;
  }>;
  if (accounts.length === 0) return;
  const agents = (
    ctx.sqlite
      .prepare("SELECT id FROM users WHERE role = 'agent' AND active = 1 ORDER BY id")
      .all() as Array<{ id: number }>
  ).map((r) => r.id);
  const staff = (
    ctx.sqlite.prepare('SELECT id FROM users WHERE active = 1 ORDER BY id').all() as Array<{
      id: number;
    }>
  ).map((r) => r.id);
  const authors = agents.length ? agents : staff;
  if (authors.length === 0) return;

  const addThread = ctx.insert('message_threads', [
    'customer_id',
    'account_id',
    'topic',
    'queue',
    'state',
    'assignee_id',
    'version',
    'preview',
    'message_count',
    'sla_kind',
    'sla_consumed_minutes',
    'sla_running_since',
    'sla_due_at',
    'first_response_at',
    'last_inbound_at',
    'last_outbound_at',
    'last_activity_at',
    'created_at',
    'updated_at',
    'resolved_at',
    'closed_at',
  ]);
  // Messages and held e-mails are only written (their ids are nobody's input): the buffered
  // multi-row writer, ids in push order as before.
  const addMessage = ctx.writer('messages', [
    'thread_id',
    'direction',
    'body',
    'author_user_id',
    'thread_version',
    'created_at',
  ]);
  const addEmail = ctx.writer('email_outbox', [
    'thread_id',
    'to_address',
    'language',
    'subject',
    'body_text',
    'status',
    'attempts',
    'next_attempt_at',
    'last_error',
    'created_at',
    'sent_at',
  ]);

  /** Where conversations of a few days stand: mostly answered, some back with us. */
  const fates = new Weighted<'waiting' | 'resolved' | 'reopened' | 'open'>([
    ['waiting', 35],
    ['resolved', 35],
    ['reopened', 20],
    ['open', 10],
  ]);
  const target = TARGET_MESSAGES[ctx.scale.name];
  const historyMs = HISTORY_DAYS[ctx.scale.name] * 86_400_000;
  const backlog = ctx.scenario.id === 'monday-backlog';
  let written = 0;
  let lastReport = 0;
  const planted = new Set<string>();

  /** One conversation, from its first message to where it stands "now". */
  const conversation = (createdAt: number, forceTopic?: string, forceFresh?: boolean) => {
    const account = accounts[rng.int(0, accounts.length - 1)]!;
    const topic = topics.get(forceTopic ?? topicDraw.draw(rng))!;
    const lang = account.lang;
    const openers = (CUSTOMER_OPENERS[topic.id] ?? CUSTOMER_OPENERS.other!)[lang];
    const ageDays = (now - createdAt) / 86_400_000;
    const plan: Planned[] = [
      {
        direction: 'inbound',
        body: fillText(pick(textRng, openers), textRng, account.pay, lang),
        author: null,
        at: createdAt,
      },
    ];
    const agent = pick(rng, authors);
    // Where it stands: old conversations are answered and closed; recent ones make the backlog.
    let fate: 'new' | 'open' | 'waiting' | 'resolved' | 'closed' | 'reopened';
    if (forceFresh) fate = 'new';
    else if (ageDays > topic.autoCloseQuietDays + 2) fate = 'closed';
    else if (ageDays < 1.5) fate = rng.chance(0.7) ? 'new' : 'open';
    else fate = fates.draw(rng);

    let t = createdAt;
    const step = (minHours: number, maxHours: number) => {
      t = Math.min(now - 60_000, t + rng.int(minHours * 60, maxHours * 60) * 60_000);
      return t;
    };
    if (fate !== 'new' && fate !== 'open') {
      if (rng.chance(0.15))
        plan.push({
          direction: 'note',
          body: pick(textRng, INTERNAL_NOTES),
          author: agent,
          at: step(0, 4),
        });
      plan.push({
        direction: 'outbound',
        body: pick(textRng, AGENT_REPLIES[lang]),
        author: agent,
        at: step(1, 20),
      });
      if (fate === 'reopened' || (fate === 'closed' && rng.chance(0.35))) {
        // A reopened conversation's follow-up is recent (it is back in today's queue).
        const followUp =
          fate === 'reopened'
            ? Math.max(step(0, 1), now - rng.int(10, 20 * 60) * 60_000)
            : step(2, 40);
        t = followUp;
        plan.push({
          direction: 'inbound',
          body: pick(textRng, CUSTOMER_FOLLOW_UPS[lang]),
          author: null,
          at: followUp,
        });
        if (fate === 'closed')
          plan.push({
            direction: 'outbound',
            body: pick(textRng, AGENT_REPLIES[lang]),
            author: agent,
            at: step(1, 16),
          });
      }
    }
    plan.sort((a, b) => a.at - b.at);

    const last = plan[plan.length - 1]!;
    const lastInbound = [...plan].reverse().find((m) => m.direction === 'inbound')!;
    const firstOutbound = plan.find((m) => m.direction === 'outbound');
    const lastOutbound = [...plan].reverse().find((m) => m.direction === 'outbound');
    const state = fate === 'waiting' ? 'waiting_on_customer' : fate === 'reopened' ? 'open' : fate;
    const assignee = fate === 'new' ? null : agent;
    // A clock runs while the customer waits for us: new, open and reopened conversations.
    let slaKind: 'first' | 'next' | null = null;
    let slaSince: string | null = null;
    let slaDue: string | null = null;
    if (state === 'new' || state === 'open') {
      slaKind = firstOutbound ? 'next' : 'first';
      const hours = slaKind === 'first' ? topic.firstResponseHours : topic.nextResponseHours;
      slaSince = iso(lastInbound.at);
      slaDue = addBusinessMinutes(new Date(lastInbound.at), hours * 60, bh).toISOString();
    }
    const closedAt =
      state === 'closed'
        ? Math.min(now - 60_000, last.at + topic.autoCloseQuietDays * 86_400_000)
        : null;
    const version = 1 + plan.length + (assignee ? 1 : 0) + (closedAt ? 1 : 0);
    const threadId = addThread(
      account.customer,
      account.id,
      topic.id,
      topic.queue,
      state,
      assignee,
      version,
      preview(lastInbound.body),
      plan.length,
      slaKind,
      0,
      slaSince,
      slaDue,
      firstOutbound ? iso(firstOutbound.at) : null,
      iso(lastInbound.at),
      lastOutbound ? iso(lastOutbound.at) : null,
      iso(closedAt ?? last.at),
      iso(createdAt),
      iso(closedAt ?? last.at),
      state === 'resolved' ? iso(last.at) : null,
      closedAt ? iso(closedAt) : null,
    );
    plan.forEach((m, i) => addMessage(threadId, m.direction, m.body, m.author, i + 2, iso(m.at)));
    written += plan.length;
    // Recent answers have their notice in the (training) outbox.
    if (lastOutbound && now - lastOutbound.at < 3 * 86_400_000 && account.email) {
      const notice = responseNotice({
        firstName: account.first,
        language: lang,
        lenderName: ctx.settings.identity.lenderName,
      });
      addEmail(
        threadId,
        account.email,
        lang,
        notice.subject,
        notice.text,
        'held',
        0,
        null,
        null,
        iso(lastOutbound.at),
        null,
      );
    }
    return { threadId, topic: topic.id, state, account, slaDue };
  };

  const plant = (title: string, detail: string, c: ReturnType<typeof conversation>) => {
    if (planted.has(title)) return;
    planted.add(title);
    ctx.plant({
      area: MODULE,
      title,
      detail,
      customerId: c.account.customer,
      accountId: c.account.id,
      entity: { type: 'message_thread', id: c.threadId },
    });
  };

  // Planted first, so their ids are small and stable.
  const friday = ctx.instant(addCalendarDays(ctx.asOf, -3), 10 * 60);
  const p1 = conversation(Date.parse(friday), 'erroneous-transaction', true);
  plant(
    'Breached: unauthorised withdrawal',
    `Thread #${p1.threadId}: erroneous transaction from Friday, past its 4-hour target. Hand it off to a dispute.`,
    p1,
  );
  const p2 = conversation(now - 3 * 3_600_000, 'address-contact', true);
  plant(
    'Address change by message',
    `Thread #${p2.threadId}: the customer moved; hand off to the address-change intake.`,
    p2,
  );

  if (backlog) {
    // The weekend pile: Friday 18:00 to Monday 08:55, nobody on shift.
    const from = Date.parse(ctx.instant(addCalendarDays(ctx.asOf, -3), 18 * 60));
    const count = { demo: 120, class: 600, large: 2_000 }[ctx.scale.name];
    for (let i = 0; i < count; i++)
      conversation(from + rng.next() * (now - 5 * 60_000 - from), undefined, true);
    for (let i = 0; i < count / 6; i++)
      conversation(
        Date.parse(ctx.instant(addCalendarDays(ctx.asOf, -4), rng.int(9 * 60, 20 * 60))),
        undefined,
        true,
      );
  }

  while (written < target) {
    // Recent days are busier in the queue: a quarter of the conversations are from the last 10 days.
    const recent = rng.chance(0.25);
    const span = recent ? Math.min(historyMs, 10 * 86_400_000) : historyMs;
    const createdAt = now - 5 * 60_000 - rng.next() * span;
    conversation(createdAt);
    if (written - lastReport >= 5_000) {
      lastReport = written;
      await ctx.progress(written);
    }
  }
  await ctx.progress(target);
}

export const messagesModule: SeedModule = {
  name: MODULE,
  tables: [
    'message_threads',
    'messages',
    'message_attachments',
    'message_thread_links',
    'message_queue_state',
    'email_outbox',
  ],
  estimate: (scale) => TARGET_MESSAGES[scale.name],
  generate,
  scenarios: [MONDAY_BACKLOG],
};
