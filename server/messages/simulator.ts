import { appendAudit } from '../../db/repositories/audit.ts';
import {
  CUSTOMER_FOLLOW_UPS,
  CUSTOMER_OPENERS,
  TOPIC_WEIGHTS,
} from '../../db/seed/data/message-texts.ts';
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
  startedAt: string | null;
}

class Simulator {
  #timer: NodeJS.Timeout | null = null;
  #status: SimulatorStatus = { running: false, perHour: 0, delivered: 0, startedAt: null };
  #seq = 0;
  readonly #deps: AppDeps;
  constructor(deps: AppDeps) {
    this.#deps = deps;
  }

  get status(): SimulatorStatus {
    return { ...this.#status };
  }

  start(perHour: number): SimulatorStatus {
    this.stop();
    const every = Math.max(1000, Math.round(3_600_000 / perHour));
    this.#status = {
      running: true,
      perHour,
      delivered: 0,
      startedAt: this.#deps.clock.now().toISOString(),
    };
    this.#timer = setInterval(
      () =>
        void this.deliverOne().catch((e: unknown) => this.#deps.log('simulator tick failed', e)),
      every,
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

  /** One customer message now (a new thread, or now and then a reply to an open one). */
  async deliverOne(): Promise<number | null> {
    const deps = this.#deps;
    const n = ++this.#seq;
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
    return threadId;
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
