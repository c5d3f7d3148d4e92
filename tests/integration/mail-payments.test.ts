import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountFlags } from '../../db/repositories/customer-flags.ts';
import { ledgerEntriesOf } from '../../db/repositories/ledger.ts';
import { createTestApp, type Caller, type TestApp } from './harness.ts';
import {
  goodLeaseItem,
  ROUTING,
  seedMailFixture,
  type MailFixture,
} from './mail-payments-fixtures.ts';
import { englishOf } from '../../server/domain/shared/server-messages.ts';

let app: TestApp;
let fx: MailFixture;
let agent: Caller & { userId: number };

beforeEach(async () => {
  app = await createTestApp();
  fx = await seedMailFixture(app);
  agent = await app.as('agent');
});
afterEach(async () => app.close());

async function openBatch(
  lockboxId = 'lease-phoenix',
  count = 1,
  total = '45000',
  receiptDate = '2026-11-18',
) {
  return agent.mailPayments.batches.open({
    lockboxId,
    receiptDate,
    controlCount: count,
    controlTotal: total,
  });
}

async function rulesOf(lockboxId: string, item: ReturnType<typeof goodLeaseItem>) {
  const batch = await openBatch(lockboxId);
  const keyed = await agent.mailPayments.items.add({ batchId: batch.id, ...item });
  return { keyed, rules: keyed.failures.map((f) => f.rule) };
}

describe('item checks, as each item is keyed', () => {
  it('a clean lease check passes every rule', async () => {
    const { keyed, rules } = await rulesOf('lease-phoenix', goodLeaseItem(fx.lease.accountNumber));
    expect(rules).toEqual([]);
    expect(keyed).toMatchObject({
      status: 'ok',
      amountCents: 45_000,
      accountId: fx.lease.id,
      seq: 1,
    });
  });

  it('reads amounts like a 10-key: digits are cents, a decimal point means dollars', async () => {
    const batch = await openBatch('lease-phoenix', 3, '1.00');
    const a = await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber, { amount: '12345' }),
    });
    const b = await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber, { amount: '123.45', instrumentNumber: '2' }),
    });
    expect([a.amountCents, b.amountCents]).toEqual([12_345, 12_345]);
    await expect(
      agent.mailPayments.items.add({
        batchId: batch.id,
        ...goodLeaseItem(fx.lease.accountNumber, { amount: '12,34' }),
      }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it.each([
    ['account-number', { accountNumber: '12345' }],
    ['account-exists', { accountNumber: '9999999999' }],
    ['routing-number', { routingNumber: '021000022' }],
    ['instrument-number', { instrumentNumber: '' }],
    ['amount-positive', { amount: '0' }],
    ['amount-limit', { amount: '2500001' }],
    ['paid-in-full', { paidInFull: true }],
    ['payee', { payee: 'BMW Bank of North America' }],
    ['payee', { payee: '' }],
  ])('flags %s', async (rule, over) => {
    const { keyed, rules } = await rulesOf(
      'lease-phoenix',
      goodLeaseItem(fx.lease.accountNumber, over),
    );
    expect(rules).toContain(rule);
    expect(keyed.status).toBe('exception');
    const failure = keyed.failures.find((f) => f.rule === rule);
    expect(englishOf(failure?.message ?? '').length).toBeGreaterThan(5);
    expect(englishOf(failure?.fix ?? '').length).toBeGreaterThan(5);
  });

  it('accepts payee abbreviations and case: "MINI FIN SVCS", "bmw bk of n.a."', async () => {
    expect(
      (
        await rulesOf(
          'lease-phoenix',
          goodLeaseItem(fx.lease.accountNumber, { payee: 'MINI FIN. SVCS' }),
        )
      ).rules,
    ).toEqual([]);
    const loan = goodLeaseItem(fx.loan.accountNumber, { payee: 'bmw bk of n.a.' });
    expect((await rulesOf('loan-phoenix', loan)).rules).toEqual([]);
  });

  it('flags an account that is not open', async () => {
    const { rules } = await rulesOf('lease-phoenix', goodLeaseItem(fx.closed.accountNumber));
    expect(rules).toEqual(['account-open']);
  });

  it('flags a loan check received at a lease lockbox', async () => {
    const { rules } = await rulesOf(
      'lease-louisville',
      goodLeaseItem(fx.loan.accountNumber, { payee: 'BMW Bank of North America' }),
    );
    expect(rules).toEqual(['lockbox']);
  });

  it('money orders may carry no routing number, checks must', async () => {
    const mo = await rulesOf(
      'lease-phoenix',
      goodLeaseItem(fx.lease.accountNumber, { instrumentType: 'money_order', routingNumber: '' }),
    );
    expect(mo.rules).toEqual([]);
    const check = await rulesOf(
      'lease-phoenix',
      goodLeaseItem(fx.lease.accountNumber, { routingNumber: '', instrumentNumber: '2002' }),
    );
    expect(check.rules).toEqual(['routing-number']);
  });

  it('flags a duplicate in the batch and against recent batches, within the window only', async () => {
    const batch = await openBatch('lease-phoenix', 2, '90000');
    await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber),
    });
    const second = await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber),
    });
    expect(second.failures.map((f) => f.rule)).toEqual(['duplicate-in-batch']);

    const later = await openBatch('lease-phoenix', 1, '45000', '2026-11-20');
    const again = await agent.mailPayments.items.add({
      batchId: later.id,
      ...goodLeaseItem(fx.lease.accountNumber),
    });
    expect(again.failures.map((f) => f.rule)).toContain('duplicate-recent');

    const longAgo = await openBatch('lease-phoenix', 1, '45000', '2026-09-25'); // 54 days before: outside 45
    const old = await agent.mailPayments.items.add({
      batchId: longAgo.id,
      ...goodLeaseItem(fx.lease.accountNumber, { instrumentNumber: '77' }),
    });
    const fresh = await agent.mailPayments.items.add({
      batchId: later.id,
      ...goodLeaseItem(fx.lease.accountNumber, { instrumentNumber: '77' }),
    });
    expect(old.failures).toEqual([]);
    expect(fresh.failures).toEqual([]);
  });

  it('the sanity limit and duplicate window are settings', async () => {
    const admin = await app.as('admin');
    const settings = await admin.admin.settings.get();
    expect(settings).toHaveProperty('mailPayments');
    const { rules } = await rulesOf(
      'lease-phoenix',
      goodLeaseItem(fx.lease.accountNumber, { amount: '2500000' }),
    );
    expect(rules).toEqual([]);
  });
});

