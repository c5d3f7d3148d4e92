import { appendAudit } from '../../db/repositories/audit.ts';
import {
  CUSTOMER_FOLLOW_UPS,
  CUSTOMER_OPENERS,
  TOPIC_WEIGHTS,
} from '../training/seed/data/message-texts.ts';
import { simulatePortalTrouble, type PortalTrouble } from '../calls/portal-trouble.ts';
import { realNowOf } from '../training/clock.ts';
import type { AppDeps } from '../trpc/base.ts';
import { loadMessagingConfig } from './config.ts';
import { receiveCustomerMessage } from './receive-customer-message.ts';

/**
 * The training simulator: while a trainer runs it, customers "write in" at a steady rate, so a
 * class works a live queue. Only in a training database. Messages go through the same intake
 * as the portal's (validation, SLA clock, auto-assignment) and are audited as 'simulator'.
 */
export interface SimulatorStatus {
  running: boolean;
  perHour: number;
  delivered: number;
  /** Online-access trouble produced beside the messages (lockouts, failed account links). */
  portalTroubles: number;
  startedAt: string | null;
}

/** Share of simulated messages that also bring a portal lockout or a failed account link. */
export const PORTAL_TROUBLE_SHARE = 0.15;

/** Most messages one tick delivers (a backlog spreads over the next ticks). */
const MAX_PER_TICK = 50;
/** How often the simulator looks at the clock (real time). */
const TICK_MS = 1000;

/**
 * How many messages are due `elapsedMs` after the start at `perHour`: the n-th falls due at
 * n × (1 h / perHour), so 60/hour gives 1 at 1:00, 5 at 5:00 and none before the first minute.
 */
export function messagesDue(elapsedMs: number, perHour: number): number {
  if (elapsedMs <= 0 || perHour <= 0) return 0;
  return Math.floor((elapsedMs * perHour) / 3_600_000);
}

