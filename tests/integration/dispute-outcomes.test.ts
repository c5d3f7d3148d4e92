import { TRPCError } from '@trpc/server';
import JSZip from 'jszip';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterEach, describe, expect, it } from 'vitest';
import { POLICY_V2 } from '../../db/migrations/0009-dispute-notice-and-policy-v2.ts';
import { createAccount } from '../../db/repositories/accounts.ts';
import { addAddress } from '../../db/repositories/customer-addresses.ts';
import { createCustomer } from '../../db/repositories/customers.ts';
import { postLedgerEntry } from '../../db/repositories/ledger.ts';
import { createSession } from '../../db/repositories/sessions.ts';
import { DEFAULT_DISPUTE_POLICY } from '../../server/domain/dispute-policy.ts';
import { createTestApp, type Caller, type TestApp } from './harness.ts';
import { b64, FILES, httpApp, postIntake } from './messages-fixtures.ts';
import { englishOf } from '../../server/domain/shared/server-messages.ts';

/**
 * Issue 18: the notice date as received, clocks that depend on each other, every outcome's
 * path to "closed", policy versions, documents and the letters' wording.
 */

let app: TestApp;
afterEach(() => app.close());

async function start(now: string) {
  app = await createTestApp({ now });
}

async function fixture(opts: { region?: string; openedOn?: string } = {}) {
  const db = app.deps.db;
  const at = app.clock.now().toISOString();
  const customer = await createCustomer(
    db,
    { firstName: 'Hélène', lastName: 'Tremblay', language: 'fr' },
    at,
  );
  await addAddress(
    db,
    {
      customerId: customer.id,
      line1: '200 MAIN ST',
      city: 'COLUMBUS',
      region: opts.region ?? 'OH',
      postalCode: '43004',
      country: 'US',
      effectiveFrom: '2020-01-01',
      source: 'origination',
    },
    at,
  );
  const account = await createAccount(
    db,
    {
      accountNumber: '1000000001',
      type: 'lease',
      vin: '1M8GDM9AXKP042788',
      vehicle: { year: 2024, make: 'MINI', model: 'Cooper' },
      holderCustomerId: customer.id,
      termMonths: 36,
      frequency: 'monthly',
      paymentCents: 45_000,
      dueDay: 5,
      openedOn: opts.openedOn ?? '2024-01-05',
      amountFinancedCents: 3_000_000,
      aprBps: 399,
      residualCents: 1_500_000,
    },
    at,
  );
  return { customer, account };
}
type Fixture = Awaited<ReturnType<typeof fixture>>;

async function debit(f: Fixture, postedOn: string, cents: number) {
  return postLedgerEntry(
    app.deps.db,
    {
      accountId: f.account.id,
      postedOn,
      kind: 'payment',
      amountCents: -cents,
      code: 'easypay',
      description: 'EasyPay debit',
    },
    app.clock.now().toISOString(),
  );
}

async function pdfText(base64: string): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(Buffer.from(base64, 'base64')));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

async function refused(p: Promise<unknown>, code: string, message?: RegExp) {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  if (message) expect((error as TRPCError).message).toMatch(message);
}

function open(agent: Caller, f: Fixture, extra: Record<string, unknown> = {}) {
  return agent.disputes.create({
    customerId: f.customer.id,
    accountId: f.account.id,
    channel: 'phone',
    errorType: 'duplicate_debit',
    reason: 'Customer on the phone, upset; says EasyPay took November twice.',
    transactions: [{ transactionOn: '2026-11-05', amountCents: 45_000, description: 'EasyPay' }],
    ...extra,
  });
}

const clockOf = (view: { report: { clocks: Array<{ id: string }> } }, id: string) =>
  view.report.clocks.find((c) => c.id === id) as
    | {
        id: string;
        state: string;
        legalDue: string | null;
        target: string | null;
        suspendedFrom: string | null;
        suspension: { en: string } | null;
        citation: string;
      }
    | undefined;

