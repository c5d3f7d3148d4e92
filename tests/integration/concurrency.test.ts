import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from '../../db/repositories/accounts.ts';
import { addAddress } from '../../db/repositories/customer-addresses.ts';
import { createCustomer } from '../../db/repositories/customers.ts';
import { createTestApp, type Caller, type TestApp } from './harness.ts';
import { goodLeaseItem, seedMailFixture, type MailFixture } from './mail-payments-fixtures.ts';

/**
 * Two agents clicking at once. The SQLite connection runs one transaction at a time, so
 * "concurrent" here is Promise.all over separate callers (separate sessions): their requests
 * interleave at every await up to the transaction, and each must then see the other's commit.
 * What this proves is the guards (guarded UPDATEs, version checks, unique references), which
 * is what keeps a second writer from doubling or overwriting the first.
 *
 * 50 concurrent claims of one message thread: tests/integration/messages.test.ts
 * ("50 agents claiming the same thread at once").
 */

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp({ now: '2026-11-20T15:00:00.000Z' });
});
afterEach(async () => app.close());

async function count(table: string, where?: { column: string; value: string | number }) {
  const r = where
    ? await sql<{
        n: number;
      }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(where.column)} = ${where.value}`.execute(
        app.deps.db,
      )
    : await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(app.deps.db);
  return Number(r.rows[0]?.n);
}

function rejections(results: PromiseSettledResult<unknown>[]): TRPCError[] {
  return results
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => r.reason as TRPCError);
}

function fulfilled<T>(results: PromiseSettledResult<T>[]): T[] {
  return results
    .filter((r): r is PromiseFulfilledResult<Awaited<T>> => r.status === 'fulfilled')
    .map((r) => r.value);
}

describe('two sessions posting the same mail batch', () => {
  let fx: MailFixture;
  let opener: Caller & { userId: number };

  beforeEach(async () => {
    fx = await seedMailFixture(app);
    opener = await app.as('agent');
  });

  async function batchOfThree() {
    const batch = await opener.mailPayments.batches.open({
      lockboxId: 'lease-phoenix',
      receiptDate: '2026-11-18',
      controlCount: 3,
      controlTotal: '135000',
    });
    for (const n of ['1001', '1002', '1003']) {
      await opener.mailPayments.items.add({
        batchId: batch.id,
        ...goodLeaseItem(fx.lease.accountNumber, { instrumentNumber: n }),
      });
    }
    return batch;
  }

  it('posts once: one session posts, the other is told it is already posted', async () => {
    const batch = await batchOfThree();
    // The opener in a second window, and a supervisor (batch steps are the opener's or a
    // supervisor's: the money-authority rule).
    const a = await app.as('agent');
    const b = await app.as('supervisor', 'poster-b');
    const results = await Promise.allSettled([
      a.mailPayments.batches.post({ batchId: batch.id }),
      b.mailPayments.batches.post({ batchId: batch.id }),
    ]);
    const answers = fulfilled(results);
    expect(answers).toHaveLength(2);
    expect(answers.filter((r) => !r.alreadyPosted)).toEqual([
      { alreadyPosted: false, postedCount: 3, postedCents: 135_000 },
    ]);
    expect(answers.filter((r) => r.alreadyPosted)).toHaveLength(1);
    expect(await count('ledger_entries', { column: 'account_id', value: fx.lease.id })).toBe(3);
    expect(await count('mail_postings')).toBe(3);
    expect(await count('audit_log', { column: 'action', value: 'mail-batch.post' })).toBe(1);
  });

  it('posts once when ten sessions click at once, each with its own key, and a double click replays', async () => {
    const batch = await batchOfThree();
    const sessions = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 ? app.as('supervisor', `poster-${i}`) : app.as('agent'),
      ),
    );
    const results = await Promise.allSettled(
      sessions.flatMap((s, i) => [
        // Every session double-clicks: the same key twice.
        s.mailPayments.batches.post({ batchId: batch.id, idempotencyKey: `post-click-${i}` }),
        s.mailPayments.batches.post({ batchId: batch.id, idempotencyKey: `post-click-${i}` }),
      ]),
    );
    expect(rejections(results)).toEqual([]);
    const answers = fulfilled(results);
    expect(answers.filter((r) => !r.alreadyPosted)).toHaveLength(2); // the winner and its replay
    expect(await count('ledger_entries', { column: 'account_id', value: fx.lease.id })).toBe(3);
    expect(await count('mail_postings')).toBe(3);
    expect(await count('idempotency_keys')).toBe(10);
    const view = await opener.mailPayments.batches.get({ batchId: batch.id });
    expect(view.batch.status).toBe('posted');
    expect(view.items.every((i) => i.status === 'posted')).toBe(true);
  });

  it('an item keyed while the batch is being posted either lands before the posting or is refused', async () => {
    const batch = await batchOfThree();
    const poster = await app.as('supervisor', 'poster');
    const keyer = await app.as('agent');
    const results = await Promise.allSettled([
      poster.mailPayments.batches.post({ batchId: batch.id }),
      keyer.mailPayments.items.add({
        batchId: batch.id,
        ...goodLeaseItem(fx.lease.accountNumber, { instrumentNumber: '1004' }),
      }),
    ]);
    const view = await opener.mailPayments.batches.get({ batchId: batch.id });
    const postedLines = await count('ledger_entries', {
      column: 'account_id',
      value: fx.lease.id,
    });
    if (view.batch.status === 'posted') {
      // The posting won: the late item was refused, never left unposted on a posted batch.
      expect(rejections(results).map((e) => e.code)).toEqual(['CONFLICT']);
      expect(view.items).toHaveLength(3);
      expect(postedLines).toBe(3);
    } else {
      // The item won: the batch no longer balances, so nothing posted at all.
      expect(rejections(results).map((e) => e.code)).toEqual(['PRECONDITION_FAILED']);
      expect(view.items).toHaveLength(4);
      expect(postedLines).toBe(0);
    }
  });
});

describe('concurrent edits of one dispute', () => {
  async function openCase() {
    const db = app.deps.db;
    const at = app.clock.now().toISOString();
    const customer = await createCustomer(db, { firstName: 'Ann', lastName: 'Lee' }, at);
    await addAddress(
      db,
      {
        customerId: customer.id,
        line1: '12 MAIN ST',
        city: 'ALBANY',
        region: 'NY',
        postalCode: '12207',
        country: 'US',
        effectiveFrom: '2020-01-01',
        source: 'origination',
      },
      at,
    );
    const account = await createAccount(
      db,
      {
        accountNumber: '1000000021',
        type: 'lease',
        vin: '1M8GDM9AXKP042788',
        vehicle: { year: 2024, make: 'MINI', model: 'Cooper' },
        holderCustomerId: customer.id,
        termMonths: 36,
        frequency: 'monthly',
        paymentCents: 45_000,
        dueDay: 5,
        openedOn: '2024-01-05',
        amountFinancedCents: 3_000_000,
        aprBps: 399,
        residualCents: 1_500_000,
      },
      at,
    );
    const agent = await app.as('agent');
    const { id } = await agent.disputes.create({
      customerId: customer.id,
      accountId: account.id,
      channel: 'phone',
      errorType: 'duplicate_debit',
      reason: 'EasyPay took the November payment twice.',
      transactions: [
        { transactionOn: '2026-11-05', amountCents: 45_000, description: 'EasyPay debit' },
      ],
    });
    const view = await agent.disputes.get({ id });
    return { id, version: view.case.version, accountId: account.id };
  }

  const STALE = /Someone else changed this case while you had it open/;

  it('two sessions acting on the version they both saw: one wins, the other gets a clear CONFLICT and changes nothing', async () => {
    const c = await openCase();
    // The case owner in a second window, and a supervisor: both may post money and decide on
    // the case (case-ownership rule, issue 21), so only the version check can stop the loser.
    const a = await app.as('agent');
    const b = await app.as('supervisor', 'racer-b');
    const eventsBefore = await count('dispute_events', { column: 'dispute_id', value: c.id });
    const results = await Promise.allSettled([
      a.disputes.postProvisionalCredit({ id: c.id, amountCents: 45_000, version: c.version }),
      b.disputes.recordDetermination({
        id: c.id,
        outcome: 'error_found',
        explanation: 'Duplicate debit confirmed with the bank.',
        version: c.version,
      }),
    ]);
    expect(fulfilled(results)).toHaveLength(1);
    const [lost] = rejections(results);
    expect(lost?.code).toBe('CONFLICT');
    expect(lost?.message).toMatch(STALE);
    const after = (await a.disputes.get({ id: c.id })).case;
    expect(after.version).toBe(c.version + 1);
    expect(await count('dispute_events', { column: 'dispute_id', value: c.id })).toBe(
      eventsBefore + 1,
    );
    const ledger = await count('ledger_entries', { column: 'account_id', value: c.accountId });
    if (results[0].status === 'fulfilled') {
      expect(after.provisionalCreditCents).toBe(45_000);
      expect(after.determination).toBeNull();
      expect(ledger).toBe(1);
    } else {
      expect(after.determination).toBe('error_found');
      expect(after.provisionalCreditCents).toBeNull();
      expect(ledger).toBe(0); // the credit's ledger line rolled back with its stale edit
    }
  });

  it('ten concurrent assignments on one version: exactly one lands', async () => {
    const c = await openCase();
    const sup = await app.as('supervisor');
    const agents = await Promise.all(
      Array.from({ length: 10 }, (_, i) => app.as('agent', `assignee-${i}`)),
    );
    const results = await Promise.allSettled(
      agents.map((agent, i) =>
        agent.disputes.assign({ id: c.id, userId: agent.userId, version: c.version }).then(() => i),
      ),
    );
    const winners = fulfilled(results);
    expect(winners).toHaveLength(1);
    expect(rejections(results).every((e) => e.code === 'CONFLICT' && STALE.test(e.message))).toBe(
      true,
    );
    const after = (await sup.disputes.get({ id: c.id })).case;
    expect(after.assignedTo).toBe(agents[winners[0]!]!.userId);
    expect(after.version).toBe(c.version + 1);
  });

  it('a stale screen cannot overwrite a newer change (no lost update), even long after', async () => {
    const c = await openCase();
    const a = await app.as('agent', 'agent-a');
    const b = await app.as('agent', 'agent-b');
    await a.disputes.recordWrittenConfirmation({
      id: c.id,
      receivedOn: '2026-11-20',
      version: c.version,
    });
    const audits = await count('audit_log');
    const stale = await b.disputes
      .assign({ id: c.id, userId: b.userId, version: c.version })
      .catch((e: unknown) => e as TRPCError);
    expect(stale).toBeInstanceOf(TRPCError);
    expect((stale as TRPCError).code).toBe('CONFLICT');
    expect(await count('audit_log')).toBe(audits);
    const now = (await b.disputes.get({ id: c.id })).case;
    expect(now.writtenConfirmationReceivedOn).toBe('2026-11-20');
    // Reloaded, the same edit goes through on the current version.
    await b.disputes.assign({ id: c.id, userId: b.userId, version: now.version });
    expect((await b.disputes.get({ id: c.id })).case.assignedTo).toBe(b.userId);
  });
});