describe('posting', () => {
  it('refuses a batch that does not balance or still has exceptions', async () => {
    const batch = await openBatch('lease-phoenix', 2, '90000');
    await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber),
    });
    await expect(agent.mailPayments.batches.post({ batchId: batch.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: /does not balance/,
    });
    await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber, { instrumentNumber: '1002', payee: 'BMW Bank' }),
    });
    await expect(agent.mailPayments.batches.post({ batchId: batch.id })).rejects.toMatchObject({
      message: /Resolve the exceptions/,
    });
    expect(await ledgerEntriesOf(app.deps.db, fx.lease.id)).toEqual([]);
  });

  it('credits each item as of the receipt date, records the allocation, and posts once', async () => {
    const batch = await openBatch('lease-phoenix', 2, '95000');
    const a = await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber),
    });
    await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber, { amount: '50000', instrumentNumber: '1002' }),
    });
    // The confirmation's figures are the ones posted (one rule: postingTotals).
    const before = await agent.mailPayments.batches.get({ batchId: batch.id });
    expect(before.posting).toEqual({
      count: 2,
      totalCents: 95_000,
      largestItemCents: 50_000,
      accounts: 1,
    });
    const first = await agent.mailPayments.batches.post({ batchId: batch.id });
    expect(first).toEqual({ alreadyPosted: false, postedCount: 2, postedCents: 95_000 });
    const again = await agent.mailPayments.batches.post({ batchId: batch.id });
    expect(again.alreadyPosted).toBe(true);
    const entries = await ledgerEntriesOf(app.deps.db, fx.lease.id);
    expect(entries).toHaveLength(2);
    expect(
      entries.every(
        (e) => e.postedOn === '2026-11-18' && e.kind === 'payment' && e.code === 'mail',
      ),
    ).toBe(true);
    expect(entries[0]?.reference).toBe(`mail-item:${a.id}`);
    const { posting } = await agent.mailPayments.items.get({ itemId: a.id });
    // Instalments of $450 due on the 5th since March: 9 billed by 2026-11-18; the first pays past due.
    const applied = Object.fromEntries(posting!.allocation.buckets.map((b) => [b.key, b.applied]));
    expect(applied.fees).toBe(0);
    expect(applied.pastDue).toBeGreaterThan(0);
    expect(Object.values(applied).reduce((s, v) => s + v, 0) + posting!.allocation.remainder).toBe(
      45_000,
    );
  });

  it('is atomic: when one item cannot post, nothing posts and the batch stays open', async () => {
    const batch = await openBatch('lease-phoenix', 2, '90000');
    await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber),
    });
    const b = await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.loan.accountNumber, {
        payee: 'MINI Financial Services',
        instrumentNumber: '9',
      }),
    });
    expect(b.status).toBe('exception'); // payee + lockbox
    await agent.mailPayments.items.override({
      itemId: b.id,
      reason: 'Customer confirmed by phone',
    });
    const sup = await app.as('supervisor');
    await sup.mailPayments.batches.approve({ batchId: batch.id, note: 'ok' });
    // Sabotage the second item: its ledger reference is already taken, so its insert fails.
    await app.deps.db
      .insertInto('ledger_entries')
      .values({
        account_id: fx.loan.id,
        posted_on: '2026-11-01',
        kind: 'adjustment',
        amount_cents: 1,
        reference: `mail-item:${b.id}`,
        created_at: 'x',
      })
      .execute();
    await expect(agent.mailPayments.batches.post({ batchId: batch.id })).rejects.toThrow();
    expect(await ledgerEntriesOf(app.deps.db, fx.lease.id)).toEqual([]);
    const view = await agent.mailPayments.batches.get({ batchId: batch.id });
    expect(view.batch.status).toBe('approved');
    expect(view.items.map((i) => i.status)).toEqual(['ok', 'override']);
  });
});

