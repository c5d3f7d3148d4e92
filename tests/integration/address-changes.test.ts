import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from '../../db/repositories/accounts.ts';
import { addAddress, addressAsOf } from '../../db/repositories/customer-addresses.ts';
import { customerFlags } from '../../db/repositories/customer-flags.ts';
import { createCustomer } from '../../db/repositories/customers.ts';
import { createTestApp, type TestApp } from './harness.ts';

const VIN = '1M8GDM9AXKP042788';
const NOW = '2026-11-20T15:00:00.000Z'; // 10:00 in New York, Friday 2026-11-20

async function fixture(
  app: TestApp,
  opts: {
    region?: string;
    postal?: string;
    name?: string;
    line1?: string;
    vin?: string;
    acct?: string;
  } = {},
) {
  const db = app.deps.db;
  const at = app.clock.now().toISOString();
  const c = await createCustomer(
    db,
    {
      firstName: opts.name ?? 'Hélène',
      lastName: 'Tremblay',
      dateOfBirth: '1980-04-12',
      ssnLast4: '4321',
      language: 'fr',
    },
    at,
  );
  await addAddress(
    db,
    {
      customerId: c.id,
      line1: opts.line1 ?? '12 MAIN ST',
      city: 'ALBANY',
      region: opts.region ?? 'NY',
      postalCode: opts.postal ?? '12207',
      country: 'US',
      effectiveFrom: '2020-01-01',
      source: 'origination',
    },
    at,
  );
  const lease = await createAccount(
    db,
    {
      accountNumber: opts.acct ?? '1000000001',
      type: 'lease',
      vin: opts.vin ?? VIN,
      vehicle: { year: 2024, make: 'MINI', model: 'Cooper' },
      holderCustomerId: c.id,
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
  return { customer: c, lease };
}

const BOSTON = {
  country: 'US' as const,
  line1: '200 boylston street apartment 5',
  city: 'Boston',
  region: 'Massachusetts',
  postalCode: '02116',
};

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp({ now: NOW });
});
afterEach(() => app.close());

async function verifyOk(customerId: number) {
  const agent = await app.as('agent');
  return agent.addressChanges.verify({
    customerId,
    channel: 'phone',
    method: 'dob_ssn_zip',
    dateOfBirth: '1980-04-12',
    ssnLast4: '4321',
    postalCode: '12207-0001',
  });
}

