import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from './harness.ts';
import { goodLeaseItem, seedMailFixture, type MailFixture } from './mail-payments-fixtures.ts';

/**
 * The lockbox data file: importing a deposit's items must check each one exactly as keying it
 * would, in one transaction with one audit record, and store nothing when the file is bad.
 */
const apps: TestApp[] = [];
afterEach(async () => {
  while (apps.length > 0) await apps.pop()?.close();
});

async function setup(): Promise<{ app: TestApp; fx: MailFixture; agent: Caller }> {
  const app = await createTestApp();
  apps.push(app);
  const fx = await seedMailFixture(app);
  return { app, fx, agent: await app.as('agent') };
}

type Item = ReturnType<typeof goodLeaseItem>;

/** A file that trips every rule at least once, with duplicates in the file and against history. */
function mixedFile(fx: MailFixture): Item[] {
  const lease = fx.lease.accountNumber;
  return [
    goodLeaseItem(lease),
    goodLeaseItem(lease), // duplicate in the batch (of item 1)
    goodLeaseItem(lease, { instrumentNumber: '555' }), // duplicate of the earlier batch
    goodLeaseItem('12345', { instrumentNumber: '2' }),
    goodLeaseItem('9999999999', { instrumentNumber: '3' }),
    goodLeaseItem(fx.closed.accountNumber, { instrumentNumber: '4' }),
    goodLeaseItem(fx.loan.accountNumber, { instrumentNumber: '5' }), // payee + lockbox
    goodLeaseItem(lease, { instrumentNumber: '6', routingNumber: '021000022' }),
    goodLeaseItem(lease, { instrumentNumber: '' }),
    goodLeaseItem(lease, { instrumentNumber: '', routingNumber: '' }),
    goodLeaseItem(lease, { instrumentNumber: '7', amount: '0' }),
    goodLeaseItem(lease, { instrumentNumber: '8', amount: '2500001' }),
    goodLeaseItem(lease, { instrumentNumber: '9', paidInFull: true }),
    goodLeaseItem(lease, { instrumentNumber: '10', payee: 'MINI FIN. SVCS', amount: '123.45' }),
    goodLeaseItem(lease, { instrumentNumber: '11', payee: '' }),
    goodLeaseItem(lease, {
      instrumentNumber: '12',
      instrumentType: 'money_order',
      routingNumber: '',
    }),
    goodLeaseItem(` ${lease.slice(0, 3)}-${lease.slice(3)} `, {
      instrumentNumber: '1001',
      amount: '45000',
    }), // normalised: dup of 1 and 2
  ];
}

async function withHistory(agent: Caller, fx: MailFixture) {
  const old = await agent.mailPayments.batches.open({
    lockboxId: 'lease-phoenix',
    receiptDate: '2026-11-10',
    controlCount: 1,
    controlTotal: '45000',
  });
  await agent.mailPayments.items.add({
    batchId: old.id,
    ...goodLeaseItem(fx.lease.accountNumber, { instrumentNumber: '555' }),
  });
}

const comparable = <
  T extends { id: number; batchId: number; keyedAt: string; keyedBy: number | null },
>(
  items: readonly T[],
) => items.map(({ id: _id, batchId: _b, keyedAt: _k, keyedBy: _u, ...rest }) => rest);