class Simulator {
  #timer: NodeJS.Timeout | null = null;
  #status: SimulatorStatus = {
    running: false,
    perHour: 0,
    delivered: 0,
    portalTroubles: 0,
    startedAt: null,
  };
  #seq = 0;
  /** Clock and real instants (ms) the schedule counts from. */
  #anchor = { clock: 0, real: 0 };
  /** Messages the schedule has handed out so far (delivered, or skipped after a jump). */
  #scheduled = 0;
  #ticking = false;
  readonly #deps: AppDeps;
  constructor(deps: AppDeps) {
    this.#deps = deps;
  }

  get status(): SimulatorStatus {
    return { ...this.#status };
  }

  /**
   * Runs at `perHour` messages per hour of the desk's clock (the trainer's clock in training):
   * the schedule is counted from the start, so a slow tick or a busy database never loses a
   * message, and advancing the trainer's clock brings what fell due (at most one hour's worth,
   * so jumping a day ahead does not bury the class). While the trainer's clock is paused, real
   * time drives the schedule, so a paused class still gets its messages.
   */
  start(perHour: number): SimulatorStatus {
    this.stop();
    this.#anchor = {
      clock: this.#deps.clock.now().getTime(),
      real: realNowOf(this.#deps.clock).getTime(),
    };
    this.#scheduled = 0;
    this.#status = {
      running: true,
      perHour,
      delivered: 0,
      portalTroubles: 0,
      startedAt: this.#deps.clock.now().toISOString(),
    };
    this.#timer = setInterval(
      () => void this.tick().catch((e: unknown) => this.#deps.log('simulator tick failed', e)),
      TICK_MS,
    );
    this.#timer.unref();
    return this.status;
  }

  stop(): SimulatorStatus {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#status = { ...this.#status, running: false };
    return this.status;
  }

  /** Delivers the messages due by now; returns how many it delivered. */
  async tick(): Promise<number> {
    if (!this.#status.running || this.#ticking) return 0;
    this.#ticking = true;
    try {
      const clockElapsed = this.#deps.clock.now().getTime() - this.#anchor.clock;
      if (clockElapsed < 0) {
        // The trainer moved the clock back (or reset the class): start counting again from here.
        this.#anchor = {
          clock: this.#deps.clock.now().getTime(),
          real: realNowOf(this.#deps.clock).getTime(),
        };
        this.#scheduled = 0;
        return 0;
      }
      const realElapsed = realNowOf(this.#deps.clock).getTime() - this.#anchor.real;
      const perHour = this.#status.perHour;
      const due = messagesDue(Math.max(clockElapsed, realElapsed), perHour);
      if (due - this.#scheduled > perHour) this.#scheduled = due - perHour;
      let delivered = 0;
      while (this.#scheduled < due && delivered < MAX_PER_TICK && this.#status.running) {
        this.#scheduled += 1;
        if ((await this.deliverOne()) !== null) delivered += 1;
      }
      return delivered;
    } finally {
      this.#ticking = false;
    }
  }

  /** One customer message now (a new thread, or now and then a reply to an open one). */
  async deliverOne(): Promise<number | null> {
    const deps = this.#deps;
    const n = ++this.#seq;
    // eslint-disable-next-line no-restricted-syntax -- a random seed, not a timestamp (the message times are deps.clock's)
    const rand = mulberry(Date.now() ^ (n * 2654435761));
    const threadId = await deps.db.transaction().execute(async (trx) => {
      const now = deps.clock.now();
      const cfg = await loadMessagingConfig(trx);
      const bounds = await trx
        .selectFrom('accounts')
        .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (!bounds?.lo || !bounds.hi) return null;
      const start = Math.floor(bounds.lo + rand() * (bounds.hi - bounds.lo + 1));
      const account = await trx
        .selectFrom('accounts as a')
        .innerJoin('customers as c', 'c.id', 'a.holder_customer_id')
        .select(['a.id', 'a.holder_customer_id', 'a.payment_cents', 'c.language'])
        .where('a.status', '=', 'active')
        .where('a.id', '>=', start)
        .orderBy('a.id')
        .limit(1)
        .executeTakeFirst();
      if (!account) return null;
      const lang = account.language;
      const open =
        rand() < 0.2
          ? await trx
              .selectFrom('message_threads')
              .select('id')
              .where('customer_id', '=', account.holder_customer_id)
              .where('state', 'in', ['waiting_on_customer', 'resolved'])
              .limit(1)
              .executeTakeFirst()
          : undefined;
      const topic = weighted(rand, TOPIC_WEIGHTS);
      const texts = open
        ? CUSTOMER_FOLLOW_UPS[lang]
        : (CUSTOMER_OPENERS[topic] ?? CUSTOMER_OPENERS.other!)[lang];
      const text = fill(
        texts[Math.floor(rand() * texts.length)] ?? '',
        account.payment_cents,
        lang,
        rand,
      );
      const result = await receiveCustomerMessage(trx, cfg, now, {
        customerId: account.holder_customer_id,
        accountId: account.id,
        topic,
        threadId: open?.id ?? null,
        text,
        attachments: [],
      });
      await appendAudit(trx, { id: null, username: 'simulator' }, now.toISOString(), {
        action: result.created ? 'message.thread.receive' : 'message.reply.receive',
        entityType: 'message_thread',
        entityId: result.threadId,
        after: { messageId: result.messageId, topic, source: 'simulator' },
      });
      return result.threadId;
    });
    if (threadId !== null) {
      this.#status.delivered += 1;
      deps.events.emit('changed', { area: 'messages', id: threadId });
    }
    if (rand() < PORTAL_TROUBLE_SHARE) await this.portalTrouble(rand);
    return threadId;
  }

  /**
   * A customer locks themselves out of the portal or fails to link an account (seeds 000, 001),
   * for the class to help on a call (server/calls/portal-trouble.ts). Audited as 'simulator'.
   */
  async portalTrouble(rand: () => number): Promise<PortalTrouble | null> {
    const deps = this.#deps;
    const trouble = await deps.db.transaction().execute(async (trx) => {
      const now = deps.clock.now();
      const made = await simulatePortalTrouble(trx, now, rand);
      if (made) {
        await appendAudit(trx, { id: null, username: 'simulator' }, now.toISOString(), {
          action: made.kind === 'lockout' ? 'portal.lockout' : 'portal.link-failed',
          entityType: 'customer',
          entityId: made.customerId,
          after: { ...made, source: 'simulator' },
        });
      }
      return made;
    });
    if (trouble) {
      this.#status.portalTroubles += 1;
      deps.events.emit('changed', { area: 'customers', id: trouble.customerId });
    }
    return trouble;
  }
}

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted(rand: () => number, entries: ReadonlyArray<readonly [string, number]>): string {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [item, w] of entries) {
    if ((x -= w) < 0) return item;
  }
  return entries[0]?.[0] ?? 'other';
}

/** Fills {amount} and {day} of a customer text. */
export function fill(
  text: string,
  paymentCents: number,
  lang: 'en' | 'fr',
  rand: () => number,
): string {
  const amount = (paymentCents / 100).toFixed(2);
  const day = 1 + Math.floor(rand() * 28);
  return text
    .replaceAll('{amount}', lang === 'fr' ? `${amount.replace('.', ',')} $` : `$${amount}`)
    .replaceAll(
      '{day}',
      lang === 'fr'
        ? `${day}`
        : `${day}${day === 1 || day === 21 ? 'st' : day === 2 || day === 22 ? 'nd' : day === 3 || day === 23 ? 'rd' : 'th'}`,
    );
}

const simulators = new WeakMap<object, Simulator>();

/** The simulator of a server (one per deps). */
export function simulatorOf(deps: AppDeps): Simulator {
  let sim = simulators.get(deps);
  if (!sim) simulators.set(deps, (sim = new Simulator(deps)));
  return sim;
}

export function stopSimulator(deps: AppDeps): void {
  simulators.get(deps)?.stop();
}
