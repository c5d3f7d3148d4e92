import { recordChange, type MutationContext } from '../core/record-change.ts';
import { assertCallOpenFor, assertVerifiedFor } from '../domain/call-rules.ts';
import type { AccountSummary } from '../domain/ledger.ts';
import { summaryOfAccount } from '../ledger/account-position.ts';
import {
  accountOfCallCustomer,
  auditViewOfCall,
  factsOf,
  holdersOf,
  requireCallWithActions,
  recordCallAction,
} from './shared.ts';
import { msg } from '../domain/shared/server-messages.ts';

/**
 * The balance, amount due and payoff of one account, for a verified caller only; the disclosure
 * is recorded on the call (who heard what, when) and its audit row keeps the figures given. The
 * figures are the customer 360's for the same day (server/ledger/account-position.ts).
 */
export async function discloseBalance(
  ctx: MutationContext,
  input: { callId: number; accountId: number },
) {
  const at = ctx.now.toISOString();
  const out: { summary?: AccountSummary; accountNumber?: string } = {};
  await recordChange(ctx, {
    action: 'call.disclose-balance',
    entityType: 'interaction',
    area: 'calls',
    entityId: input.callId,
    load: () => requireCallWithActions(ctx.db, input.callId),
    guard: async (call) => {
      assertCallOpenFor(factsOf(call), ctx.user.id);
      const account = await accountOfCallCustomer(ctx.db, call, input.accountId);
      assertVerifiedFor(factsOf(call), holdersOf(account), 'balance-disclosure');
    },
    apply: async (call) => {
      const account = await accountOfCallCustomer(ctx.db, call, input.accountId);
      out.summary = await summaryOfAccount(ctx.db, account, ctx.today);
      out.accountNumber = account.accountNumber;
      await recordCallAction(ctx.db, {
        interactionId: call.id,
        kind: 'balance_disclosed',
        targetType: 'account',
        targetId: account.id,
        summary: msg('calls.action.balanceGiven', { account: account.accountNumber }),
        at,
        by: ctx.user.id,
      });
    },
    auditView: auditViewOfCall,
    // What was said to the caller, as it was said (the ledger may change afterwards).
    auditAfter: (row) => ({
      ...auditViewOfCall(row),
      balanceDisclosed: {
        accountNumber: out.accountNumber,
        asOf: out.summary?.asOf,
        amountDueCents: out.summary?.amountDueCents,
        nextDueDate: out.summary?.nextDueDate,
        balanceCents: out.summary?.balanceCents,
        payoffCents: out.summary?.payoffCents,
      },
    }),
  });
  return { accountId: input.accountId, accountNumber: out.accountNumber!, summary: out.summary! };
}