describe('exceptions and overrides', () => {
  it('corrects the account after research, clearing the exception', async () => {
    const batch = await openBatch();
    const bad = await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem('1000000010'),
    }); // transposed
    expect(bad.failures.map((f) => f.rule)).toEqual(['account-exists']);
    const queue = await agent.mailPayments.exceptions.list({});
    expect(queue).toHaveLength(1);
    expect(queue[0]?.ageDays).toBe(2);
    const hits = await agent.mailPayments.exceptions.research({
      query: 'Ann Lee',
      address: '',
      amount: '',
    });
    expect(hits[0]?.accounts[0]?.accountNumber).toBe(fx.lease.accountNumber);
    const byAmount = await agent.mailPayments.exceptions.research({
      query: '',
      address: '',
      amount: '45000',
    });
    expect(byAmount.length).toBeGreaterThan(0);
    const byAddress = await agent.mailPayments.exceptions.research({
      query: '',
      address: '100 Main',
      amount: '',
    });
    expect(byAddress.map((h) => h.customerId)).toContain(fx.lease.customerId);
    const { itemId: _unused, ...fields } = { itemId: 0, ...goodLeaseItem(fx.lease.accountNumber) };
    const fixed = await agent.mailPayments.items.correct({
      itemId: bad.id,
      ...fields,
      note: 'Digits transposed',
    });
    expect(fixed).toMatchObject({ status: 'ok', resolution: 'corrected' });
    expect(await agent.mailPayments.exceptions.list({})).toHaveLength(0);
  });

  it('a corrected routing number is in the audit, before and after', async () => {
    const batch = await openBatch();
    const bad = await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber, { routingNumber: '021000022' }),
    });
    expect(bad.failures.map((f) => f.rule)).toEqual(['routing-number']);
    await agent.mailPayments.items.correct({
      itemId: bad.id,
      ...goodLeaseItem(fx.lease.accountNumber),
      note: 'Re-keyed from the MICR line',
    });
    const audit = await app.deps.db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json', 'reason'])
      .where('action', '=', 'mail-item.correct')
      .where('entity_id', '=', String(bad.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_json!)).toMatchObject({
      routingNumber: '021000022',
      status: 'exception',
    });
    expect(JSON.parse(audit.after_json!)).toMatchObject({ routingNumber: ROUTING, status: 'ok' });
    expect(audit.reason).toBe('Re-keyed from the MICR line');
  });

  it('no override can post an item without an account', async () => {
    const batch = await openBatch();
    const bad = await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem('9999999999'),
    });
    await expect(
      agent.mailPayments.items.override({ itemId: bad.id, reason: 'please' }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('an override needs a supervisor other than the batch opener or overrider (maker ≠ checker)', async () => {
    const sup1 = await app.as('supervisor', 'sup1');
    const batch = await sup1.mailPayments.batches.open({
      lockboxId: 'lease-phoenix',
      receiptDate: '2026-11-18',
      controlCount: 1,
      controlTotal: '45000',
    });
    const item = await sup1.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber, { paidInFull: true }),
    });
    await sup1.mailPayments.items.override({
      itemId: item.id,
      reason: 'Reviewed: amount equals payoff',
    });
    await expect(sup1.mailPayments.batches.post({ batchId: batch.id })).rejects.toMatchObject({
      message: /supervisor must approve/,
    });
    await expect(
      sup1.mailPayments.batches.approve({ batchId: batch.id, note: '' }),
    ).rejects.toMatchObject({ message: /another supervisor/ });
    await expect(
      agent.mailPayments.batches.approve({ batchId: batch.id, note: '' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const sup2 = await app.as('supervisor', 'sup2');
    expect((await sup2.mailPayments.approvals.list()).map((a) => a.batch.id)).toEqual([batch.id]);
    await sup2.mailPayments.batches.approve({ batchId: batch.id, note: 'Seen the check' });
    // Only the batch's opener (or a supervisor) posts it (issue 21).
    expect((await sup1.mailPayments.batches.post({ batchId: batch.id })).postedCount).toBe(1);
  });

  it('returns an item to the sender with a letter; it is not credited but counts toward the deposit', async () => {
    const batch = await openBatch('lease-phoenix', 2, '90000');
    await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber),
    });
    const bad = await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem('9999999999', { remitter: 'Unknown Payer', instrumentNumber: '5' }),
    });
    const { letterId } = await agent.mailPayments.items.returnToSender({
      itemId: bad.id,
      reason: 'No account number we can find',
    });
    expect(letterId).toBeGreaterThan(0);
    const detail = await agent.mailPayments.items.get({ itemId: bad.id });
    expect(detail.letters[0]?.body).toContain('returning it to you uncashed');
    const posted = await agent.mailPayments.batches.post({ batchId: batch.id });
    expect(posted.postedCount).toBe(1);
    expect((await agent.mailPayments.items.get({ itemId: bad.id })).item.status).toBe('returned');
  });
});