async function auditActions(entityId: number): Promise<string[]> {
  const rows = await app.deps.db
    .selectFrom('audit_log')
    .select('action')
    .where('entity_type', '=', 'dispute')
    .where('entity_id', '=', String(entityId))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

/** Sends each letter in turn, reloading the version between them. */
async function send(
  agent: Caller,
  id: number,
  kinds: ReadonlyArray<'acknowledgement' | 'provisional_credit' | 'results' | 'no_error'>,
) {
  for (const kind of kinds) {
    const v = await agent.disputes.get({ id });
    await agent.disputes.sendLetter({
      id,
      kind,
      language: 'en',
      channel: 'mail',
      version: v.case.version,
    });
  }
}

describe('the notice date as received', () => {
  it('a letter received on Friday and keyed on Monday runs its clocks from Friday', async () => {
    await start('2026-11-23T15:00:00.000Z'); // Mon
    const f = await fixture();
    const agent = await app.as('agent');
    // Received stamp: Fri 2026-11-20 10:30 in New York.
    const { id } = await open(agent, f, {
      channel: 'mail',
      noticeAt: '2026-11-20T15:30:00.000Z',
    });
    const view = await agent.disputes.get({ id });
    expect(view.case.noticeOn).toBe('2026-11-20');
    expect(view.case.noticeAt).toBe('2026-11-20T15:30:00.000Z');
    expect(clockOf(view, 'determination_or_credit')?.legalDue).toBe('2026-12-07');
    expect(clockOf(view, 'investigation')?.legalDue).toBe('2027-01-04');
    expect(clockOf(view, 'written_confirmation')?.state).toBe('not_applicable');
    expect(view.events[0]?.summary).toMatch(/^Notice received by mail Fri 2026-11-20/);

    // Not in the future, not before the disputed transaction: refused, nothing written.
    await refused(
      open(agent, f, { channel: 'mail', noticeAt: '2026-11-24T15:00:00.000Z' }),
      'BAD_REQUEST',
      /future/,
    );
    await refused(
      open(agent, f, {
        channel: 'mail',
        noticeAt: '2026-11-04T15:00:00.000Z',
      }),
      'BAD_REQUEST',
      /cannot be before the disputed transaction/,
    );
    expect((await agent.disputes.list({})).rows).toHaveLength(1);
  });

  it('a corrected notice date is audited with its reason and recomputes every clock', async () => {
    await start('2026-11-23T15:00:00.000Z');
    const f = await fixture();
    const agent = await app.as('agent');
    const { id } = await open(agent, f, { channel: 'mail' }); // keyed without the stamp
    let view = await agent.disputes.get({ id });
    expect(clockOf(view, 'determination_or_credit')?.legalDue).toBe('2026-12-08');
    await refused(
      agent.disputes.correctNotice({
        id,
        noticeAt: '2026-11-19T15:00:00.000Z',
        reason: 'x',
        version: view.case.version,
      }),
      'BAD_REQUEST',
    );
    await agent.disputes.correctNotice({
      id,
      noticeAt: '2026-11-19T15:00:00.000Z',
      reason: 'Received stamp on the envelope says Thu 11-19.',
      version: view.case.version,
    });
    view = await agent.disputes.get({ id });
    expect(view.case.noticeOn).toBe('2026-11-19');
    expect(clockOf(view, 'determination_or_credit')?.legalDue).toBe('2026-12-04');
    expect(view.case.nextTargetOn).toBe('2026-12-04');
    expect(view.events.at(-1)?.summary).toMatch(/Notice date corrected: .*11-23 → .*11-19/);
    expect(await auditActions(id)).toEqual(['dispute.create', 'dispute.correct-notice']);
    const audit = await app.deps.db
      .selectFrom('audit_log')
      .select(['reason', 'before_json', 'after_json'])
      .where('action', '=', 'dispute.correct-notice')
      .executeTakeFirstOrThrow();
    expect(audit.reason).toBe('Received stamp on the envelope says Thu 11-19.');
    expect(JSON.parse(audit.before_json ?? '{}').noticeOn).toBe('2026-11-23');
    expect(JSON.parse(audit.after_json ?? '{}').noticeOn).toBe('2026-11-19');
  });

  it('a hand-off keeps the message’s received time and carries the reason and the debits named', async () => {
    await start('2026-11-20T15:00:00.000Z'); // the message arrives Fri 11-20
    const f = await fixture();
    const first = await debit(f, '2026-11-05', 45_000);
    const second = await debit(f, '2026-11-05', 45_000);
    await debit(f, '2026-10-05', 45_100);
    const http = await httpApp(app.deps);
    const posted = await postIntake(http, {
      customerId: f.customer.id,
      accountNumber: f.account.accountNumber,
      topic: 'erroneous-transaction',
      text: 'You took my payment of $450.00 twice on November 5.',
    });
    await http.close();
    const threadId = (posted.body as { threadId: number }).threadId;
    app.clock.set('2026-11-23T16:00:00.000Z'); // handed off on Monday
    const agent = await app.as('agent');
    const prefill = await agent.disputes.handOff({ threadId });
    expect(prefill).toMatchObject({
      customerId: f.customer.id,
      accountId: f.account.id,
      noticeAt: '2026-11-20T15:00:00.000Z',
      noticeOn: '2026-11-20',
      reason: 'You took my payment of $450.00 twice on November 5.',
    });
    expect(prefill.transactions.map((t) => t.ledgerEntryId).sort()).toEqual(
      [first.id, second.id].sort(),
    );
    const { id } = await agent.disputes.create({
      customerId: f.customer.id,
      accountId: f.account.id,
      channel: 'secure_message',
      errorType: 'duplicate_debit',
      reason: prefill.reason,
      transactions: prefill.transactions.slice(0, 1),
      fromThreadId: threadId,
    });
    const view = await agent.disputes.get({ id });
    expect(view.case.noticeAt).toBe('2026-11-20T15:00:00.000Z');
    expect(view.case.noticeOn).toBe('2026-11-20');
    expect(clockOf(view, 'determination_or_credit')?.legalDue).toBe('2026-12-07');
  });

  it('suggests a new account from the transfer date, not the notice date', async () => {
    await start('2026-11-23T15:00:00.000Z');
    const f = await fixture({ openedOn: '2026-10-01' });
    const agent = await app.as('agent');
    const base = { customerId: f.customer.id, accountId: f.account.id, channel: 'phone' as const };
    // Notice 53 days after opening, transfer on day 20: a new account under (c)(3)(i).
    const young = await agent.disputes.intakePreview({
      ...base,
      transactions: [{ transactionOn: '2026-10-21', amountCents: 100, description: 'EasyPay' }],
    });
    expect(young.suggestedNewAccount).toBe(true);
    const old = await agent.disputes.intakePreview({
      ...base,
      transactions: [{ transactionOn: '2026-11-05', amountCents: 100, description: 'EasyPay' }],
    });
    expect(old.suggestedNewAccount).toBe(false);
  });
});

describe('clocks that depend on each other', () => {
  async function phoneCaseDecember() {
    await start('2026-12-02T15:00:00.000Z'); // Wed, policy v2 in effect
    const f = await fixture();
    const agent = await app.as('agent');
    const { id } = await open(agent, f, {
      transactions: [{ transactionOn: '2026-11-25', amountCents: 45_000, description: 'EasyPay' }],
    });
    return { f, agent, id };
  }

  it('no written confirmation in its window: the determination-or-credit clock is suspended, never breached', async () => {
    const { id } = await phoneCaseDecember();
    let agent = await app.as('agent');
    let view = await agent.disputes.get({ id });
    expect(view.case.policyVersion).toBe(2);
    expect(clockOf(view, 'written_confirmation')?.legalDue).toBe('2026-12-16');
    expect(clockOf(view, 'determination_or_credit')?.legalDue).toBe('2026-12-16');
    expect(clockOf(view, 'determination_or_credit')?.state).toBe('running');

    app.clock.set('2026-12-18T15:00:00.000Z'); // the window closed Wednesday
    agent = await app.as('agent'); // a request reads the clock once

    view = await agent.disputes.get({ id });
    const decision = clockOf(view, 'determination_or_credit');
    expect(decision?.state).toBe('suspended');
    expect(decision?.suspendedFrom).toBe('2026-12-17');
    expect(decision?.suspension?.en).toContain('12 CFR 1005.11(c)(2)(i)(A)');
    expect(clockOf(view, 'investigation')?.state).toBe('running');
    expect(view.report.next?.clockId).toBe('investigation');

    const sup = await app.as('supervisor');
    const cockpit = await sup.disputes.cockpit();
    const row = cockpit.perClock.find((c) => c.clockId === 'determination_or_credit');
    expect(row).toMatchObject({ breached: 0, suspended: 1, atRisk: 0 });
    expect(
      (await sup.disputes.cockpitCases({ filter: 'breached' })).rows.map((r) => r.clockId),
    ).not.toContain('determination_or_credit');
    expect(
      (await sup.disputes.cockpitCases({ filter: 'suspended' })).rows.map((r) => r.disputeId),
    ).toEqual([id]);

    const http = await httpApp(app.deps);
    const token = await createSession(app.deps.db, sup.userId, app.clock.now().toISOString());
    const csv = await http.inject({
      method: 'GET',
      url: '/api/disputes/cockpit.csv?filter=open&clockId=determination_or_credit',
      cookies: { cic_session: token },
    });
    await http.close();
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(',determination_or_credit,suspended,lender,2026-12-16');

    // The confirmation arriving late does not bring the duty back.
    await agent.disputes.recordWrittenConfirmation({
      id,
      receivedOn: '2026-12-18',
      version: view.case.version,
    });
    view = await agent.disputes.get({ id });
    expect(clockOf(view, 'determination_or_credit')?.state).toBe('suspended');
  });

  it('the work list stops showing a clock as the next deadline once it is suspended', async () => {
    const { id } = await phoneCaseDecember();
    let agent = await app.as('agent');
    let row = (await agent.disputes.list({})).rows.find((r) => r.id === id);
    expect(row?.nextClock).toBe('determination_or_credit');
    const view = await agent.disputes.get({ id });
    expect(row?.nextTargetOn).toBe(clockOf(view, 'determination_or_credit')?.target);

    app.clock.set('2026-12-18T15:00:00.000Z'); // the confirmation window closed Wednesday
    agent = await app.as('agent'); // a request reads the clock once
    const later = await agent.disputes.get({ id });
    expect(clockOf(later, 'determination_or_credit')?.state).toBe('suspended');
    row = (await agent.disputes.list({})).rows.find((r) => r.id === id);
    expect(row?.nextClock).not.toBe('determination_or_credit');
    expect(row?.nextClock).toBe('investigation');
    expect(row?.nextClock).toBe(later.report.next?.clockId);
    expect(row?.nextTargetOn).toBe(clockOf(later, 'investigation')?.target);
  });

  it('a confirmation received in its window keeps the clock running, and it can breach', async () => {
    const { id } = await phoneCaseDecember();
    app.clock.set('2026-12-10T15:00:00.000Z');
    let agent = await app.as('agent'); // a request reads the clock once
    let view = await agent.disputes.get({ id });
    await agent.disputes.recordWrittenConfirmation({
      id,
      receivedOn: '2026-12-10',
      version: view.case.version,
    });
    app.clock.set('2026-12-18T15:00:00.000Z');
    agent = await app.as('agent'); // a request reads the clock once
    view = await agent.disputes.get({ id });
    expect(clockOf(view, 'determination_or_credit')?.state).toBe('breached');
    expect(clockOf(view, 'determination_or_credit')?.suspendedFrom).toBeNull();
  });
});

describe('policy versions', () => {
  it('the migration seeds version 2 exactly as the code default', async () => {
    await start('2026-12-02T15:00:00.000Z');
    const sup = await app.as('supervisor');
    const [v2] = await sup.disputes.policies();
    expect(v2?.policy).toEqual(DEFAULT_DISPUTE_POLICY);
    expect(POLICY_V2).toEqual(DEFAULT_DISPUTE_POLICY);
    expect(v2?.effectiveFrom).toBe(DEFAULT_DISPUTE_POLICY.effectiveFrom);
  });

  it('a version 2 Massachusetts case beside a version 1 case', async () => {
    await start('2026-12-02T15:00:00.000Z');
    const f = await fixture({ region: 'MA' });
    const agent = await app.as('agent');
    const v1 = await open(agent, f, { noticeAt: '2026-11-30T15:00:00.000Z' });
    const v2 = await open(agent, f);
    const one = await agent.disputes.get({ id: v1.id });
    const two = await agent.disputes.get({ id: v2.id });
    expect([one.case.policyVersion, two.case.policyVersion]).toEqual([1, 2]);
    // v1 shortened the customer's window to calendar days and left the lender's on business days.
    expect(clockOf(one, 'written_confirmation')?.legalDue).toBe('2026-12-10');
    expect(clockOf(one, 'determination_or_credit')?.legalDue).toBe('2026-12-14');
    expect(clockOf(one, 'provisional_credit_notice')?.citation).toBe('12 CFR 1005.11(c)(2)(iii)');
    // v2: the customer keeps 10 business days; the lender determines in 10 CALENDAR days
    // (Sat 12-12, worked to Fri 12-11).
    expect(clockOf(two, 'written_confirmation')?.legalDue).toBe('2026-12-16');
    expect(clockOf(two, 'determination_or_credit')?.legalDue).toBe('2026-12-12');
    expect(clockOf(two, 'determination_or_credit')?.target).toBe('2026-12-11');
    expect(clockOf(two, 'provisional_credit_notice')?.citation).toBe('12 CFR 1005.11(c)(2)(ii)');
  });

  it('a supervisor sees a draft’s differences and publishes it with an effective date; open cases keep theirs', async () => {
    await start('2026-12-02T15:00:00.000Z');
    const f = await fixture();
    let agent = await app.as('agent');
    const before = await open(agent, f);
    const sup = await app.as('supervisor');
    const clocks = DEFAULT_DISPUTE_POLICY.clocks.map((c) =>
      c.id === 'investigation' ? { ...c, length: 40 } : c,
    );
    const diff = await sup.disputes.policyDiff({ draft: { atRiskBusinessDays: 2, clocks } });
    expect(diff.current.version).toBe(2);
    expect(diff.changes).toEqual([
      { clockId: 'investigation', field: 'length', from: '45', to: '40' },
    ]);
    await refused(
      sup.disputes.publishPolicy({
        draft: { atRiskBusinessDays: 2, clocks },
        effectiveFrom: '2026-12-01',
        notes: 'Shorter investigation target.',
      }),
      'BAD_REQUEST',
      /past/,
    );
    await refused(
      agent.disputes.publishPolicy({
        draft: { atRiskBusinessDays: 2, clocks },
        effectiveFrom: '2026-12-07',
        notes: 'Shorter investigation target.',
      }),
      'FORBIDDEN',
    );
    const published = await sup.disputes.publishPolicy({
      draft: { atRiskBusinessDays: 2, clocks },
      effectiveFrom: '2026-12-07',
      notes: 'Shorter investigation target.',
    });
    expect(published.version).toBe(3);
    app.clock.set('2026-12-07T15:00:00.000Z');
    agent = await app.as('agent'); // a request reads the clock once
    const after = await open(agent, f);
    expect((await agent.disputes.get({ id: before.id })).case.policyVersion).toBe(2);
    const view = await agent.disputes.get({ id: after.id });
    expect(view.case.policyVersion).toBe(3);
    expect(clockOf(view, 'investigation')?.legalDue).toBe('2027-01-16');
  });
});

describe('every outcome has a path to "closed"', () => {
  it('different error: explained with the documents clause, the real error corrected, the difference reversed after notice', async () => {
    await start('2026-11-20T15:00:00.000Z');
    const f = await fixture();
    let agent = await app.as('agent');
    const { id } = await open(agent, f);
    let v = await agent.disputes.get({ id });
    await agent.disputes.postProvisionalCredit({
      id,
      amountCents: 45_000,
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    await refused(
      agent.disputes.recordDetermination({
        id,
        outcome: 'different_error',
        explanation: 'Wrong',
        version: v.case.version,
      }),
      'PRECONDITION_FAILED',
      /Different error.*explanation/,
    );
    await agent.disputes.recordDetermination({
      id,
      outcome: 'different_error',
      explanation:
        'The second debit was not a duplicate: it was the December payment taken early, $150.00 too high.',
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    // The real error ($150) is smaller than the provisional credit ($450): recorded, not refused.
    await agent.disputes.postCorrection({ id, amountCents: 15_000, version: v.case.version });
    await send(agent, id, ['acknowledgement', 'provisional_credit', 'results']);
    v = await agent.disputes.get({ id });
    const results = await pdfText(
      (await agent.disputes.letterPdf({ letterId: v.letters.at(-1)?.id ?? 0 })).base64,
    );
    expect(results).toContain('we found a different error');
    expect(results).toContain('$150.00 too high');
    expect(results).toContain('You have the right to request the documents');
    expect(results).toContain('We will reverse the difference of $300.00');
    expect(v.case.stage).toBe('reversal');
    expect(v.closeBlockers.map(englishOf).join(' ')).toMatch(/reverse the difference/);

    await agent.disputes.sendLetter({
      id,
      kind: 'reversal',
      language: 'en',
      channel: 'mail',
      reversalOn: '2026-12-04',
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    const notice = await pdfText(
      (await agent.disputes.letterPdf({ letterId: v.letters.at(-1)?.id ?? 0 })).base64,
    );
    expect(notice).toContain('Amount to be debited: $300.00. Date of the debit: December 4, 2026.');
    expect(notice).toContain('at least 5 business days after the date of this notice');
    expect(notice).toContain('was $150.00, less than the provisional credit of $450.00');

    app.clock.set('2026-12-04T15:00:00.000Z');
    agent = await app.as('agent'); // a request reads the clock once

    await refused(
      agent.disputes.postReversal({
        id,
        reversalOn: '2026-12-04',
        amountCents: 45_000,
        version: v.case.version,
      }),
      'BAD_REQUEST',
      /At most \$300\.00/,
    );
    await agent.disputes.postReversal({ id, reversalOn: '2026-12-04', version: v.case.version });
    v = await agent.disputes.get({ id });
    expect(v.case.reversalCents).toBe(30_000);
    await agent.disputes.close({ id, version: v.case.version });
    expect((await agent.disputes.get({ id })).case.stage).toBe('closed');
  });

  it('the customer withdraws: the provisional credit is reversed after notice, then the case closes', async () => {
    await start('2026-11-20T15:00:00.000Z');
    const f = await fixture();
    let agent = await app.as('agent');
    const { id } = await open(agent, f);
    let v = await agent.disputes.get({ id });
    await agent.disputes.postProvisionalCredit({
      id,
      amountCents: 20_000,
      version: v.case.version,
    });
    await send(agent, id, ['acknowledgement', 'provisional_credit']);
    app.clock.set('2026-11-23T15:00:00.000Z');
    agent = await app.as('agent'); // a request reads the clock once
    v = await agent.disputes.get({ id });
    await agent.disputes.withdraw({
      id,
      note: 'Customer called: the bank had shown a pending item twice.',
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    expect(v.case.stage).toBe('reversal');
    expect(clockOf(v, 'determination_or_credit')?.state).toBe('met');
    expect(clockOf(v, 'investigation')?.state).toBe('met');
    expect(clockOf(v, 'results')?.state).toBe('not_applicable');
    await refused(
      agent.disputes.recordDetermination({
        id,
        outcome: 'no_error',
        explanation: 'x'.repeat(40),
        version: v.case.version,
      }),
      'PRECONDITION_FAILED',
      /withdrew/,
    );
    await agent.disputes.sendLetter({
      id,
      kind: 'reversal',
      language: 'fr',
      channel: 'mail',
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    const notice = await pdfText(
      (await agent.disputes.letterPdf({ letterId: v.letters.at(-1)?.id ?? 0 })).base64,
    );
    expect(notice).toContain('Vous avez retiré votre contestation');
    expect(notice).toContain('1er décembre 2026'); // 5 business days after Mon 11-23 (Thanksgiving)
    app.clock.set('2026-12-01T15:00:00.000Z');
    agent = await app.as('agent'); // a request reads the clock once
    await agent.disputes.postReversal({ id, reversalOn: '2026-12-01', version: v.case.version });
    v = await agent.disputes.get({ id });
    await agent.disputes.close({ id, version: v.case.version });
    expect((await agent.disputes.get({ id })).case.stage).toBe('closed');
  });

  it('a withdrawal with no credit to reverse closes at once', async () => {
    await start('2026-11-20T15:00:00.000Z');
    const f = await fixture();
    const agent = await app.as('agent');
    const { id } = await open(agent, f);
    let v = await agent.disputes.get({ id });
    await agent.disputes.withdraw({
      id,
      note: 'Customer found the debit was right.',
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    expect(v.closeBlockers).toEqual([]);
    await agent.disputes.close({ id, version: v.case.version });
    expect((await agent.disputes.get({ id })).case.stage).toBe('closed');
  });
});

describe('money bounds', () => {
  it('only the case owner or a supervisor posts money, within what the ledger shows was debited', async () => {
    await start('2026-11-20T15:00:00.000Z');
    const f = await fixture();
    const entry = await debit(f, '2026-11-05', 40_000);
    const agent = await app.as('agent');
    const { id } = await open(agent, f, {
      transactions: [
        {
          transactionOn: '2026-11-05',
          amountCents: 45_000,
          description: 'EasyPay',
          ledgerEntryId: entry.id,
        },
      ],
    });
    const other = await app.as('agent', 'agent-two');
    let v = await agent.disputes.get({ id });
    await refused(
      other.disputes.postProvisionalCredit({ id, amountCents: 10_000, version: v.case.version }),
      'FORBIDDEN',
      /owns the case/,
    );
    await refused(
      agent.disputes.postProvisionalCredit({ id, amountCents: 45_000, version: v.case.version }),
      'BAD_REQUEST',
      /as debited \(\$400\.00\)/,
    );
    const sup = await app.as('supervisor');
    await sup.disputes.postProvisionalCredit({ id, amountCents: 40_000, version: v.case.version });
    v = await agent.disputes.get({ id });
    await agent.disputes.recordDetermination({
      id,
      outcome: 'error_found',
      explanation: 'Duplicate confirmed with the bank file.',
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    await refused(
      agent.disputes.postCorrection({ id, amountCents: 45_001, version: v.case.version }),
      'BAD_REQUEST',
      /without a supervisor/,
    );
    await agent.disputes.postCorrection({ id, amountCents: 45_000, version: v.case.version });
  });
});

describe('letters and documents', () => {
  it('prints the reviewed reason in the customer’s words, never the agent’s note; French dates the 1st "1er"', async () => {
    await start('2026-12-01T15:00:00.000Z');
    const f = await fixture();
    const agent = await app.as('agent');
    const { id } = await open(agent, f, {
      transactions: [{ transactionOn: '2026-11-25', amountCents: 45_000, description: 'EasyPay' }],
    });
    let letter = await agent.disputes.previewLetter({
      id,
      kind: 'acknowledgement',
      language: 'fr',
    });
    let text = await pdfText(letter.base64);
    expect(text).toContain('1er décembre 2026');
    expect(text).toContain("d'ici cette date");
    expect(text).not.toContain('upset');
    expect(text).not.toContain('Motif invoqué');
    const v = await agent.disputes.get({ id });
    await agent.disputes.setCustomerReason({
      id,
      customerReason: 'Le paiement de novembre a été prélevé deux fois.',
      version: v.case.version,
    });
    letter = await agent.disputes.previewLetter({ id, kind: 'acknowledgement', language: 'fr' });
    text = await pdfText(letter.base64);
    expect(text).toContain('Motif invoqué : Le paiement de novembre a été prélevé deux fois.');
    expect(text).not.toContain('upset');
  });

  it('documents: checked like portal attachments, listed, downloaded and in the evidence export', async () => {
    await start('2026-11-20T15:00:00.000Z');
    const f = await fixture();
    const agent = await app.as('agent');
    const { id } = await open(agent, f);
    await refused(
      agent.disputes.addDocument({
        id,
        description: 'Not a document',
        fileName: 'notes.pdf',
        contentBase64: b64(FILES.text),
      }),
      'BAD_REQUEST',
      /not a PDF, PNG, JPEG or HEIC/,
    );
    await refused(
      agent.disputes.addDocument({
        id,
        description: 'Renamed',
        fileName: 'statement.png',
        contentBase64: b64(FILES.pdf),
      }),
      'BAD_REQUEST',
      /does not match its content/,
    );
    await agent.disputes.addDocument({
      id,
      description: 'Bank statement',
      fileName: 'statement.pdf',
      contentBase64: b64(FILES.pdf),
    });
    const view = await agent.disputes.get({ id });
    const doc = view.items.find((i) => i.kind === 'document');
    expect(doc).toMatchObject({ fileName: 'statement.pdf', mimeType: 'application/pdf' });
    const download = await agent.disputes.document({ id, itemId: doc?.id ?? 0 });
    expect(Buffer.from(download.base64, 'base64').equals(FILES.pdf)).toBe(true);

    const sup = await app.as('supervisor');
    const http = await httpApp(app.deps);
    const token = await createSession(app.deps.db, sup.userId, app.clock.now().toISOString());
    const res = await http.inject({
      method: 'GET',
      url: `/api/disputes/${id}/evidence.zip`,
      cookies: { cic_session: token },
    });
    await http.close();
    const zip = await JSZip.loadAsync(res.rawPayload);
    const stored = zip.file(`documents/${doc?.id}-statement.pdf`);
    expect(stored).not.toBeNull();
    expect((await stored!.async('nodebuffer')).equals(FILES.pdf)).toBe(true);
    expect(await zip.file('documents.csv')?.async('string')).toContain('Bank statement');
  });
});
