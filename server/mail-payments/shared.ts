import { ownershipBlocker, type Worker } from '../domain/ownership.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { type MailBatch, type MailItem } from '../../db/repositories/mail-payments.ts';
import { requireBatch, requireItem } from './load-batch.ts';
import { readSettings } from '../core/settings.ts';
import type { IsoDate } from '../domain/dates.ts';
import { DomainError, msg } from '../domain/errors.ts';
import type { Lockbox, Settings } from '../domain/lender-config.ts';
import { batchBalance, type BatchBalance } from '../domain/mail-item-checks.ts';
import type { BatchForPosting } from '../domain/mail-posting.ts';
import type { Context } from '../trpc/base.ts';

/** What the mail-payments use cases share: the centre's today, lockboxes, batch facts. */

export const AREA = 'mailPayments';

/** The lender's settings and the centre's today (on the request context). */
export async function settingsAndToday(
  ctx: Pick<Context, 'today' | 'db'>,
): Promise<{ settings: Settings; today: IsoDate }> {
  return { settings: await readSettings(ctx.db), today: ctx.today };
}

export function lockboxById(settings: Pick<Settings, 'lockboxes'>, id: string): Lockbox {
  const lockbox = settings.lockboxes.find((l) => l.id === id);
  if (!lockbox)
    throw new DomainError('VALIDATION', msg('mailPayments.unknownLockbox', { id }), {
      fields: { lockboxId: msg('mailPayments.fieldUnknownLockbox') },
    });
  return lockbox;
}

export interface CheckSettings {
  lockbox: Lockbox;
  payees: Settings['payees'];
  mailPayments: Settings['mailPayments'];
}

export function checkSettings(settings: Settings, batch: MailBatch): CheckSettings {
  return {
    lockbox: lockboxById(settings, batch.lockboxId),
    payees: settings.payees,
    mailPayments: settings.mailPayments,
  };
}

/** Items that count toward the batch's figures: everything keyed (returned items were in the envelope). */
export function balanceOf(batch: MailBatch, items: readonly MailItem[]): BatchBalance {
  return batchBalance(items, batch.controlCount, batch.controlTotalCents);
}

export function forPosting(batch: MailBatch, items: readonly MailItem[]): BatchForPosting {
  return {
    status: batch.status,
    balance: balanceOf(batch, items),
    openedBy: batch.openedBy,
    approvedBy: batch.approvedBy,
    items: items.map((i) => ({
      seq: i.seq,
      status: i.status,
      overrideBy: i.resolution === 'override' ? i.resolvedBy : null,
    })),
  };
}

/**
 * Every step that changes a batch or posts it checks here: the batch is not posted, and the
 * person is the one who opened it, or a supervisor (issue 21: nobody works someone else's
 * batch). Posting checks it too (server/mail-payments/post-batch.ts).
 */
export function requireOpen(batch: MailBatch, by: Worker): void {
  // A batch with no opener (loaded by the lockbox process, demo data) is the team's.
  const blocker = ownershipBlocker(by, batch.openedBy, { what: 'batch', unowned: 'allow' });
  if (blocker) throw new DomainError('FORBIDDEN', blocker);
  if (batch.status === 'posted')
    throw new DomainError('CONFLICT', msg('mailPayments.batchPostedNoChange', { id: batch.id }));
}

/** Live event for the batch's screen (after commit). */
export function emitBatchChanged(ctx: Pick<Context, 'afterCommit' | 'deps'>, batchId: number) {
  ctx.afterCommit(() => ctx.deps.events.emit('changed', { area: AREA, id: batchId }));
}

/** An item with its batch (the item use cases load both, and read both again for the audit). */
export async function itemInBatch(
  db: DbOrTrx,
  itemId: number,
): Promise<{ item: MailItem; batch: MailBatch }> {
  const item = await requireItem(db, itemId);
  return { item, batch: await requireBatch(db, item.batchId) };
}
