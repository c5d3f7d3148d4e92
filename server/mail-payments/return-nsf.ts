import { addressAsOf } from '../../db/repositories/customer-addresses.ts';
import { raiseAccountFlag } from '../../db/repositories/customer-flags.ts';
import { findCustomer } from '../../db/repositories/customers.ts';
import { requireAccount } from '../customers/load-customer.ts';
import { postLedgerEntries } from '../../db/repositories/ledger.ts';
import {
  claimNsf,
  postingOf,
  recordReversal,
} from '../../db/repositories/mail-payments-postings.ts';
import { insertLetter, type MailItem } from '../../db/repositories/mail-payments.ts';
import { requireBatch, requireItem } from './load-batch.ts';
import type { MutationContext } from '../core/record-change.ts';
import { mailingLines } from '../domain/address-normalize.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { returnedPaymentFee } from '../domain/lender-config.ts';
import { formatCents } from '../domain/money.ts';
import { nsfNoticeLetter } from '../letters/mail-payment-letters.ts';
import { emitBatchChanged, settingsAndToday } from './shared.ts';

export type ReturnNsfResult =
  | { alreadyReturned: true; feeCents: 0; letterId: null }
  | { alreadyReturned: false; feeCents: number; letterId: number };

async function alreadyReturned(ctx: MutationContext, item: MailItem): Promise<ReturnNsfResult> {
  await ctx.audit({
    action: 'mail-item.nsf-repeat',
    entityType: 'mail_item',
    entityId: item.id,
    after: { alreadyReturned: true },
  });
  return { alreadyReturned: true, feeCents: 0, letterId: null };
}

/**
 * Returned unpaid (NSF): reverse the posting, assess the state's returned-payment fee, write
 * the notice to the customer (PDF, their language) and flag the account, in one transaction.
 * Guarded like posting: only the caller that moves the item from 'posted' to 'nsf' writes.
 */
export async function returnNsf(
  ctx: MutationContext,
  input: { itemId: number; reason: string },
): Promise<ReturnNsfResult> {
  const item = await requireItem(ctx.db, input.itemId);
  if (item.status === 'nsf') return alreadyReturned(ctx, item);
  if (item.status !== 'posted' || item.accountId === null)
    throw new DomainError('PRECONDITION', msg('mailPayments.nsfOnlyPosted'));
  const batch = await requireBatch(ctx.db, item.batchId);
  const { settings, today } = await settingsAndToday(ctx);
  const at = ctx.now.toISOString();
  const account = await requireAccount(ctx.db, item.accountId);
  const customer = await findCustomer(ctx.db, account.holderCustomerId);
  const address = await addressAsOf(ctx.db, account.holderCustomerId, today);
  const feeCents = address
    ? returnedPaymentFee(settings.returnedPaymentFees, address.region)
    : settings.returnedPaymentFees.default;

  if (!(await claimNsf(ctx.db, item.id, { at, userId: ctx.user.id, reason: input.reason })))
    return alreadyReturned(ctx, item);
  const posting = await postingOf(ctx.db, item.id);
  if (!posting) throw new DomainError('PRECONDITION', msg('mailPayments.noPostingToReverse'));
  // Through the ledger's one writer: the return and the fee, both dated today.
  const [ret, fee] = await postLedgerEntries(
    ctx.db,
    [
      {
        accountId: posting.accountId,
        postedOn: today,
        kind: 'return',
        amountCents: posting.amountCents,
        code: 'nsf',
        description: `Returned unpaid: ${input.reason} (mail item #${item.instrumentNumber})`,
        reference: `mail-return:${item.id}`,
        createdBy: ctx.user.id,
      },
      ...(feeCents > 0
        ? [
            {
              accountId: posting.accountId,
              postedOn: today,
              kind: 'fee' as const,
              amountCents: feeCents,
              code: 'nsf',
              description: 'Returned-payment fee',
              reference: `mail-nsf-fee:${item.id}`,
              createdBy: ctx.user.id,
            },
          ]
        : []),
    ],
    at,
  );
  if (!ret) throw new Error('The return entry was not written');
  const reversed = { returnEntryId: ret.id, feeEntryId: fee?.id ?? null };
  await recordReversal(ctx.db, item.id, reversed.returnEntryId, reversed.feeEntryId);

  const name = customer?.displayName ?? item.remitter;
  const language = customer?.language ?? 'en';
  const letter = await nsfNoticeLetter(settings, {
    language,
    today,
    item: { ...item, receiptDate: batch.receiptDate },
    customerName: name,
    accountNumber: account.accountNumber,
    recipient: address ? mailingLines(name, address) : [name],
    feeCents,
    reason: input.reason,
  });
  const letterId = await insertLetter(
    ctx.db,
    {
      itemId: item.id,
      kind: 'nsf-notice',
      customerId: account.holderCustomerId,
      addressedTo: address
        ? `${name}, ${address.line1}${address.line2 ? `, ${address.line2}` : ''}, ${address.city} ${address.region} ${address.postalCode}`
        : name,
      body: letter.text,
      language,
      pdf: letter.pdf,
    },
    at,
    ctx.user.id,
  );
  await raiseAccountFlag(
    ctx.db,
    {
      accountId: account.id,
      kind: 'nsf',
      note: `Mail payment ${formatCents(item.amountCents)} #${item.instrumentNumber} returned unpaid: ${input.reason}`,
      by: ctx.user.id,
    },
    at,
  );
  await ctx.audit({
    action: 'mail-item.nsf',
    entityType: 'mail_item',
    entityId: item.id,
    after: { accountId: account.id, ...reversed, feeCents, letterId },
    reason: input.reason,
  });
  emitBatchChanged(ctx, batch.id);
  ctx.afterCommit(() =>
    ctx.deps.events.emit('changed', { area: 'customers', id: account.holderCustomerId }),
  );
  return { alreadyReturned: false, feeCents, letterId };
}