describe('returned items (NSF)', () => {
  it('reverses the payment, charges the state fee, writes the notice and flags the account, once', async () => {
    const batch = await openBatch('loan-phoenix', 1, '45000');
    const item = await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.loan.accountNumber, {
        payee: 'BMW Bank of North America',
        routingNumber: ROUTING,
      }),
    });
    await agent.mailPayments.batches.post({ batchId: batch.id });
    const found = await agent.mailPayments.items.findPosted({
      accountNumber: fx.loan.accountNumber,
      instrumentNumber: '',
    });
    expect(found.map((f) => f.id)).toEqual([item.id]);
    const r = await agent.mailPayments.items.returnNsf({ itemId: item.id, reason: 'NSF' });
    expect(r).toMatchObject({ alreadyReturned: false, feeCents: 1000 }); // Massachusetts
    const again = await agent.mailPayments.items.returnNsf({ itemId: item.id, reason: 'NSF' });
    expect(again.alreadyReturned).toBe(true);
    const entries = await ledgerEntriesOf(app.deps.db, fx.loan.id);
    expect(entries.map((e) => [e.kind, e.amountCents, e.postedOn])).toEqual([
      ['payment', -45_000, '2026-11-18'],
      ['return', 45_000, '2026-11-20'],
      ['fee', 1000, '2026-11-20'],
    ]);
    const flags = await accountFlags(app.deps.db, fx.loan.id);
    expect(flags.map((f) => f.kind)).toEqual(['nsf']);
    const detail = await agent.mailPayments.items.get({ itemId: item.id });
    expect(detail.letters.map((l) => l.kind)).toEqual(['nsf-notice']);
    expect(detail.letters[0]?.body).toContain('$10.00');
  });
});

describe('reports', () => {
  it('daily posting, aging and lockbox totals, with CSV', async () => {
    const batch = await openBatch('lease-phoenix', 1, '45000');
    await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber),
    });
    await agent.mailPayments.batches.post({ batchId: batch.id });
    const other = await openBatch('lease-louisville', 1, '100', '2026-11-10');
    await agent.mailPayments.items.add({
      batchId: other.id,
      ...goodLeaseItem('9999999999', { amount: '100' }),
    });
    const daily = await agent.mailPayments.reports.daily({ date: '2026-11-18' });
    expect(daily).toMatchObject([{ batchId: batch.id, postedCount: 1, postedCents: 45_000 }]);
    const aging = await agent.mailPayments.reports.aging();
    expect(aging.buckets.find((b) => b.label === '8+')).toMatchObject({
      count: 1,
      totalCents: 100,
    });
    const totals = await agent.mailPayments.reports.lockboxTotals({
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(totals).toEqual([
      {
        lockboxId: 'lease-phoenix',
        batches: 1,
        postedCount: 1,
        postedCents: 45_000,
        nsfCount: 0,
        nsfCents: 0,
      },
    ]);
    const csv = await agent.mailPayments.reports.csv({ report: 'daily', date: '2026-11-18' });
    expect(csv.content.split('\n')[1]).toContain('lease-phoenix');
    expect(csv.content).toContain('450.00');
  });
});