describe('mailPayments.items.importItems', () => {
  it('applies the same checks as keying the items one by one', async () => {
    const keyedSide = await setup();
    const importSide = await setup();
    const file = mixedFile(keyedSide.fx);
    expect(importSide.fx).toEqual(keyedSide.fx);

    await withHistory(keyedSide.agent, keyedSide.fx);
    const kb = await keyedSide.agent.mailPayments.batches.open({
      lockboxId: 'lease-phoenix',
      receiptDate: '2026-11-18',
      controlCount: file.length,
      controlTotal: '1',
    });
    for (const item of file)
      await keyedSide.agent.mailPayments.items.add({ batchId: kb.id, ...item });
    const keyed = (await keyedSide.agent.mailPayments.batches.get({ batchId: kb.id })).items;

    await withHistory(importSide.agent, importSide.fx);
    const ib = await importSide.agent.mailPayments.batches.open({
      lockboxId: 'lease-phoenix',
      receiptDate: '2026-11-18',
      controlCount: file.length,
      controlTotal: '1',
    });
    expect(ib.id).toBe(kb.id);
    const result = await importSide.agent.mailPayments.items.importItems({
      batchId: ib.id,
      items: file,
    });
    const imported = (await importSide.agent.mailPayments.batches.get({ batchId: ib.id })).items;

    expect(comparable(imported)).toEqual(comparable(keyed));
    const rules = new Set(imported.flatMap((i) => i.failures.map((f) => f.rule)));
    expect([...rules].sort()).toEqual(
      [
        'account-exists',
        'account-number',
        'account-open',
        'amount-limit',
        'amount-positive',
        'duplicate-in-batch',
        'duplicate-recent',
        'instrument-number',
        'lockbox',
        'paid-in-full',
        'payee',
        'routing-number',
      ].sort(),
    );
    const exceptions = imported.filter((i) => i.status === 'exception');
    expect(result).toMatchObject({
      count: file.length,
      totalCents: imported.reduce((s, i) => s + i.amountCents, 0),
      firstSeq: 1,
      lastSeq: file.length,
      exceptionCount: exceptions.length,
    });
    expect(result.exceptions.map((e) => e.itemId)).toEqual(exceptions.map((i) => i.id));
    // Exceptions go to the queue exactly like keyed ones.
    const queue = (await importSide.agent.mailPayments.exceptions.list({})).map((e) => e.item.id);
    expect(queue).toEqual(exceptions.map((i) => i.id));
  });

  it('continues the sequence after keyed items and sees them as duplicates', async () => {
    const { fx, agent } = await setup();
    const batch = await agent.mailPayments.batches.open({
      lockboxId: 'lease-phoenix',
      receiptDate: '2026-11-18',
      controlCount: 3,
      controlTotal: '135000',
    });
    await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber),
    });
    const r = await agent.mailPayments.items.importItems({
      batchId: batch.id,
      items: [
        goodLeaseItem(fx.lease.accountNumber),
        goodLeaseItem(fx.lease.accountNumber, { instrumentNumber: '2' }),
      ],
    });
    expect(r).toMatchObject({ count: 2, firstSeq: 2, lastSeq: 3, exceptionCount: 1 });
    expect(r.exceptions).toMatchObject([{ seq: 2, rules: ['duplicate-in-batch'] }]);
  });

  it('writes one audit record summarising the import', async () => {
    const { app, fx, agent } = await setup();
    const batch = await agent.mailPayments.batches.open({
      lockboxId: 'lease-phoenix',
      receiptDate: '2026-11-18',
      controlCount: 3,
      controlTotal: '135000',
    });
    const before = await app.deps.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await agent.mailPayments.items.importItems({
      batchId: batch.id,
      items: [
        goodLeaseItem(fx.lease.accountNumber),
        goodLeaseItem(fx.lease.accountNumber, { instrumentNumber: '2' }),
        goodLeaseItem('9999999999', { instrumentNumber: '3' }),
      ],
    });
    const rows = await app.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id')
      .offset(Number(before.n))
      .limit(100)
      .execute();
    expect(rows.map((r) => r.action)).toEqual(['mail-batch.import']);
    expect(JSON.parse(rows[0]?.after_json ?? '{}')).toMatchObject({
      count: 3,
      totalCents: 135_000,
      exceptions: 1,
      rules: { 'account-exists': 1 },
    });
  });

  it('bad input rejects the whole file and stores nothing', async () => {
    const { app, fx, agent } = await setup();
    const batch = await agent.mailPayments.batches.open({
      lockboxId: 'lease-phoenix',
      receiptDate: '2026-11-18',
      controlCount: 3,
      controlTotal: '135000',
    });
    const good = goodLeaseItem(fx.lease.accountNumber);
    const auditBefore = await app.deps.db.selectFrom('audit_log').select('id').execute();
    const bad: unknown[] = [
      [
        good,
        {
          ...goodLeaseItem(fx.lease.accountNumber, { instrumentNumber: '2' }),
          instrumentType: 'wire',
        },
      ],
      [good, { ...good, extra: 'field' }],
      [good, { ...good, amount: '' }],
      [good, goodLeaseItem(fx.lease.accountNumber, { amount: '12,34', instrumentNumber: '2' })],
      [],
      Array.from({ length: 10_001 }, (_, i) =>
        goodLeaseItem(fx.lease.accountNumber, { instrumentNumber: String(i) }),
      ),
    ];
    for (const items of bad) {
      await expect(
        agent.mailPayments.items.importItems({ batchId: batch.id, items } as never),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect((await agent.mailPayments.batches.get({ batchId: batch.id })).items).toEqual([]);
    expect(await app.deps.db.selectFrom('audit_log').select('id').execute()).toEqual(auditBefore);
  });

  it('refuses to import into a posted batch', async () => {
    const { fx, agent } = await setup();
    const batch = await agent.mailPayments.batches.open({
      lockboxId: 'lease-phoenix',
      receiptDate: '2026-11-18',
      controlCount: 1,
      controlTotal: '45000',
    });
    await agent.mailPayments.items.importItems({
      batchId: batch.id,
      items: [goodLeaseItem(fx.lease.accountNumber)],
    });
    expect((await agent.mailPayments.batches.post({ batchId: batch.id })).postedCount).toBe(1);
    await expect(
      agent.mailPayments.items.importItems({
        batchId: batch.id,
        items: [goodLeaseItem(fx.lease.accountNumber, { instrumentNumber: '2' })],
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await agent.mailPayments.batches.get({ batchId: batch.id })).items).toHaveLength(1);
  });

  it('an imported batch posts like a keyed one: payments to one account allocate in sequence', async () => {
    // One batch of three payments to the lease vs three one-item batches posted one after the other.
    const amounts = ['45000', '30000', '2000000'];
    const together = await setup();
    const batch = await together.agent.mailPayments.batches.open({
      lockboxId: 'lease-phoenix',
      receiptDate: '2026-11-18',
      controlCount: 3,
      controlTotal: '2075000',
    });
    await together.agent.mailPayments.items.importItems({
      batchId: batch.id,
      items: amounts.map((amount, i) =>
        goodLeaseItem(together.fx.lease.accountNumber, {
          amount,
          instrumentNumber: String(100 + i),
        }),
      ),
    });
    await together.agent.mailPayments.batches.post({ batchId: batch.id });
    const proof = await together.agent.mailPayments.batches.proof({ batchId: batch.id });

    const apart = await setup();
    const separate = [];
    for (const [i, amount] of amounts.entries()) {
      const b = await apart.agent.mailPayments.batches.open({
        lockboxId: 'lease-phoenix',
        receiptDate: '2026-11-18',
        controlCount: 1,
        controlTotal: amount,
      });
      await apart.agent.mailPayments.items.add({
        batchId: b.id,
        ...goodLeaseItem(apart.fx.lease.accountNumber, {
          amount,
          instrumentNumber: String(100 + i),
        }),
      });
      await apart.agent.mailPayments.batches.post({ batchId: b.id });
      const p = await apart.agent.mailPayments.batches.proof({ batchId: b.id });
      separate.push(p.postings[0]?.allocation);
    }
    expect(proof.postings.map((p) => p.allocation)).toEqual(separate);
    // The third payment sees the past due the first two already paid.
    const pastDue = (i: number) =>
      proof.postings[i]?.allocation.buckets.find((b) => b.key === 'pastDue')?.due ?? 0;
    expect(pastDue(2)).toBe(pastDue(0) - 75_000);
  });
});
