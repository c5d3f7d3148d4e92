import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from '../../db/repositories/accounts.ts';
import { addAddress } from '../../db/repositories/customer-addresses.ts';
import { createCustomer } from '../../db/repositories/customers.ts';
import { ledgerEntriesOf } from '../../db/repositories/ledger.ts';
import { createTestApp, type Caller, type TestApp } from './harness.ts';
import { goodLeaseItem, seedMailFixture } from './mail-payments-fixtures.ts';

/**
 * The authority matrix (issue 21): no money step above its maker's authority goes through
 * alone, whichever step it is; it waits in the supervisors' queue for a different person, who
 * may not approve more than their own limit; admins edit the matrix, audited.
 */

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(() => app.close());

type Agent = Caller & { userId: number };

async function account(n = 1) {
  const db = app.deps.db;
  const at = app.clock.now().toISOString();
  const customer = await createCustomer(db, { firstName: 'Ann', lastName: `Lee${n}` }, at);
  await addAddress(
    db,
    {
      customerId: customer.id,
      line1: '1 MAIN ST',
      city: 'PHOENIX',
      region: 'AZ',
      postalCode: '85001',
      country: 'US',
      effectiveFrom: '2020-01-01',
      source: 'origination',
    },
    at,
  );
  const acct = await createAccount(
    db,
    {
      accountNumber: `20000000${String(n).padStart(2, '0')}`,
      type: 'lease',
      vin: `1M8GDM9AXKP0427${String(n).padStart(2, '0')}`,
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
  return { customerId: customer.id, accountId: acct.id };
}

async function openCase(who: Agent, disputedCents: number, n = 1) {
  const a = await account(n);
  const { id } = await who.disputes.create({
    customerId: a.customerId,
    accountId: a.accountId,
    channel: 'phone',
    errorType: 'duplicate_debit',
    reason: 'EasyPay took the November payment twice.',
    transactions: [
      { transactionOn: '2026-11-05', amountCents: disputedCents, description: 'Debit' },
    ],
  });
  return { id, ...a };
}

const version = async (who: Agent, id: number) => (await who.disputes.get({ id })).case.version;

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  const cause = (e as TRPCError).cause as { detail?: { approvalId?: number } } | undefined;
  return { code: (e as TRPCError).code, message: (e as TRPCError).message, detail: cause?.detail };
}

async function approvals() {
  return app.deps.db.selectFrom('authority_approvals').selectAll().orderBy('id').execute();
}

describe('money above the maker’s authority waits for a second person', () => {
  it('the $1.00 dispute with a $100,000,000.00 correction: refused, queued, and no supervisor may approve it alone', async () => {
    const agent = await app.as('agent');
    const c = await openCase(agent, 100);
    await agent.disputes.recordDetermination({
      id: c.id,
      outcome: 'error_found',
      explanation: 'Taken twice.',
      version: await version(agent, c.id),
    });
    const before = await ledgerEntriesOf(app.deps.db, c.accountId);
    const r = await refusal(
      agent.disputes.postCorrection({
        id: c.id,
        amountCents: 10_000_000_000,
        version: await version(agent, c.id),
      }),
    );
    // Refused: by the dispute's own bound (disputes engineer) or by this matrix. Never posted.
    expect(['PRECONDITION_FAILED', 'BAD_REQUEST']).toContain(r.code);
    expect(await ledgerEntriesOf(app.deps.db, c.accountId)).toEqual(before);
    const queued = await approvals();
    if (r.code === 'PRECONDITION_FAILED') {
      expect(queued).toHaveLength(1);
      const sup = await app.as('supervisor');
      const e = await refusal(sup.authority.approve({ id: Number(queued[0]?.id) }));
      expect(e.message).toMatch(/above your own limit/);
    }
  });

  it.each([
    ['provisional credit', 'provisional-credit'],
    ['correction', 'correction'],
  ] as const)(
    '%s: queued once, approved by another supervisor, then done once',
    async (_n, kind) => {
      const agent = await app.as('agent');
      const c = await openCase(agent, 600_000);
      if (kind === 'correction') {
        await agent.disputes.recordDetermination({
          id: c.id,
          outcome: 'error_found',
          explanation: 'Taken twice.',
          version: await version(agent, c.id),
        });
      }
      const step = async () =>
        kind === 'correction'
          ? agent.disputes.postCorrection({
              id: c.id,
              amountCents: 600_000,
              version: await version(agent, c.id),
            })
          : agent.disputes.postProvisionalCredit({
              id: c.id,
              amountCents: 600_000,
              version: await version(agent, c.id),
            });
      const untouched = await ledgerEntriesOf(app.deps.db, c.accountId);
      const first = await refusal(step());
      expect(first.code).toBe('PRECONDITION_FAILED');
      expect(first.message).toMatch(/above your limit of \$5,000\.00 per item/);
      const approvalId = first.detail?.approvalId ?? 0;
      expect(approvalId).toBeGreaterThan(0);
      // Trying again while it waits asks nobody twice; nothing was posted.
      expect((await refusal(step())).message).toMatch(/waiting for a supervisor/);
      expect(await approvals()).toHaveLength(1);
      expect(await ledgerEntriesOf(app.deps.db, c.accountId)).toEqual(untouched);

      // An agent cannot approve; the queue shows it to supervisors.
      expect((await refusal(agent.authority.approve({ id: approvalId }))).code).toBe('FORBIDDEN');
      const sup = await app.as('supervisor');
      expect((await sup.authority.approvals()).map((a) => a.id)).toEqual([approvalId]);
      await sup.authority.approve({ id: approvalId, note: 'Statement checked' });

      const ledgerBefore = (await ledgerEntriesOf(app.deps.db, c.accountId)).length;
      await step();
      expect((await ledgerEntriesOf(app.deps.db, c.accountId)).length).toBe(ledgerBefore + 1);
      expect((await approvals())[0]).toMatchObject({ status: 'used', decided_by: sup.userId });
      const audit = await app.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_type', '=', 'authority-approval')
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual([
        'authority.approval-requested',
        'authority.approve',
        'authority.approval-used',
      ]);
    },
  );

  it('maker ≠ checker: a supervisor above their own limit cannot approve their own request', async () => {
    const sup = await app.as('supervisor', 'sup-maker');
    const c = await openCase(sup, 6_000_000);
    const r = await refusal(
      sup.disputes.postProvisionalCredit({
        id: c.id,
        amountCents: 6_000_000,
        version: await version(sup, c.id),
      }),
    );
    const id = r.detail?.approvalId ?? 0;
    expect((await refusal(sup.authority.approve({ id }))).message).toMatch(/your own request/);
    const admin = await app.as('admin');
    await admin.authority.reject({ id, note: 'Needs the bank statement' });
    expect((await approvals())[0]).toMatchObject({ status: 'rejected' });
    // A rejected request does not let the step through: it is asked again.
    const again = await refusal(
      sup.disputes.postProvisionalCredit({
        id: c.id,
        amountCents: 6_000_000,
        version: await version(sup, c.id),
      }),
    );
    expect(again.detail?.approvalId).not.toBe(id);
  });

  it('per day: small credits add up, and the one that passes the day’s limit waits', async () => {
    const admin = await app.as('admin');
    await admin.authority.updateRule({
      role: 'agent',
      action: 'provisional-credit',
      perItemCents: 300_000,
      perCaseCents: 300_000,
      perDayCents: 500_000,
      secondPerson: false,
      reason: 'Test day limit',
    });
    const agent = await app.as('agent');
    const credit = async (n: number) => {
      const c = await openCase(agent, 200_000, n);
      return agent.disputes.postProvisionalCredit({
        id: c.id,
        amountCents: 200_000,
        version: await version(agent, c.id),
      });
    };
    await credit(1);
    await credit(2);
    const third = await refusal(credit(3));
    expect(third.message).toMatch(
      /\$6,000\.00 today would be above your limit of \$5,000\.00 per day/,
    );
  });

  it('mail posting: a cheque above the poster’s per-item limit waits for approval', async () => {
    const fx = await seedMailFixture(app);
    const admin = await app.as('admin');
    await admin.authority.updateRule({
      role: 'agent',
      action: 'mail-posting',
      perItemCents: 30_000,
      perCaseCents: null,
      perDayCents: null,
      secondPerson: false,
      reason: 'New keyers',
    });
    const agent = await app.as('agent');
    const batch = await agent.mailPayments.batches.open({
      lockboxId: 'lease-phoenix',
      receiptDate: '2026-11-18',
      controlCount: 1,
      controlTotal: '45000',
    });
    await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.lease.accountNumber),
    });
    const before = await ledgerEntriesOf(app.deps.db, fx.lease.id);
    const r = await refusal(agent.mailPayments.batches.post({ batchId: batch.id }));
    expect(r.message).toMatch(/\$450\.00 is above your limit of \$300\.00 per item/);
    expect((await agent.mailPayments.batches.get({ batchId: batch.id })).batch.status).toBe('open');
    expect(await ledgerEntriesOf(app.deps.db, fx.lease.id)).toEqual(before);
    const sup = await app.as('supervisor');
    await sup.authority.approve({ id: r.detail?.approvalId ?? 0 });
    expect((await agent.mailPayments.batches.post({ batchId: batch.id })).postedCount).toBe(1);
  });
});

