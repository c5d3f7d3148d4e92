import { appendAudit } from '../../db/repositories/audit.ts';
import type { AppDeps } from '../trpc/base.ts';
import { deliverDueEmails, smtpTransport } from './mailer.ts';
import { autoCloseQuiet } from './auto-close-quiet.ts';
import { loadMessagingConfig } from './config.ts';
import { stopSimulator } from './simulator.ts';

/**
 * The messaging area's background work in a running server: the e-mail outbox sender (when
 * SMTP is configured with CIC_SMTP_URL and the database is not a training one) and the
 * auto-close sweep of quiet threads. server/http/start.ts calls this once and stops it on close.
 *
 * @example const messaging = startMessaging(deps); ...; await messaging.stop();
 */
export function startMessaging(
  deps: AppDeps,
  options: {
    smtpUrl?: string | null;
    from?: string | null;
    sendEveryMs?: number;
    sweepEveryMs?: number;
  } = {},
): { stop(): Promise<void>; tick(): Promise<void> } {
  const smtpUrl =
    options.smtpUrl === undefined ? (process.env.CIC_SMTP_URL ?? null) : options.smtpUrl;
  const transport = smtpUrl && deps.databaseKind === 'production' ? smtpTransport(smtpUrl) : null;
  const from = options.from ?? process.env.CIC_MAIL_FROM ?? null;
  let busy: Promise<void> | null = null;
  let stopped = false;

  const send = async () => {
    if (!transport) return;
    const sender =
      from ?? `"${(await loadMessagingConfig(deps.db)).lenderName}" <no-reply@localhost>`;
    await deliverDueEmails(deps, transport, sender);
  };
  const sweep = async () => {
    const now = deps.clock.now();
    const closed = await deps.db.transaction().execute(async (trx) => {
      const cfg = await loadMessagingConfig(trx);
      const threads = await autoCloseQuiet(trx, cfg, now);
      for (const t of threads) {
        await appendAudit(trx, { id: null, username: 'system' }, now.toISOString(), {
          action: 'message.thread.auto_close',
          entityType: 'message_thread',
          entityId: t.id,
          before: { state: t.state, lastActivityAt: t.lastActivityAt },
          after: { state: 'closed' },
        });
      }
      return threads.length;
    });
    if (closed > 0) deps.events.emit('changed', { area: 'messages' });
  };
  const run = (fn: () => Promise<void>) => {
    if (stopped || busy) return;
    busy = fn()
      .catch((e: unknown) => deps.log('messaging background work failed', e))
      .finally(() => (busy = null));
  };
  const sendTimer = setInterval(() => run(send), options.sendEveryMs ?? 5_000);
  const sweepTimer = setInterval(() => run(sweep), options.sweepEveryMs ?? 10 * 60_000);
  sendTimer.unref();
  sweepTimer.unref();
  if (!transport && smtpUrl && deps.databaseKind === 'training') {
    deps.log('training database: e-mail is held in the in-app outbox, not sent');
  }
  return {
    tick: async () => {
      await busy;
      await send();
      await sweep();
    },
    stop: async () => {
      stopped = true;
      clearInterval(sendTimer);
      clearInterval(sweepTimer);
      stopSimulator(deps);
      await busy;
      transport?.close();
    },
  };
}