describe('identity verification', () => {
  it('never sends the answers on file to the client', async () => {
    const { customer } = await fixture(app);
    const agent = await app.as('agent');
    const ctx = await agent.addressChanges.context({ customerId: customer.id });
    const json = JSON.stringify(ctx);
    expect(json).not.toContain('1980-04-12');
    expect(json).not.toContain('4321');
    expect(json).not.toContain(VIN);
    expect(ctx.methods).toEqual(['dob_ssn_zip', 'dob_vin']);
  });

  it('locks after three failures, even for right answers, raises a flag, and unlocks after the configured time', async () => {
    const { customer } = await fixture(app);
    const agent = await app.as('agent');
    const wrong = {
      customerId: customer.id,
      channel: 'phone' as const,
      method: 'dob_vin' as const,
      dateOfBirth: '1980-04-12',
      vin: '1M8GDM9AXKP042789',
    };
    await expect(agent.addressChanges.verify(wrong)).rejects.toThrow(/2 attempt/);
    await expect(agent.addressChanges.verify(wrong)).rejects.toThrow(/1 attempt/);
    await expect(agent.addressChanges.verify(wrong)).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    const flags = await customerFlags(app.deps.db, customer.id);
    expect(flags.map((f) => f.kind)).toContain('identity-verification-locked');
    // Failed attempts persisted although each call threw.
    const rows = await app.deps.db
      .selectFrom('identity_verifications')
      .select('result')
      .where('customer_id', '=', customer.id)
      .execute();
    expect(rows.map((r) => r.result)).toEqual(['failed', 'failed', 'failed']);

    await expect(verifyOk(customer.id)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    app.clock.advanceMinutes(59);
    await expect(verifyOk(customer.id)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    app.clock.advanceMinutes(2);
    const ok = await verifyOk(customer.id);
    expect(ok.result).toBe('passed');
    // Three failures and two attempts refused while locked.
    expect(ok.failedBefore).toBe(5);
    // …and the failed-then-passed pattern sends the change to a supervisor.
    const submitted = await agent.addressChanges.submit({
      customerId: customer.id,
      requesterCustomerId: customer.id,
      verificationId: ok.verificationId,
      channel: 'phone',
      accountIds: [
        (await app.deps.db.selectFrom('accounts').select('id').executeTakeFirstOrThrow()).id,
      ],
      address: BOSTON,
      effectiveFrom: '2026-11-20',
      reason: 'Moved',
    });
    expect(submitted.status).toBe('pending_approval');
    expect(submitted.redFlags.map((f) => f.kind)).toEqual(['failed-then-passed']);
  });

  it('verifies a business customer by VIN only', async () => {
    const at = app.clock.now().toISOString();
    const biz = await createCustomer(
      app.deps.db,
      { firstName: 'Pat', lastName: 'Owner', businessName: 'Acme Courier Inc' },
      at,
    );
    await createAccount(
      app.deps.db,
      {
        accountNumber: '1000000009',
        type: 'loan',
        vin: VIN,
        vehicle: { year: 2025, make: 'MINI', model: 'Countryman' },
        holderCustomerId: biz.id,
        termMonths: 60,
        frequency: 'monthly',
        paymentCents: 60_000,
        dueDay: 10,
        openedOn: '2025-02-10',
        amountFinancedCents: 4_000_000,
        aprBps: 599,
      },
      at,
    );
    const agent = await app.as('agent');
    await expect(
      agent.addressChanges.verify({
        customerId: biz.id,
        channel: 'phone',
        method: 'dob_vin',
        dateOfBirth: '1980-01-01',
        vin: VIN,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(
      (
        await agent.addressChanges.verify({
          customerId: biz.id,
          channel: 'phone',
          method: 'vin',
          vin: VIN.toLowerCase(),
        })
      ).result,
    ).toBe('passed');
  });
});

describe('address change', () => {
  it('applies a clean change at once: effects, history, letters to both addresses', async () => {
    const { customer, lease } = await fixture(app);
    const agent = await app.as('agent');
    const v = await verifyOk(customer.id);
    const preview = await agent.addressChanges.preview({
      customerId: customer.id,
      accountIds: [lease.id],
      address: BOSTON,
      verificationId: v.verificationId,
    });
    expect(preview.address).toMatchObject({
      line1: '200 BOYLSTON ST APT 5',
      city: 'BOSTON',
      region: 'MA',
      postalCode: '02116',
    });
    expect(preview.effects.fee).toEqual({ beforeCents: 2000, afterCents: 1000, changed: true });
    expect(preview.effects.massachusettsRule.change).toBe('starts');
    expect(preview.effects.leaseNotices).toHaveLength(1);
    expect(preview.effects.lockboxes[0]?.after.id).toBe('lease-louisville');
    expect(preview.needsApproval).toBe(false);

    const r = await agent.addressChanges.submit({
      customerId: customer.id,
      requesterCustomerId: customer.id,
      verificationId: v.verificationId,
      channel: 'phone',
      accountIds: [lease.id],
      address: BOSTON,
      effectiveFrom: '2026-11-20',
      reason: 'Customer moved',
    });
    expect(r.status).toBe('applied');
    expect(r.letters.map((l) => [l.recipient, l.language])).toEqual([
      ['old', 'fr'],
      ['new', 'fr'],
    ]);
    expect(r.letters[0]?.mailingAddress).toContain('12 MAIN ST');
    expect(r.letters[1]?.mailingAddress).toContain('200 BOYLSTON ST APT 5');
    expect((await addressAsOf(app.deps.db, customer.id, '2026-11-20'))?.line1).toBe(
      '200 BOYLSTON ST APT 5',
    );
    expect((await addressAsOf(app.deps.db, customer.id, '2026-11-19'))?.line1).toBe('12 MAIN ST');
    const pdf = await agent.addressChanges.letterPdf({ letterId: r.letters[0]!.id });
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    // A verification is good for one change only.
    await expect(
      agent.addressChanges.submit({
        customerId: customer.id,
        requesterCustomerId: customer.id,
        verificationId: v.verificationId,
        channel: 'phone',
        accountIds: [lease.id],
        address: BOSTON,
        effectiveFrom: '2026-11-20',
        reason: 'again',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('rejects an impossible address with field-level errors', async () => {
    const { customer, lease } = await fixture(app);
    const agent = await app.as('agent');
    const v = await verifyOk(customer.id);
    await expect(
      agent.addressChanges.submit({
        customerId: customer.id,
        requesterCustomerId: customer.id,
        verificationId: v.verificationId,
        channel: 'mail',
        accountIds: [lease.id],
        address: {
          country: 'CA',
          line1: '45 rue Principale',
          city: 'Montréal',
          region: 'QC',
          postalCode: 'M5H 2N2',
        },
        effectiveFrom: '2026-11-20',
        reason: 'Moved',
      }),
    ).rejects.toMatchObject({
      cause: {
        fields: { 'address.postalCode': expect.stringContaining('Ontario') },
        // The form shows the keyed reason in the agent's language.
        fieldMessages: {
          'address.postalCode': {
            key: 'validators.postal.wrongProvince',
            params: {
              district: 'M',
              where: { key: 'validators.province.ON', params: {} },
              province: { key: 'validators.province.QC', params: {} },
            },
          },
        },
      },
    });
  });

  it('a future-dated change takes effect on its date by the app clock', async () => {
    const { customer, lease } = await fixture(app);
    const agent = await app.as('agent');
    const v = await verifyOk(customer.id);
    const r = await agent.addressChanges.submit({
      customerId: customer.id,
      requesterCustomerId: customer.id,
      verificationId: v.verificationId,
      channel: 'phone',
      accountIds: [lease.id],
      address: BOSTON,
      effectiveFrom: '2026-12-01',
      reason: 'Moving next month',
    });
    expect(r.status).toBe('applied');
    expect(
      (await agent.addressChanges.context({ customerId: customer.id })).currentAddress?.line1,
    ).toBe('12 MAIN ST');
    app.clock.set('2026-12-01T14:00:00.000Z');
    // A caller's "now" is read when its request starts: ask again as a new request.
    const after = await (await app.as('agent')).addressChanges.context({ customerId: customer.id });
    expect(after.currentAddress?.line1).toBe('200 BOYLSTON ST APT 5');
    expect(after.history.map((h) => [h.line1, h.effectiveFrom, h.effectiveTo])).toEqual([
      ['200 BOYLSTON ST APT 5', '2026-12-01', null],
      ['12 MAIN ST', '2020-01-01', '2026-12-01'],
    ]);
  });

  it('a second change within 30 days waits for a supervisor; the maker cannot approve it', async () => {
    const { customer, lease } = await fixture(app);
    const sup = await app.as('supervisor');
    const v1 = await verifyOk(customer.id);
    await sup.addressChanges.submit({
      customerId: customer.id,
      requesterCustomerId: customer.id,
      verificationId: v1.verificationId,
      channel: 'phone',
      accountIds: [lease.id],
      address: BOSTON,
      effectiveFrom: '2026-11-20',
      reason: 'Moved',
    });
    app.clock.set('2026-12-05T15:00:00.000Z');
    const sup2 = await app.as('supervisor');
    const v2 = await sup2.addressChanges.verify({
      customerId: customer.id,
      channel: 'phone',
      method: 'dob_vin',
      dateOfBirth: '1980-04-12',
      vin: VIN,
    });
    const second = await sup2.addressChanges.submit({
      customerId: customer.id,
      requesterCustomerId: customer.id,
      verificationId: v2.verificationId,
      channel: 'phone',
      accountIds: [lease.id],
      address: {
        country: 'US',
        line1: '1 Elm St',
        city: 'Hartford',
        region: 'CT',
        postalCode: '06103',
      },
      effectiveFrom: '2026-12-05',
      reason: 'Moved again',
    });
    expect(second.status).toBe('pending_approval');
    expect(second.redFlags.map((f) => f.kind)).toEqual(['second-change']);
    expect((await addressAsOf(app.deps.db, customer.id, '2026-12-05'))?.city).toBe('BOSTON');
    const queue = await sup2.addressChanges.queue();
    expect(queue.map((q) => q.id)).toEqual([second.id]);
    expect(queue[0]?.redFlags[0]?.detail).toMatch(/within 30 days/);
    await expect(
      sup2.addressChanges.approve({ id: second.id, reason: 'looks fine' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const agent = await app.as('agent');
    await expect(
      agent.addressChanges.approve({ id: second.id, reason: 'looks fine' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    app.clock.set('2026-12-07T15:00:00.000Z');
    const checker = await app.as('supervisor', 'supervisor-2');
    await checker.addressChanges.approve({
      id: second.id,
      reason: 'Called back at the number on file',
    });
    const change = await checker.addressChanges.get({ id: second.id });
    expect(change.status).toBe('applied');
    expect(change.letters).toHaveLength(2);
    // Approved after its date: it applies from the approval day, not retroactively.
    expect((await addressAsOf(app.deps.db, customer.id, '2026-12-06'))?.city).toBe('BOSTON');
    expect((await addressAsOf(app.deps.db, customer.id, '2026-12-07'))?.city).toBe('HARTFORD');
  });

  it('a payoff request two days after a change sends it back for review; rejecting restores the old address', async () => {
    const { customer, lease } = await fixture(app);
    const agent = await app.as('agent');
    const v = await verifyOk(customer.id);
    const r = await agent.addressChanges.submit({
      customerId: customer.id,
      requesterCustomerId: customer.id,
      verificationId: v.verificationId,
      channel: 'phone',
      accountIds: [lease.id],
      address: BOSTON,
      effectiveFrom: '2026-11-20',
      reason: 'Moved',
    });
    app.clock.set('2026-11-22T15:00:00.000Z');
    const req = await (
      await app.as('agent')
    ).addressChanges.recordRequest({
      customerId: customer.id,
      accountId: lease.id,
      kind: 'payoff',
      channel: 'phone',
    });
    expect(req.suspectedChanges).toEqual([r.id]);
    const sup = await app.as('supervisor');
    const [queued] = await sup.addressChanges.queue();
    expect(queued).toMatchObject({ id: r.id, status: 'in_review' });
    expect(queued?.redFlags.map((f) => f.kind)).toEqual(['payoff-or-title-request']);
    expect((await customerFlags(app.deps.db, customer.id)).map((f) => f.kind)).toContain(
      'address-change-review',
    );
    await sup.addressChanges.reject({ id: r.id, reason: 'Customer at old number denies the move' });
    expect((await addressAsOf(app.deps.db, customer.id, '2026-11-22'))?.line1).toBe('12 MAIN ST');
    expect((await sup.addressChanges.get({ id: r.id })).status).toBe('reverted');
  });

  it('flags a new address that is another customer’s (normalised comparison)', async () => {
    await fixture(app, {
      name: 'Other',
      line1: '200 BOYLSTON ST APT 5',
      region: 'MA',
      postal: '02116',
      vin: '1HGCM82633A004352',
      acct: '1000000002',
    });
    const { customer, lease } = await fixture(app);
    const agent = await app.as('agent');
    const v = await verifyOk(customer.id);
    const r = await agent.addressChanges.submit({
      customerId: customer.id,
      requesterCustomerId: customer.id,
      verificationId: v.verificationId,
      channel: 'phone',
      accountIds: [lease.id],
      address: BOSTON,
      effectiveFrom: '2026-11-20',
      reason: 'Moved',
    });
    expect(r.status).toBe('pending_approval');
    expect(r.redFlags.map((f) => f.kind)).toEqual(['shared-address']);
  });
});
