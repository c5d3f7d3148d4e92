import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ledgerEntriesOf,
  postLedgerEntries,
  postLedgerEntry,
  type NewLedgerEntry,
} from '../../db/repositories/ledger.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { goodLeaseItem, seedMailFixture, type MailFixture } from './mail-payments-fixtures.ts';

/**
 * The ledger has one writer, postLedgerEntries, for a single line and for a batch's thousands:
 * one set of checks (non-zero integer cents, the sign the kind requires), every line checked
 * before any is written.
 */

let app: TestApp;
let fx: MailFixture;
const AT = '2026-11-20T15:00:00.000Z';

beforeEach(async () => {
  app = await createTestApp();
  fx = await seedMailFixture(app);
});
afterEach(async () => app.close());

const count = async () =>
  Number(
    (
      await app.deps.db
        .selectFrom('ledger_entries')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const payment = (accountId: number, cents: number, ref: string): NewLedgerEntry => ({
  accountId,
  postedOn: '2026-11-18',
  kind: 'payment',
  amountCents: -cents,
  code: 'mail',
  reference: ref,
});

describe('the ledger writer', () => {
  it('refuses a bulk posting with one wrong-sign line and writes none of its lines', async () => {
    const before = await count();
    const lines = [
      payment(fx.lease.id, 45_000, 'mail-item:1'),
      payment(fx.loan.id, 45_000, 'mail-item:2'),
      // A payment must reduce what is owed: a positive one is refused.
      { ...payment(fx.loan.id, 100, 'mail-item:3'), amountCents: 100 },
      payment(fx.lease.id, 2_000, 'mail-item:4'),
    ];
    await expect(postLedgerEntries(app.deps.db, lines, AT)).rejects.toThrow(
      /A payment must be negative/,
    );
    expect(await count()).toBe(before);
  });

  it('refuses zero and fractional amounts in bulk as it does for one line', async () => {
    const before = await count();
    await expect(
      postLedgerEntries(
        app.deps.db,
        [
          payment(fx.lease.id, 100, 'mail-item:5'),
          { ...payment(fx.lease.id, 0, 'x'), amountCents: 0 },
        ],
        AT,
      ),
    ).rejects.toThrow(RangeError);
    await expect(
      postLedgerEntry(app.deps.db, { ...payment(fx.lease.id, 1, 'y'), amountCents: -1.5 }, AT),
    ).rejects.toThrow(RangeError);
    await expect(
      postLedgerEntry(app.deps.db, { ...payment(fx.lease.id, 1, 'z'), kind: 'fee' }, AT),
    ).rejects.toThrow(/A fee must be positive/);
    expect(await count()).toBe(before);
  });

  it('writes a bulk posting across insert chunks, in input order, ids ascending', async () => {
    const lines = Array.from({ length: 1_203 }, (_, i) =>
      payment(i % 2 ? fx.lease.id : fx.loan.id, 100 + i, `mail-item:${10_000 + i}`),
    );
    const written = await postLedgerEntries(app.deps.db, lines, AT);
    expect(written.map((e) => e.reference)).toEqual(lines.map((l) => l.reference));
    expect(written.map((e) => e.amountCents)).toEqual(lines.map((l) => l.amountCents));
    expect(written.every((e, i) => i === 0 || e.id > (written[i - 1]?.id ?? 0))).toBe(true);
    expect((await ledgerEntriesOf(app.deps.db, fx.lease.id)).length).toBe(601);
  });

  it('posts a mail batch through the same writer (each item one payment line)', async () => {
    const agent = await app.as('agent');
    const batch = await agent.mailPayments.batches.open({
      lockboxId: 'lease-phoenix',
      receiptDate: '2026-11-18',
      controlCount: 2,
      controlTotal: '90000',
    });
    await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber),
    });
    await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber, { instrumentNumber: '2002' }),
    });
    const posted = await agent.mailPayments.batches.post({ batchId: batch.id });
    expect(posted).toMatchObject({ alreadyPosted: false, postedCount: 2, postedCents: 90_000 });
    const mail = (await ledgerEntriesOf(app.deps.db, fx.lease.id)).filter((e) => e.code === 'mail');
    expect(mail.map((e) => [e.kind, e.amountCents, e.postedOn])).toEqual([
      ['payment', -45_000, '2026-11-18'],
      ['payment', -45_000, '2026-11-18'],
    ]);
  });
});
