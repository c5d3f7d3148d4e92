import { extractText, getDocumentProxy } from 'unpdf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from '../../db/repositories/accounts.ts';
import { addAddress } from '../../db/repositories/customer-addresses.ts';
import { customerFlags } from '../../db/repositories/customer-flags.ts';
import { addPhone, createCustomer } from '../../db/repositories/customers.ts';
import { requireAccount } from '../../server/customers/load-customer.ts';
import { postLedgerEntry } from '../../db/repositories/ledger.ts';
import { readSettings } from '../../server/core/settings.ts';
import { formatCents } from '../../server/domain/money.ts';
import { accountSummary } from '../../server/ledger/account-position.ts';
import { simulatePortalTrouble } from '../../server/calls/portal-trouble.ts';
import { simulatorOf } from '../../server/messages/simulator.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { englishOf } from '../../server/domain/shared/server-messages.ts';

const VIN = '1M8GDM9AXKP042788';
const DOB = '1980-04-12';
const RIGHT = {
  method: 'dob_ssn_zip' as const,
  dateOfBirth: DOB,
  ssnLast4: '4321',
  postalCode: '12207',
};
const WRONG = { ...RIGHT, ssnLast4: '9999' };

async function fixture(app: TestApp) {
  const db = app.deps.db;
  const at = '2026-01-02T15:00:00.000Z';
  const c = await createCustomer(
    db,
    {
      firstName: 'Hélène',
      lastName: 'Tremblay',
      dateOfBirth: DOB,
      ssnLast4: '4321',
      language: 'fr',
      email: 'helene@example.com',
    },
    at,
  );
  await addPhone(
    db,
    { customerId: c.id, kind: 'mobile', number: '5185550142', isPrimary: true },
    at,
  );
  await addAddress(
    db,
    {
      customerId: c.id,
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
  // Due on the 28th: Sat 2026-11-28 is debited Mon 2026-11-30; cancel by Tue 2026-11-24 (Thanksgiving skipped).
  const lease = await createAccount(
    db,
    {
      accountNumber: '1000000001',
      type: 'lease',
      vin: VIN,
      vehicle: { year: 2024, make: 'MINI', model: 'Cooper' },
      holderCustomerId: c.id,
      termMonths: 48,
      frequency: 'monthly',
      paymentCents: 45_000,
      dueDay: 28,
      openedOn: '2024-01-05',
      amountFinancedCents: 3_000_000,
      aprBps: 399,
      residualCents: 1_500_000,
      easyPay: { bankAccount: '000123456789', routing: '011000015' },
    },
    at,
  );
  return { customer: c, lease };
}

async function pdfText(base64: string): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(Buffer.from(base64, 'base64')));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

/** A loan beside the lease (the per-diem case): 84 months at 6.99 %. */
async function addLoan(app: TestApp, customerId: number) {
  return createAccount(
    app.deps.db,
    {
      accountNumber: '2000000002',
      type: 'loan',
      vin: 'WBA5R1C50KAJ12345',
      vehicle: { year: 2023, make: 'BMW', model: 'X3' },
      holderCustomerId: customerId,
      termMonths: 84,
      frequency: 'monthly',
      paymentCents: 60_000,
      dueDay: 10,
      openedOn: '2025-01-15',
      amountFinancedCents: 4_000_000,
      aprBps: 699,
      residualCents: null,
    },
    '2026-01-02T15:00:00.000Z',
  );
}

async function count(
  app: TestApp,
  table: 'easypay_changes' | 'interaction_actions' | 'call_letters',
) {
  const row = await app.deps.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('calls', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp({ now: '2026-11-23T15:00:00.000Z' });
  });
  afterEach(() => app.close());

  it('opens one call at a time: the next waits for the wrap-up, which records handle and wrap-up time', async () => {
    const { customer } = await fixture(app);
    let agent = await app.as('agent');
    /** A caller's "now" is read when its context is made: a new one after the clock moves. */
    const at = async (iso: string) => {
      app.clock.set(new Date(iso));
      agent = await app.as('agent');
    };
    const { callId } = await agent.calls.start({
      customerId: customer.id,
      callerPhone: '(518) 555-0142',
    });
    await expect(agent.calls.start({ customerId: customer.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    await at('2026-11-23T15:04:00.000Z');
    await agent.calls.end({ callId });
    await expect(agent.calls.start({})).rejects.toThrow(/Wrap up call/);
    await at('2026-11-23T15:05:30.000Z');
    await expect(
      agent.calls.wrapUp({ callId, reasons: [], outcome: 'resolved' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      agent.calls.wrapUp({ callId, reasons: ['payoff'], outcome: 'follow_up' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const done = await agent.calls.wrapUp({
      callId,
      reasons: ['payoff', 'easypay'],
      outcome: 'follow_up',
      followUpOn: '2026-11-25',
      notes: 'Asked for a payoff quote.',
    });
    expect(done).toEqual({ callId, handleSeconds: 330, wrapSeconds: 90 });
    const view = await agent.calls.get({ callId });
    expect(view.call).toMatchObject({
      status: 'closed',
      reasons: ['easypay', 'payoff'],
      callerPhoneMasked: 'XXXXXX-0142',
    });
    // Free again; an unknown caller is matched to a record later.
    const second = await agent.calls.start({ callerPhone: '5185550199' });
    await expect(agent.calls.verify({ callId: second.callId, ...RIGHT })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    await agent.calls.matchCustomer({ callId: second.callId, customerId: customer.id });
    expect((await agent.calls.current()).current?.customer?.id).toBe(customer.id);
    // Another agent cannot act on this call.
    const other = await app.as('agent', 'agent-two');
    await expect(other.calls.end({ callId: second.callId })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('refuses the gated actions to an unverified caller and leaves the database unchanged', async () => {
    const { customer, lease } = await fixture(app);
    const agent = await app.as('agent');
    const { callId } = await agent.calls.start({ customerId: customer.id });
    const refusedAll = async () => {
      await expect(
        agent.calls.cancelEasyPay({ callId, accountId: lease.id }),
      ).rejects.toMatchObject({
        code: 'PRECONDITION_FAILED',
      });
      await expect(
        agent.calls.discloseBalance({ callId, accountId: lease.id }),
      ).rejects.toMatchObject({
        code: 'PRECONDITION_FAILED',
      });
    };
    await refusedAll();
    // A wrong answer is recorded on the call and is no better.
    await expect(agent.calls.verify({ callId, ...WRONG })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect((await agent.calls.get({ callId })).call.verificationResult).toBe('failed');
    await refusedAll();
    expect(await count(app, 'easypay_changes')).toBe(0);
    expect(await count(app, 'interaction_actions')).toBe(0);
    expect((await requireAccount(app.deps.db, lease.id)).easyPay.enrolled).toBe(true);
    // The call's verification is not an address-change verification for someone else either.
    const ok = await agent.calls.verify({ callId, ...RIGHT });
    expect(ok.result).toBe('passed');
    await expect(agent.calls.verify({ callId, ...RIGHT })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const balance = await agent.calls.discloseBalance({ callId, accountId: lease.id });
    expect(balance.accountNumber).toBe('1000000001');
    expect(typeof balance.summary.amountDueCents).toBe('number');
    // The passed verification is the one the address-change intake takes for this requester.
    const view = await agent.calls.get({ callId });
    expect(view.call.verificationId).toBe(ok.verificationId);
    const submit = await agent.addressChanges.submit({
      customerId: customer.id,
      requesterCustomerId: customer.id,
      verificationId: ok.verificationId,
      channel: 'phone',
      accountIds: [lease.id],
      address: {
        country: 'US',
        line1: '40 State Street',
        city: 'Albany',
        region: 'NY',
        postalCode: '12207',
      },
      effectiveFrom: '2026-11-23',
      reason: 'Moved',
    });
    // Accepted; the failed attempt earlier on this call is a red flag, so it waits for a supervisor.
    expect(submit.status).toBe('pending_approval');
    expect(submit.redFlags.length).toBeGreaterThan(0);
  });

  it('shares the lock with the address-change check: three failures lock and flag the customer', async () => {
    const { customer, lease } = await fixture(app);
    const agent = await app.as('agent');
    const { callId } = await agent.calls.start({ customerId: customer.id });
    await expect(agent.calls.verify({ callId, ...WRONG })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(agent.calls.verify({ callId, ...WRONG })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(agent.calls.verify({ callId, ...WRONG })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    // Even the right answers are refused while locked, here and in the address-change intake.
    await expect(agent.calls.verify({ callId, ...RIGHT })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    const ctx = await agent.addressChanges.context({ customerId: customer.id });
    expect(ctx.lock.locked).toBe(true);
    expect((await customerFlags(app.deps.db, customer.id)).map((f) => f.kind)).toContain(
      'identity-verification-locked',
    );
    expect((await agent.calls.get({ callId })).call.verificationResult).toBe('locked');
    await expect(agent.calls.cancelEasyPay({ callId, accountId: lease.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
  });

  describe('EasyPay cancellation (seed 002: three business days before the payment day)', () => {
    async function cancelOn(instant: string) {
      app.clock.set(new Date(instant));
      const { customer, lease } = await fixture(app);
      const agent = await app.as('agent');
      const { callId } = await agent.calls.start({ customerId: customer.id });
      const preview = (await agent.calls.current()).current!.customer!.accounts[0]!.easyPay
        .cancellation;
      await agent.calls.verify({ callId, ...RIGHT });
      const result = await agent.calls.cancelEasyPay({ callId, accountId: lease.id });
      expect(result.cancellation).toEqual(preview);
      expect((await requireAccount(app.deps.db, lease.id)).easyPay.enrolled).toBe(false);
      await expect(
        agent.calls.cancelEasyPay({ callId, accountId: lease.id }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      return result;
    }

    it('on the last allowed day (Tue 2026-11-24) stops the debit of Mon 2026-11-30', async () => {
      const { change, cancellation } = await cancelOn('2026-11-24T20:00:00.000Z');
      expect(cancellation.stops).toMatchObject({
        dueDate: '2026-11-28',
        debitDate: '2026-11-30',
        cancelBy: '2026-11-24',
      });
      expect(cancellation.goesAhead).toBeNull();
      expect(englishOf(cancellation.summary)).toMatch(
        /Stops the debit of Mon 2026-11-30.*last day allowed/,
      );
      expect(change).toMatchObject({
        requestedOn: '2026-11-24',
        stopsDueOn: '2026-11-28',
        stopsDebitOn: '2026-11-30',
        goesAheadDueOn: null,
      });
      // The audit row shows what the call did: the debit it stopped, pointing at the change.
      const audit = await app.deps.db
        .selectFrom('audit_log')
        .select(['before_json', 'after_json'])
        .where('action', '=', 'call.cancel-easypay')
        .executeTakeFirstOrThrow();
      const added = JSON.parse(audit.after_json!).actions.slice(
        JSON.parse(audit.before_json!).actions.length,
      );
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({
        kind: 'easypay_cancelled',
        target: `easypay-change:${change.id}`,
      });
      expect(added[0].summary).toMatch(/Stops the debit of Mon 2026-11-30/);
    });

    it('the day after (Wed 2026-11-25) lets the November debit go ahead and stops December’s', async () => {
      const { change, cancellation } = await cancelOn('2026-11-25T14:00:00.000Z');
      expect(cancellation.goesAhead).toMatchObject({
        dueDate: '2026-11-28',
        debitDate: '2026-11-30',
        cancelBy: '2026-11-24',
      });
      expect(cancellation.stops).toMatchObject({ dueDate: '2026-12-28', debitDate: '2026-12-28' });
      expect(englishOf(cancellation.summary)).toMatch(
        /2026-11-30 .*still goes ahead.*Thanksgiving/,
      );
      expect(change).toMatchObject({
        requestedOn: '2026-11-25',
        stopsDueOn: '2026-12-28',
        goesAheadDueOn: '2026-11-28',
        goesAheadDebitOn: '2026-11-30',
      });
    });
  });

  it('online access: unlock, link code and e-mail change only for a verified caller; notices to both addresses', async () => {
    const { customer, lease } = await fixture(app);
    const db = app.deps.db;
    await db
      .insertInto('portal_accounts')
      .values({
        customer_id: customer.id,
        login_email: 'helene@example.com',
        enrolled_at: '2024-01-10T15:00:00.000Z',
        activated_at: '2024-01-10T15:05:00.000Z',
        paperless: 1,
        failed_sign_ins: 5,
        locked_until: '2026-11-23T15:20:00.000Z',
        updated_at: '2026-11-23T14:50:00.000Z',
      })
      .execute();
    await db
      .insertInto('portal_account_links')
      .values({
        customer_id: customer.id,
        account_id: lease.id,
        linked_at: '2024-01-10T15:10:00.000Z',
      })
      .execute();
    const agent = await app.as('agent');
    const status = await agent.calls.portal.status({ customerId: customer.id });
    expect(status).toMatchObject({
      enrolled: true,
      locked: true,
      lockedUntil: '2026-11-23T15:20:00.000Z',
      failedSignIns: 5,
      maxFailedSignIns: 5,
      paperless: true,
      linkedAccounts: [{ accountNumber: '1000000001' }],
    });
    const { callId } = await agent.calls.start({ customerId: customer.id });
    for (const refused of [
      agent.calls.portal.unlock({ callId }),
      agent.calls.portal.resendLinkCode({ callId }),
      agent.calls.portal.updateEmail({ callId, email: 'new@example.com' }),
    ]) {
      await expect(refused).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    }
    await agent.calls.verify({ callId, ...RIGHT });
    await agent.calls.portal.unlock({ callId });
    expect(await agent.calls.portal.status({ customerId: customer.id })).toMatchObject({
      locked: false,
      failedSignIns: 0,
    });
    await expect(agent.calls.portal.unlock({ callId })).rejects.toMatchObject({ code: 'CONFLICT' });
    const code = await agent.calls.portal.resendLinkCode({ callId });
    expect(code).toEqual({ sentToMasked: 'XXXXXX-0142', expiresAt: '2026-11-23T15:15:00.000Z' });
    await expect(
      agent.calls.portal.updateEmail({ callId, email: 'not-an-email' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await agent.calls.portal.updateEmail({ callId, email: 'Helene.T@Example.org' })).toEqual(
      {
        email: 'helene.t@example.org',
        notices: 2,
      },
    );
    const mails = await db
      .selectFrom('email_outbox')
      .select(['to_address', 'language', 'status', 'body_text'])
      .orderBy('id')
      .execute();
    expect(mails.map((m) => [m.to_address, m.language, m.status])).toEqual([
      ['helene@example.com', 'fr', 'held'],
      ['helene.t@example.org', 'fr', 'held'],
    ]);
    expect(mails[0]!.body_text).toContain('h***@example.org');
    expect((await agent.calls.portal.status({ customerId: customer.id })).emailOnFile).toBe(
      'helene.t@example.org',
    );
    const actions = (await agent.calls.get({ callId })).actions.map((a) => a.kind);
    expect(actions).toEqual(['portal_unlocked', 'link_code_resent', 'email_updated']);
    const audited = await db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'call.update-email')
      .execute();
    expect(audited.map((a) => JSON.parse(a.after_json!).emailChange)).toEqual([
      { customerId: customer.id, from: 'helene@example.com', to: 'helene.t@example.org' },
    ]);
  });

  it('supervisor report: contacts by reason and hour, handle and wrap-up per agent, repeat callers, CSV', async () => {
    const { customer } = await fixture(app);
    const call = async (
      iso: string,
      endIso: string,
      wrapIso: string,
      reasons: string[],
      customerId: number | null,
    ) => {
      app.clock.set(new Date(iso));
      const { callId } = await (await app.as('agent')).calls.start({ customerId });
      app.clock.set(new Date(endIso));
      await (await app.as('agent')).calls.end({ callId });
      app.clock.set(new Date(wrapIso));
      await (await app.as('agent')).calls.wrapUp({ callId, reasons, outcome: 'resolved' });
    };
    // Mon 09:10 and Wed 14:05 New York: the same customer twice within 7 days.
    await call(
      '2026-11-23T14:10:00.000Z',
      '2026-11-23T14:14:00.000Z',
      '2026-11-23T14:15:00.000Z',
      ['easypay', 'payoff'],
      customer.id,
    );
    await call(
      '2026-11-25T19:05:00.000Z',
      '2026-11-25T19:07:00.000Z',
      '2026-11-25T19:08:00.000Z',
      ['easypay'],
      customer.id,
    );
    await call(
      '2026-11-25T19:20:00.000Z',
      '2026-11-25T19:21:00.000Z',
      '2026-11-25T19:21:30.000Z',
      ['other'],
      null,
    );
    await expect((await app.as('agent')).calls.report({})).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const supervisor = await app.as('supervisor');
    const r = await supervisor.calls.report({ from: '2026-11-23', to: '2026-11-25' });
    expect(r.total).toBe(3);
    expect(r.byReason).toEqual([
      { reason: 'easypay', calls: 2 },
      { reason: 'other', calls: 1 },
      { reason: 'payoff', calls: 1 },
    ]);
    expect(r.byHour.map((h) => [h.hour, h.calls])).toEqual([
      [9, 1],
      [14, 2],
    ]);
    expect(r.perAgent).toEqual([
      {
        agentId: expect.any(Number),
        agentName: 'Test agent',
        calls: 3,
        avgHandleSeconds: 190,
        avgWrapSeconds: 50,
      },
    ]);
    expect(r.repeatCallers).toEqual([
      expect.objectContaining({
        customerId: customer.id,
        customerName: 'Hélène Tremblay',
        calls: 2,
      }),
    ]);
    // Outside the range: nothing.
    expect((await supervisor.calls.report({ from: '2026-11-24', to: '2026-11-24' })).total).toBe(0);
    const csv = await supervisor.calls.reportCsv({
      report: 'agents',
      from: '2026-11-23',
      to: '2026-11-25',
    });
    expect(csv.filename).toBe('calls-agents-2026-11-23-2026-11-25.csv');
    expect(csv.content).toBe(
      'agent,calls,avg_handle_seconds,avg_wrap_seconds\nTest agent,3,190,50\n',
    );
  });

  it('the timeline merges every source newest first and pages without gaps or repeats', async () => {
    const { customer, lease } = await fixture(app);
    const db = app.deps.db;
    let agent = await app.as('agent');
    // A call at 15:00 with an EasyPay cancellation at 15:01.
    const { callId } = await agent.calls.start({ customerId: customer.id });
    await agent.calls.verify({ callId, ...RIGHT });
    app.clock.set(new Date('2026-11-23T15:01:00.000Z'));
    agent = await app.as('agent');
    await agent.calls.cancelEasyPay({ callId, accountId: lease.id });
    await agent.calls.wrapUp({ callId, reasons: ['easypay'], outcome: 'resolved' });
    // A secure message, a dispute with a step and a letter, an address change with its letter.
    await db
      .insertInto('message_threads')
      .values({
        customer_id: customer.id,
        account_id: lease.id,
        topic: 'payments-easypay',
        queue: 'payments-easypay',
        state: 'resolved',
        preview: 'Charged twice',
        last_activity_at: '2026-11-10T12:00:00.000Z',
        created_at: '2026-11-10T12:00:00.000Z',
        updated_at: '2026-11-10T12:00:00.000Z',
      })
      .execute();
    const dispute = await db
      .insertInto('disputes')
      .values({
        customer_id: customer.id,
        account_id: lease.id,
        policy_version: 1,
        channel: 'phone',
        notice_at: '2026-11-12T14:00:00.000Z',
        notice_on: '2026-11-12',
        error_type: 'duplicate_debit',
        reason: 'Debited twice',
        massachusetts: 0,
        new_account: 0,
        point_of_sale: 0,
        foreign_initiated: 0,
        late_notice: 0,
        written_confirmation_required: 1,
        disputed_cents: 45_000,
        stage: 'investigation',
        created_at: '2026-11-12T14:00:00.000Z',
        updated_at: '2026-11-12T14:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('dispute_events')
      .values({
        dispute_id: dispute.id,
        at: '2026-11-13T16:00:00.000Z',
        actor_name: 'Test',
        kind: 'note',
        summary: 'Called the bank',
      })
      .execute();
    await db
      .insertInto('dispute_letters')
      .values({
        dispute_id: dispute.id,
        kind: 'acknowledgement',
        language: 'fr',
        data_json: '{}',
        sent_on: '2026-11-12',
        channel: 'mail',
        created_at: '2026-11-12T14:30:00.000Z',
      })
      .execute();
    const change = await db
      .insertInto('address_changes')
      .values({
        customer_id: customer.id,
        channel: 'mail',
        requester_customer_id: customer.id,
        requester_role: 'holder',
        line1: '40 STATE ST',
        city: 'ALBANY',
        region: 'NY',
        postal_code: '12207',
        country: 'US',
        address_key: 'k',
        effective_from: '2026-11-05',
        reason: 'Moved',
        status: 'pending_approval',
        requested_on: '2026-11-05',
        created_at: '2026-11-05T13:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('address_change_letters')
      .values({
        change_id: change.id,
        recipient: 'new',
        language: 'fr',
        mailing_address: '40 STATE ST',
        sent_at: '2026-11-05T13:05:00.000Z',
      })
      .execute();
    // A payment posted and returned.
    await postLedgerEntry(
      db,
      {
        accountId: lease.id,
        postedOn: '2026-11-02',
        kind: 'payment',
        amountCents: -45_000,
        code: 'mail',
      },
      '2026-11-02T15:00:00.000Z',
    );
    await postLedgerEntry(
      db,
      {
        accountId: lease.id,
        postedOn: '2026-11-06',
        kind: 'return',
        amountCents: 45_000,
        code: 'nsf',
      },
      '2026-11-06T15:00:00.000Z',
    );
    // Someone else's records never show.
    const other = await createCustomer(
      db,
      { firstName: 'Other', lastName: 'Person', language: 'en' },
      '2026-01-01T00:00:00.000Z',
    );
    await db
      .insertInto('message_threads')
      .values({
        customer_id: other.id,
        topic: 'other',
        queue: 'other',
        state: 'new',
        preview: 'Not hers',
        last_activity_at: '2026-11-20T12:00:00.000Z',
        created_at: '2026-11-20T12:00:00.000Z',
        updated_at: '2026-11-20T12:00:00.000Z',
      })
      .execute();

    const all = await agent.calls.timeline({ customerId: customer.id, limit: 100 });
    expect(all.items.map((i) => [i.kind, i.at])).toEqual([
      ['easypay-change', '2026-11-23T15:01:00.000Z'],
      ['call', '2026-11-23T15:00:00.000Z'],
      ['dispute-step', '2026-11-13T16:00:00.000Z'],
      ['letter', '2026-11-12T14:30:00.000Z'],
      ['dispute', '2026-11-12T14:00:00.000Z'],
      ['message', '2026-11-10T12:00:00.000Z'],
      ['payment-return', '2026-11-06T12:00:00.000Z'],
      ['letter', '2026-11-05T13:05:00.000Z'],
      ['address-change', '2026-11-05T13:00:00.000Z'],
      ['payment', '2026-11-02T12:00:00.000Z'],
    ]);
    expect(all.nextCursor).toBeNull();
    expect(all.items[0]).toMatchObject({ accountNumber: '1000000001', label: 'cancel' });
    expect(all.items.find((i) => i.kind === 'payment')).toMatchObject({
      amountCents: -45_000,
      dateOnly: true,
    });

    // Pages of 3 walk the same list.
    const walked: string[] = [];
    let cursor = null;
    for (let page = 0; page < 10; page++) {
      const p: Awaited<ReturnType<typeof agent.calls.timeline>> = await agent.calls.timeline({
        customerId: customer.id,
        limit: 3,
        cursor,
      });
      walked.push(...p.items.map((i) => `${i.kind}:${i.refId}`));
      cursor = p.nextCursor;
      if (!cursor) break;
    }
    expect(walked).toEqual(all.items.map((i) => `${i.kind}:${i.refId}`));

    // Filters.
    const money = await agent.calls.timeline({
      customerId: customer.id,
      kinds: ['payment', 'payment-return'],
    });
    expect(money.items.map((i) => i.kind)).toEqual(['payment-return', 'payment']);
    const letters = await agent.calls.timeline({ customerId: customer.id, kinds: ['letter'] });
    expect(letters.items.map((i) => i.label)).toEqual([
      'dispute-acknowledgement',
      'address-change-new',
    ]);
  });

  it('payoff quote letter: verified caller only; the ledger payoff good through 10 days, per diem on a loan, PDF in French, on the call and the timeline', async () => {
    const { customer, lease } = await fixture(app);
    const loan = await addLoan(app, customer.id);
    const agent = await app.as('agent');
    const { callId } = await agent.calls.start({ customerId: customer.id });
    // Unverified: refused, nothing written.
    await expect(agent.calls.payoffLetter({ callId, accountId: loan.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    expect(await count(app, 'call_letters')).toBe(0);
    expect(await count(app, 'interaction_actions')).toBe(0);
    await agent.calls.verify({ callId, ...RIGHT });

    const sent = await agent.calls.payoffLetter({ callId, accountId: loan.id });
    if (sent.held) throw new Error('not expected to be held');
    // Today 2026-11-23 (New York): good through 2026-12-03, the payoff the ledger gives that day.
    expect(sent.quote.asOf).toBe('2026-11-23');
    expect(sent.quote.goodThrough).toBe('2026-12-03');
    const then = await accountSummary(app.deps.db, loan.id, '2026-12-03');
    const now = await accountSummary(app.deps.db, loan.id, '2026-11-23');
    expect(sent.quote.payoffCents).toBe(then.payoffCents);
    expect(sent.quote.payoffTodayCents).toBe(now.payoffCents);
    expect(sent.quote.payoffCents).toBeGreaterThan(sent.quote.payoffTodayCents - 60_000);
    // Per diem: principal × 6.99 % / 365 — between a principal of 30 000 $ and 40 000 $ that is
    // 5.75 $ to 7.66 $ a day.
    expect(sent.quote.perDiemCents).toBeGreaterThanOrEqual(575);
    expect(sent.quote.perDiemCents).toBeLessThanOrEqual(766);

    const file = await agent.calls.letterPdf({ letterId: sent.letterId });
    expect(Buffer.from(file.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(file.base64);
    const settings = await readSettings(app.deps.db);
    const fr = (cents: number) => formatCents(cents, 'fr').replace(/\s/g, ' ');
    const flat = text.replace(/\s/g, ' ');
    expect(flat).toContain('Votre relevé de remboursement anticipé pour le compte 2000000002');
    expect(flat).toContain('HÉLÈNE TREMBLAY');
    expect(flat).toContain(`jusqu'au 3 décembre 2026 : ${fr(sent.quote.payoffCents)}`);
    expect(flat).toContain(`ajoutez ${fr(sent.quote.perDiemCents)} d'intérêts`);
    expect(flat).toContain(settings.payees.loan);
    expect(sent.language).toBe('fr');

    // A lease accrues nothing day by day: no per-diem sentence.
    const leaseLetter = await agent.calls.payoffLetter({ callId, accountId: lease.id });
    if (leaseLetter.held) throw new Error('not expected to be held');
    expect(leaseLetter.quote.perDiemCents).toBe(0);
    const leaseText = await pdfText(
      (await agent.calls.letterPdf({ letterId: leaseLetter.letterId })).base64,
    );
    expect(leaseText).not.toContain("d'intérêts");
    expect(leaseText).toContain(settings.payees.lease);

    // Recorded on the call, and on the customer's timeline (the "call-action" items).
    const view = await agent.calls.get({ callId });
    expect(view.actions.filter((a) => a.kind === 'payoff_letter').map((a) => a.targetId)).toEqual([
      String(sent.letterId),
      String(leaseLetter.letterId),
    ]);
    const timeline = await agent.calls.timeline({
      customerId: customer.id,
      kinds: ['call-action'],
    });
    expect(timeline.items.map((i) => [i.label, i.status])).toEqual([
      ['payoff_letter', `call-letter:${leaseLetter.letterId}`],
      ['payoff_letter', `call-letter:${sent.letterId}`],
    ]);
    // Each entry carries its keyed message, so the screen shows it in the agent's language with
    // the date as a date (the English summary stays for exports), not "good through 2026-12-03".
    const entry = timeline.items[1]!;
    expect(entry.message).toMatchObject({
      key: 'calls.action.payoffLetter',
      params: { through: sent.quote.goodThrough },
    });
    expect(englishOf(entry.message!)).toMatch(/ good through \w{3} \d{4}-\d{2}-\d{2}$/);
    expect(entry.detail).toBe(englishOf(entry.message!));
    // A payoff request is recorded for the address-change fraud check.
    const requests = await app.deps.db
      .selectFrom('customer_requests')
      .select(['kind', 'channel'])
      .where('customer_id', '=', customer.id)
      .execute();
    expect(requests).toEqual([
      { kind: 'payoff', channel: 'phone' },
      { kind: 'payoff', channel: 'phone' },
    ]);
    // The audit says which balance was disclosed, to whom it was sent, and by which letter.
    const audited = await app.deps.db
      .selectFrom('audit_log')
      .select(['after_json', 'actor_user_id'])
      .where('action', '=', 'call.payoff-letter')
      .orderBy('id')
      .execute();
    expect(audited).toHaveLength(2);
    expect(JSON.parse(audited[0]!.after_json!).payoffLetter).toEqual({
      accountNumber: loan.accountNumber,
      letterId: sent.letterId,
      payoffCents: sent.quote.payoffCents,
      goodThrough: '2026-12-03',
      asOf: '2026-11-23',
      payoffTodayCents: sent.quote.payoffTodayCents,
      perDiemCents: sent.quote.perDiemCents,
      installmentsDue: [],
    });
  });

  it('one payoff: the 360, the balance given on a call and the payoff letter show the same figure for a loan and a lease on the same day, and on the days after', async () => {
    const { customer, lease } = await fixture(app);
    const loan = await addLoan(app, customer.id);
    const agent = await app.as('agent');
    const { callId } = await agent.calls.start({ customerId: customer.id });
    await agent.calls.verify({ callId, ...RIGHT });
    // A caller's context holds its request time: a fresh one reads the clock as it is now.
    const payoff360 = async () =>
      new Map(
        (await (await app.as('agent')).customers.get360({ customerId: customer.id })).accounts.map(
          (a) => [a.id, a.summary.payoffCents],
        ),
      );
    const fr = (cents: number) => formatCents(cents, 'fr').replace(/\s/g, ' ');

    // Today, 2026-11-23: one figure per account on every screen and in the letter.
    const today = await payoff360();
    const quotes = new Map<number, Awaited<ReturnType<typeof agent.calls.payoffLetter>>>();
    for (const account of [loan, lease]) {
      const given = await agent.calls.discloseBalance({ callId, accountId: account.id });
      expect(given.summary.payoffCents).toBe(today.get(account.id));
      const sent = await agent.calls.payoffLetter({ callId, accountId: account.id });
      if (sent.held) throw new Error('not expected to be held');
      quotes.set(account.id, sent);
      expect(sent.quote.asOf).toBe('2026-11-23');
      expect(sent.quote.payoffTodayCents).toBe(today.get(account.id));
      const text = await pdfText((await agent.calls.letterPdf({ letterId: sent.letterId })).base64);
      expect(text.replace(/\s/g, ' ')).toContain(
        `Solde de remboursement au 23 novembre 2026 : ${fr(today.get(account.id)!)}`,
      );
    }
    const loanQuote = quotes.get(loan.id)!;
    const leaseQuote = quotes.get(lease.id)!;
    if (loanQuote.held || leaseQuote.held) throw new Error('not expected to be held');
    // The lease's $137.50: its 2026-11-28 instalment ($450.00) falls in the window and retires
    // $312.50 of depreciation ($15,000 over 48); the letter says so. No per diem on a lease.
    expect(leaseQuote.quote.perDiemCents).toBe(0);
    expect(leaseQuote.quote.installmentsDue).toEqual([
      { dueOn: '2026-11-28', amountCents: 45_000 },
    ]);
    expect(leaseQuote.quote.payoffCents - leaseQuote.quote.payoffTodayCents).toBe(13_750);
    const leaseText = await pdfText(
      (await agent.calls.letterPdf({ letterId: leaseQuote.letterId })).base64,
    );
    expect(leaseText.replace(/\s/g, ' ')).toContain(`${fr(45_000)} dû le 28 novembre 2026`);
    expect(loanQuote.quote.installmentsDue).toEqual([]);

    // On the good-through day the 360 shows the amount quoted; n days later, that amount plus
    // n × the per diem the letter gives (the loan is next due 2026-12-10, the lease 2026-12-28).
    for (const [day, n] of [
      ['2026-12-03', 0],
      ['2026-12-04', 1],
      ['2026-12-07', 4],
    ] as const) {
      app.clock.set(`${day}T15:00:00.000Z`);
      const later = await payoff360();
      expect(later.get(loan.id)).toBe(
        loanQuote.quote.payoffCents + n * loanQuote.quote.perDiemCents,
      );
      expect(later.get(lease.id)).toBe(leaseQuote.quote.payoffCents);
    }

    // The audit rows keep the figures disclosed, whatever the ledger says later.
    await postLedgerEntry(
      app.deps.db,
      {
        accountId: loan.id,
        postedOn: '2026-12-07',
        kind: 'payment',
        amountCents: -60_000,
        code: 'online',
      },
      '2026-12-07T15:00:00.000Z',
    );
    expect((await payoff360()).get(loan.id)).not.toBe(today.get(loan.id));
    const rows = await app.deps.db
      .selectFrom('audit_log')
      .select(['action', 'after_json'])
      .where('action', 'in', ['call.disclose-balance', 'call.payoff-letter'])
      .orderBy('id')
      .execute();
    const disclosed = rows.map((r) => {
      const after = JSON.parse(r.after_json!);
      return r.action === 'call.disclose-balance'
        ? [r.action, after.balanceDisclosed.accountNumber, after.balanceDisclosed.payoffCents]
        : [r.action, after.payoffLetter.accountNumber, after.payoffLetter.payoffTodayCents];
    });
    expect(disclosed).toEqual([
      ['call.disclose-balance', loan.accountNumber, today.get(loan.id)],
      ['call.payoff-letter', loan.accountNumber, today.get(loan.id)],
      ['call.disclose-balance', lease.accountNumber, today.get(lease.id)],
      ['call.payoff-letter', lease.accountNumber, today.get(lease.id)],
    ]);
  });

  it('payoff quote letter is held (no letter) while the customer is under address-change review', async () => {
    const { customer, lease } = await fixture(app);
    const agent = await app.as('agent');
    const { callId } = await agent.calls.start({ customerId: customer.id });
    await agent.calls.verify({ callId, ...RIGHT });
    // An address change waiting since five days ago: a payoff request now is the takeover pattern.
    await app.deps.db
      .insertInto('address_changes')
      .values({
        customer_id: customer.id,
        channel: 'phone',
        requester_customer_id: customer.id,
        requester_role: 'holder',
        line1: '40 STATE ST',
        city: 'ALBANY',
        region: 'NY',
        postal_code: '12207',
        country: 'US',
        address_key: 'k',
        effective_from: '2026-11-18',
        reason: 'Moved',
        status: 'pending_approval',
        requested_on: '2026-11-18',
        created_at: '2026-11-18T13:00:00.000Z',
      })
      .execute();
    const held = await agent.calls.payoffLetter({ callId, accountId: lease.id });
    expect(held).toMatchObject({ held: true, accountNumber: '1000000001' });
    expect(await count(app, 'call_letters')).toBe(0);
    expect((await customerFlags(app.deps.db, customer.id)).map((f) => f.kind)).toContain(
      'address-change-review',
    );
    const view = await agent.calls.get({ callId });
    expect(view.actions.map((a) => a.summary)).toEqual([
      expect.stringMatching(/held: the customer is under address-change review/),
    ]);
  });

  it('a dispute started from a call is linked both ways: the call shows the case number, the case shows the call', async () => {
    const { customer, lease } = await fixture(app);
    const agent = await app.as('agent');
    const { callId } = await agent.calls.start({ customerId: customer.id });
    const intake = {
      customerId: customer.id,
      accountId: lease.id,
      channel: 'phone' as const,
      noticeAt: '2026-11-23T15:00:00.000Z',
      errorType: 'duplicate_debit' as const,
      reason: 'EasyPay took the November payment twice.',
      transactions: [
        { transactionOn: '2026-11-05', amountCents: 45_000, description: 'EasyPay debit' },
      ],
    };
    // Another customer's call cannot carry this case (and nothing is written).
    const other = await createCustomer(
      app.deps.db,
      { firstName: 'Other', lastName: 'Caller', language: 'en' },
      '2026-01-01T00:00:00.000Z',
    );
    const supervisor = await app.as('supervisor');
    const { callId: otherCall } = await supervisor.calls.start({ customerId: other.id });
    await expect(
      supervisor.disputes.create({ ...intake, fromCallId: otherCall }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // Nor can a call of another agent.
    await expect(
      supervisor.disputes.create({ ...intake, fromCallId: callId }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const disputes = await app.deps.db
      .selectFrom('disputes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(disputes.n)).toBe(0);

    const { id, caseNumber } = await agent.disputes.create({ ...intake, fromCallId: callId });
    const view = await agent.calls.get({ callId });
    expect(view.actions).toEqual([
      expect.objectContaining({
        kind: 'dispute_started',
        targetType: 'dispute',
        targetId: String(id),
        summary: `Dispute ${caseNumber} opened on 1000000001`,
      }),
    ]);
    const kase = await agent.disputes.get({ id });
    expect(kase.calls).toEqual([
      expect.objectContaining({
        callId,
        startedAt: '2026-11-23T15:00:00.000Z',
        agentName: expect.any(String),
      }),
    ]);
    // And on the customer's timeline, next to the case.
    const timeline = await agent.calls.timeline({
      customerId: customer.id,
      kinds: ['call-action', 'dispute'],
    });
    expect(timeline.items.map((i) => [i.kind, i.label])).toEqual([
      ['dispute', 'duplicate_debit'],
      ['call-action', 'dispute_started'],
    ]);
  });

  it('a secure message from a call: a reply on the open thread or a new thread, through the messages use case, on the call and the timeline', async () => {
    const { customer, lease } = await fixture(app);
    const db = app.deps.db;
    const thread = await db
      .insertInto('message_threads')
      .values({
        customer_id: customer.id,
        account_id: lease.id,
        topic: 'payments-easypay',
        queue: 'payments-easypay',
        state: 'new',
        preview: 'Where is my refund?',
        last_activity_at: '2026-11-20T12:00:00.000Z',
        created_at: '2026-11-20T12:00:00.000Z',
        updated_at: '2026-11-20T12:00:00.000Z',
      })
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow();
    const agent = await app.as('agent');
    const { callId } = await agent.calls.start({ customerId: customer.id });
    const view = await agent.calls.get({ callId });
    expect(view.customer?.threads.map((t) => t.id)).toEqual([thread.id]);

    // A stale version is refused by the messages use case (nothing sent, nothing on the call).
    await expect(
      agent.calls.sendMessage({
        callId,
        threadId: thread.id,
        expectedVersion: thread.version + 5,
        body: 'Late',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await count(app, 'interaction_actions')).toBe(0);

    const reply = await agent.calls.sendMessage({
      callId,
      threadId: thread.id,
      expectedVersion: thread.version,
      body: 'As discussed on the phone, the refund left on Friday.',
      then: 'resolve',
    });
    expect(reply).toMatchObject({ threadId: thread.id, created: false });
    const after = await db
      .selectFrom('message_threads')
      .select(['state', 'assignee_id'])
      .where('id', '=', thread.id)
      .executeTakeFirstOrThrow();
    expect(after.state).toBe('resolved');
    const messages = await db
      .selectFrom('messages')
      .select(['direction', 'body'])
      .where('thread_id', '=', thread.id)
      .execute();
    expect(messages).toEqual([
      { direction: 'outbound', body: 'As discussed on the phone, the refund left on Friday.' },
    ]);
    // The customer gets the "a response is waiting" e-mail (never the content).
    const emails = await db
      .selectFrom('email_outbox')
      .select(['to_address', 'body_text'])
      .execute();
    expect(emails).toHaveLength(1);
    expect(emails[0]!.body_text).not.toContain('refund left on Friday');

    // A new thread started from the call.
    const fresh = await agent.calls.sendMessage({
      callId,
      threadId: null,
      topic: 'statements-documents',
      accountId: lease.id,
      body: 'Here is the statement copy you asked for.',
    });
    expect(fresh.created).toBe(true);
    const created = await db
      .selectFrom('message_threads')
      .select(['customer_id', 'topic', 'state'])
      .where('id', '=', fresh.threadId)
      .executeTakeFirstOrThrow();
    expect(created).toEqual({
      customer_id: customer.id,
      topic: 'statements-documents',
      state: 'waiting_on_customer',
    });
    // Another customer's thread is refused.
    const other = await createCustomer(
      db,
      { firstName: 'Other', lastName: 'Person', language: 'en' },
      '2026-01-01T00:00:00.000Z',
    );
    const theirs = await db
      .insertInto('message_threads')
      .values({
        customer_id: other.id,
        topic: 'other',
        queue: 'other',
        state: 'new',
        preview: 'Not hers',
        last_activity_at: '2026-11-20T12:00:00.000Z',
        created_at: '2026-11-20T12:00:00.000Z',
        updated_at: '2026-11-20T12:00:00.000Z',
      })
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow();
    await expect(
      agent.calls.sendMessage({
        callId,
        threadId: theirs.id,
        expectedVersion: theirs.version,
        body: 'Wrong person',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const actions = (await agent.calls.get({ callId })).actions;
    expect(actions.map((a) => [a.kind, a.targetType, a.targetId])).toEqual([
      ['secure_message', 'message-thread', String(thread.id)],
      ['secure_message', 'message-thread', String(fresh.threadId)],
    ]);
    const timeline = await agent.calls.timeline({
      customerId: customer.id,
      kinds: ['call-action'],
    });
    expect(timeline.items.map((i) => i.label)).toEqual(['secure_message', 'secure_message']);
  });

  it('reason codes: admins add, relabel and retire them (validated, audited); a retired code stays readable on old calls and leaves the wrap-up list', async () => {
    const { customer } = await fixture(app);
    const admin = await app.as('admin');
    const agent = await app.as('agent');
    // An old call with the 'statements' reason.
    const { callId } = await agent.calls.start({ customerId: customer.id });
    await agent.calls.wrapUp({ callId, reasons: ['statements'], outcome: 'resolved' });

    // Validation: bad code, duplicate code, no reason given; agents may not administer.
    await expect(
      admin.calls.reasons.add({ code: 'Bad Code', labelEn: 'X', labelFr: 'X', reason: 'Testing' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      admin.calls.reasons.add({ code: 'payoff', labelEn: 'X', labelFr: 'X', reason: 'Testing' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      admin.calls.reasons.add({
        code: 'insurance',
        labelEn: 'Insurance',
        labelFr: 'Assurance',
        reason: '',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      agent.calls.reasons.update({ code: 'other', labelEn: 'Nope', reason: 'Not mine' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const added = await admin.calls.reasons.add({
      code: 'insurance',
      labelEn: 'Insurance and title',
      labelFr: 'Assurance et titre',
      reason: 'Insurance calls were filed as other',
    });
    expect(added).toMatchObject({ code: 'insurance', active: true, sortOrder: 100 });
    await admin.calls.reasons.update({
      code: 'statements',
      labelEn: 'Statements and documents',
      reason: 'Match the message topic',
    });
    await admin.calls.reasons.update({
      code: 'statements',
      active: false,
      reason: 'Now handled by the portal',
    });

    // The old call still reads its retired reason, under its new label.
    const old = await agent.calls.get({ callId });
    expect(old.call.reasonLabels).toEqual([
      {
        code: 'statements',
        labelEn: 'Statements and documents',
        labelFr: 'Relevés',
        active: false,
      },
    ]);
    // A new call offers the new code, not the retired one, and refuses the retired one.
    const next = await agent.calls.start({ customerId: customer.id });
    const view = await agent.calls.get({ callId: next.callId });
    const offered = view.reasonCodes.map((r) => r.code);
    expect(offered).toContain('insurance');
    expect(offered).not.toContain('statements');
    await expect(
      agent.calls.wrapUp({ callId: next.callId, reasons: ['statements'], outcome: 'resolved' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await agent.calls.wrapUp({ callId: next.callId, reasons: ['insurance'], outcome: 'resolved' });

    // Every change audited with before, after and the admin's reason.
    const audit = await app.deps.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'before_json', 'after_json', 'reason'])
      .where('entity_type', '=', 'call_reason')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.action, a.entity_id, a.reason])).toEqual([
      ['call-reason.add', 'insurance', 'Insurance calls were filed as other'],
      ['call-reason.update', 'statements', 'Match the message topic'],
      ['call-reason.retire', 'statements', 'Now handled by the portal'],
    ]);
    expect(JSON.parse(audit[2]!.before_json!)).toMatchObject({ active: true });
    expect(JSON.parse(audit[2]!.after_json!)).toMatchObject({ active: false });

    // The last active code cannot be retired.
    const list = await admin.calls.reasons.list();
    for (const r of list.filter((x) => x.active).slice(1)) {
      await admin.calls.reasons.update({ code: r.code, active: false, reason: 'Trim the list' });
    }
    const last = (await admin.calls.reasons.list()).find((x) => x.active)!;
    await expect(
      admin.calls.reasons.update({ code: last.code, active: false, reason: 'Trim the list' }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('training: the simulator locks customers out of the portal and fails account links, and agents clear them on a call', async () => {
    const { customer, lease } = await fixture(app);
    const db = app.deps.db;
    await db
      .insertInto('portal_accounts')
      .values({
        customer_id: customer.id,
        login_email: 'helene@example.com',
        enrolled_at: '2024-02-01T15:00:00.000Z',
        activated_at: '2024-02-01T15:10:00.000Z',
        paperless: 0,
        failed_sign_ins: 0,
        updated_at: '2024-02-01T15:10:00.000Z',
      })
      .execute();
    /** A fixed sequence stands in for the simulator's random draws. */
    const draws =
      (...xs: number[]) =>
      () =>
        xs.shift() ?? 0;
    const agent = await app.as('agent');
    expect((await agent.calls.portal.status({ customerId: customer.id })).locked).toBe(false);

    // A lockout: five failed sign-ins, locked for 30 minutes from the desk's now.
    const lockout = await simulatePortalTrouble(db, app.clock.now(), draws(0, 0.1));
    expect(lockout).toEqual({
      kind: 'lockout',
      customerId: customer.id,
      lockedUntil: '2026-11-23T15:30:00.000Z',
    });
    const locked = await agent.calls.portal.status({ customerId: customer.id });
    expect(locked).toMatchObject({ locked: true, failedSignIns: 5 });

    // A failed link of the (unlinked) lease.
    const link = await simulatePortalTrouble(db, app.clock.now(), draws(0, 0.9));
    expect(link).toMatchObject({
      kind: 'link-failure',
      customerId: customer.id,
      accountId: lease.id,
    });
    const failed = await agent.calls.portal.status({ customerId: customer.id });
    expect(failed.enrolled && failed.lastLinkCode).toMatchObject({
      failed: true,
      sentToMasked: 'XXXXXX-0142',
    });

    // The practice: a verified caller is unlocked and gets a new code.
    const { callId } = await agent.calls.start({ customerId: customer.id });
    await agent.calls.verify({ callId, ...RIGHT });
    await agent.calls.portal.unlock({ callId });
    await agent.calls.portal.resendLinkCode({ callId, accountId: lease.id });
    const fixed = await agent.calls.portal.status({ customerId: customer.id });
    expect(fixed).toMatchObject({ locked: false });
    expect(fixed.enrolled && fixed.lastLinkCode).toMatchObject({ failed: false });

    // No portal accounts at all: nothing to simulate.
    await db.deleteFrom('portal_link_codes').execute();
    await db.deleteFrom('portal_accounts').execute();
    expect(await simulatePortalTrouble(db, app.clock.now(), draws(0.5, 0.5))).toBeNull();
  });

  it('training: the running simulator brings portal trouble beside the messages, audited as the simulator', async () => {
    const { customer } = await fixture(app);
    const db = app.deps.db;
    await db
      .insertInto('portal_accounts')
      .values({
        customer_id: customer.id,
        login_email: 'helene@example.com',
        enrolled_at: '2024-02-01T15:00:00.000Z',
        paperless: 0,
        failed_sign_ins: 0,
        updated_at: '2024-02-01T15:10:00.000Z',
      })
      .execute();
    const sim = simulatorOf(app.deps);
    const trouble = await sim.portalTrouble(() => 0.2);
    expect(trouble).toMatchObject({ kind: 'lockout', customerId: customer.id });
    expect(sim.status.portalTroubles).toBe(1);
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'actor_username', 'entity_id'])
      .where('entity_type', '=', 'customer')
      .execute();
    expect(audit).toEqual([
      { action: 'portal.lockout', actor_username: 'simulator', entity_id: String(customer.id) },
    ]);
  });
});