describe('the matrix is data an admin edits, validated and audited', () => {
  it('a second person for every correction, whatever the amount', async () => {
    const admin = await app.as('admin');
    await admin.authority.updateRule({
      role: 'agent',
      action: 'correction',
      perItemCents: 500_000,
      perCaseCents: 1_000_000,
      perDayCents: 5_000_000,
      secondPerson: true,
      reason: 'Audit finding 2026-14',
    });
    const agent = await app.as('agent');
    const c = await openCase(agent, 100);
    await agent.disputes.recordDetermination({
      id: c.id,
      outcome: 'error_found',
      explanation: 'Taken twice.',
      version: await version(agent, c.id),
    });
    const r = await refusal(
      agent.disputes.postCorrection({
        id: c.id,
        amountCents: 100,
        version: await version(agent, c.id),
      }),
    );
    expect(r.message).toMatch(/always needs a second person/);
    const audit = await app.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'authority.rule-update')
      .executeTakeFirstOrThrow();
    expect(audit.reason).toBe('Audit finding 2026-14');
    expect(JSON.parse(audit.before_json ?? 'null')).toMatchObject({ secondPerson: false });
    expect(JSON.parse(audit.after_json ?? 'null')).toMatchObject({ secondPerson: true });
  });

  it('refuses an incoherent or out-of-range matrix, and anyone but an admin', async () => {
    const admin = await app.as('admin');
    const base = {
      role: 'agent' as const,
      action: 'reversal' as const,
      perItemCents: 500_000,
      perCaseCents: 100_000,
      perDayCents: null,
      secondPerson: false,
      reason: 'Typo',
    };
    const bad = await refusal(admin.authority.updateRule(base));
    expect(bad.code).toBe('BAD_REQUEST');
    for (const wrong of [
      { perItemCents: -1 },
      { perDayCents: 1.5 },
      { perCaseCents: 10_000_000_001 },
    ]) {
      expect(
        (await refusal(admin.authority.updateRule({ ...base, perCaseCents: null, ...wrong }))).code,
      ).toBe('BAD_REQUEST');
    }
    const sup = await app.as('supervisor');
    expect((await refusal(sup.authority.updateRule({ ...base, perCaseCents: 600_000 }))).code).toBe(
      'FORBIDDEN',
    );
    const rules = await admin.authority.rules();
    expect(rules.find((r) => r.role === 'agent' && r.action === 'reversal')).toMatchObject({
      perItemCents: 500_000,
      perCaseCents: 1_000_000,
    });
  });
});
