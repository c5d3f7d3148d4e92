import { insertCallLetter } from '../../db/repositories/call-letters.ts';
import { addressAsOf } from '../../db/repositories/customer-addresses.ts';
import { customerFlags } from '../../db/repositories/customer-flags.ts';
import { requireCustomer } from '../customers/load-customer.ts';
import { readSettings } from '../core/settings.ts';
import { recordRequest } from '../address-changes/record-request.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { mailingLines } from '../domain/address-normalize.ts';
import { assertCallOpenFor, assertVerifiedFor } from '../domain/call-rules.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { lockboxFor } from '../domain/lender-config.ts';
import type { PayoffQuote } from '../domain/payoff-quote.ts';
import { payoffQuoteOfAccount } from '../ledger/account-position.ts';
import { payoffQuoteLetter } from '../letters/payoff-letter.ts';
import {
  accountOfCallCustomer,
  auditViewOfCall,
  callCustomerId,
  factsOf,
  holdersOf,
  requireCall,
  requireCallWithActions,
  recordCallAction,
} from './shared.ts';

export type PayoffLetterResult =
  | {
      held: false;
      letterId: number;
      accountNumber: string;
      language: 'en' | 'fr';
      quote: PayoffQuote;
      addressedTo: string;
    }
  | { held: true; accountNumber: string; suspectedChanges: number[] };

/**
 * A payoff quote letter for a verified caller: the quote from the ledger
 * (server/domain/payoff-quote.ts; its figures are the 360's payoff on their days), the letter by the one letter engine in the customer's language
 * to their address on file, stored with its PDF and recorded on the call (so on the timeline).
 *
 * It is also a payoff request (SPEC 5, fraud controls): it goes through the address-change
 * flow's `recordRequest`, and when the customer is under address-change review (a payoff asked
 * for shortly after an address change) no letter is produced: the request is recorded, the call
 * says the letter is held for the supervisor.
 */
export async function sendPayoffLetter(
  ctx: MutationContext,
  input: { callId: number; accountId: number },
): Promise<PayoffLetterResult> {
  const at = ctx.now.toISOString();
  const call = await requireCall(ctx.db, input.callId);
  assertCallOpenFor(factsOf(call), ctx.user.id);
  const account = await accountOfCallCustomer(ctx.db, call, input.accountId);
  assertVerifiedFor(factsOf(call), holdersOf(account), 'payoff-letter');
  if (account.status !== 'active')
    throw new DomainError(
      'CONFLICT',
      msg('calls.accountNotActive', { account: account.accountNumber }),
    );
  const customerId = callCustomerId(call);

  const request = await recordRequest(ctx, {
    customerId,
    accountId: account.id,
    kind: 'payoff',
    channel: 'phone',
    note: `Payoff quote letter asked for on call #${call.id}`,
  });
  const underReview = (await customerFlags(ctx.db, customerId)).some(
    (f) => f.kind === 'address-change-review',
  );

  const out: { result?: PayoffLetterResult } = {};
  await recordChange(ctx, {
    action: 'call.payoff-letter',
    entityType: 'interaction',
    area: 'calls',
    entityId: call.id,
    load: () => requireCallWithActions(ctx.db, call.id),
    apply: async () => {
      if (underReview) {
        await recordCallAction(ctx.db, {
          interactionId: call.id,
          kind: 'payoff_letter',
          targetType: 'customer-request',
          targetId: request.request.id,
          summary: msg('calls.action.payoffHeld', { account: account.accountNumber }),
          at,
          by: ctx.user.id,
        });
        out.result = {
          held: true,
          accountNumber: account.accountNumber,
          suspectedChanges: request.suspectedChanges,
        };
        return;
      }
      const settings = await readSettings(ctx.db);
      const customer = await requireCustomer(ctx.db, customerId);
      const address = await addressAsOf(ctx.db, customerId, ctx.today);
      if (!address) throw new DomainError('PRECONDITION', msg('calls.noMailingAddress'));
      const quote = await payoffQuoteOfAccount(ctx.db, account, ctx.today);
      const recipient = mailingLines(customer.displayName, address);
      const letter = await payoffQuoteLetter(settings, {
        language: customer.language,
        callDate: ctx.today,
        quote,
        customerName: customer.displayName,
        recipient,
        accountNumber: account.accountNumber,
        accountType: account.type,
        vehicle: `${account.vehicle.year} ${account.vehicle.make} ${account.vehicle.model}`,
        payee: settings.payees[account.type],
        lockbox: lockboxFor(settings, account.type, address.region),
      });
      const addressedTo = recipient.join(', ');
      const stored = await insertCallLetter(ctx.db, {
        interactionId: call.id,
        customerId,
        accountId: account.id,
        kind: 'payoff-quote',
        language: customer.language,
        addressedTo,
        asOf: quote.asOf,
        goodThrough: quote.goodThrough,
        payoffCents: quote.payoffCents,
        perDiemCents: quote.perDiemCents,
        createdAt: at,
        body: letter.text,
        pdf: letter.pdf,
        sha256: letter.sha256,
        createdBy: ctx.user.id,
      });
      await recordCallAction(ctx.db, {
        interactionId: call.id,
        kind: 'payoff_letter',
        targetType: 'call-letter',
        targetId: stored.id,
        summary: msg('calls.action.payoffLetter', {
          account: account.accountNumber,
          amount: quote.payoffCents,
          through: quote.goodThrough,
        }),
        at,
        by: ctx.user.id,
      });
      out.result = {
        held: false,
        letterId: stored.id,
        accountNumber: account.accountNumber,
        language: customer.language,
        quote,
        addressedTo,
      };
    },
    auditView: auditViewOfCall,
    // A payoff is a balance disclosed: the audit says which account, what figure, and the letter.
    auditAfter: (row) => ({
      ...auditViewOfCall(row),
      payoffLetter: out.result?.held
        ? { accountNumber: out.result.accountNumber, held: true }
        : {
            accountNumber: out.result?.accountNumber,
            letterId: out.result?.letterId,
            payoffCents: out.result?.quote.payoffCents,
            goodThrough: out.result?.quote.goodThrough,
            asOf: out.result?.quote.asOf,
            payoffTodayCents: out.result?.quote.payoffTodayCents,
            perDiemCents: out.result?.quote.perDiemCents,
            installmentsDue: out.result?.quote.installmentsDue,
          },
    }),
  });
  return out.result!;
}
