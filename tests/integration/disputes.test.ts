import { TRPCError } from '@trpc/server';
import { getDocumentProxy, extractText } from 'unpdf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from '../../db/repositories/accounts.ts';
import { addAddress } from '../../db/repositories/customer-addresses.ts';
import { createCustomer } from '../../db/repositories/customers.ts';
import { threadLinks } from '../../db/repositories/message-links.ts';
import { createSession } from '../../db/repositories/sessions.ts';
import JSZip from 'jszip';
import { createTestApp, type Caller, type TestApp } from './harness.ts';
import { httpApp, postIntake } from './messages-fixtures.ts';
import { englishOf, msg } from '../../server/domain/shared/server-messages.ts';

// Fri 2026-11-20 10:00 in New York: clocks that start today cross Thanksgiving (Thu 11-26).
const NOW = '2026-11-20T15:00:00.000Z';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp({ now: NOW });
});
afterEach(() => app.close());

async function fixture(
  opts: {
    region?: string;
    openedOn?: string;
    acct?: string;
    movesTo?: { region: string; on: string };
  } = {},
) {
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
      line1: '200 BOYLSTON ST',
      city: 'BOSTON',
      region: opts.region ?? 'MA',
      postalCode: '02116',
      country: 'US',
      effectiveFrom: '2020-01-01',
      source: 'origination',
    },
    at,
  );
  if (opts.movesTo) {
    await addAddress(
      db,
      {
        customerId: customer.id,
        line1: '1 ELM ST',
        city: 'NASHUA',
        region: opts.movesTo.region,
        postalCode: '03060',
        country: 'US',
        effectiveFrom: opts.movesTo.on,
        source: 'customer-request',
      },
      at,
    );
  }
  const account = await createAccount(
    db,
    {
      accountNumber: opts.acct ?? '1000000001',
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

async function pdfText(base64: string): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(Buffer.from(base64, 'base64')));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

async function expectDomainError(p: Promise<unknown>, code: string, message?: RegExp) {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code === 'PRECONDITION' ? 'PRECONDITION_FAILED' : code);
  if (message) expect((error as TRPCError).message).toMatch(message);
}

async function openPhoneCase(
  agent: Caller,
  f: Awaited<ReturnType<typeof fixture>>,
  extra: Record<string, unknown> = {},
) {
  return agent.disputes.create({
    customerId: f.customer.id,
    accountId: f.account.id,
    channel: 'phone',
    errorType: 'duplicate_debit',
    reason: 'EasyPay took the November payment twice.',
    transactions: [
      {
        transactionOn: '2026-11-05',
        amountCents: 45_000,
        description: 'EasyPay debit (duplicate)',
      },
    ],
    ...extra,
  });
}

describe('dispute intake', () => {
  it('opens a phone case under the policy in effect, with Massachusetts from the address on the notice date', async () => {
    // Lived in MA on the notice date; moves to NH next month: still MA for this case.
    const f = await fixture({ movesTo: { region: 'NH', on: '2026-12-01' } });
    const agent = await app.as('agent');
    const { id, caseNumber } = await openPhoneCase(agent, f);
    expect(caseNumber).toBe(`D-${String(id).padStart(6, '0')}`);
    const view = await agent.disputes.get({ id });
    expect(view.case.policyVersion).toBe(1);
    expect(view.case.massachusetts).toBe(true);
    expect(view.case.residenceRegion).toBe('MA');
    const clock = (cid: string) => view.report.clocks.find((c) => c.id === cid);
    expect(clock('written_confirmation')?.legalDue).toBe('2026-11-30'); // 10 calendar days
    expect(clock('determination_or_credit')?.legalDue).toBe('2026-12-07'); // 10 business days over Thanksgiving
    expect(clock('investigation')?.legalDue).toBe('2027-01-04');
    expect(view.events.map((e) => e.kind)).toEqual(['intake']);
    expect(view.events[0]?.actorName).toBe('Test agent');
    expect(view.case.stage).toBe('investigation');
    expect(view.case.nextClock).toBe('determination_or_credit');
    expect(view.case.nextTargetOn).toBe('2026-12-07');
    // The stored clocks match the engine.
    const stored = await app.deps.db
      .selectFrom('dispute_clocks')
      .selectAll()
      .where('dispute_id', '=', id)
      .execute();
    expect(stored.find((s) => s.clock_id === 'determination_or_credit')?.at_risk_from).toBe(
      '2026-12-03',
    );
  });

  it('a non-MA resident gets 10 business days for written confirmation, and a new account 20 business days', async () => {
    const f = await fixture({ region: 'OH', openedOn: '2026-11-01' });
    const agent = await app.as('agent');
    const { id } = await openPhoneCase(agent, f);
    const view = await agent.disputes.get({ id });
    expect(view.case.newAccount).toBe(true); // opened 19 days before the notice
    expect(view.report.clocks.find((c) => c.id === 'written_confirmation')?.legalDue).toBe(
      '2026-12-07',
    );
    expect(view.report.clocks.find((c) => c.id === 'determination_or_credit')?.legalDue).toBe(
      '2026-12-21',
    );
    expect(view.report.clocks.find((c) => c.id === 'investigation')?.legalDue).toBe('2027-02-18');
  });

  it('flags a late notice and still opens the case', async () => {
    const f = await fixture();
    const agent = await app.as('agent');
    const { id } = await openPhoneCase(agent, f, {
      transactions: [{ transactionOn: '2026-09-01', amountCents: 12_000, description: 'Late fee' }],
    });
    const view = await agent.disputes.get({ id });
    expect(view.case.lateNotice).toBe(true);
    expect(view.events.map((e) => e.kind)).toEqual(['intake', 'late_notice']);
  });

  it('refuses an account the customer does not hold, and a transaction after the notice', async () => {
    const f = await fixture();
    const other = await fixture({ acct: '1000000002' });
    const agent = await app.as('agent');
    await expectDomainError(
      openPhoneCase(agent, { customer: f.customer, account: other.account }),
      'BAD_REQUEST',
    );
    await expectDomainError(
      openPhoneCase(agent, f, {
        transactions: [{ transactionOn: '2026-11-21', amountCents: 100, description: 'future' }],
      }),
      'BAD_REQUEST',
    );
  });

  it('a secure-message hand-off links the thread both ways', async () => {
    const f = await fixture();
    const http = await httpApp(app.deps);
    const posted = await postIntake(http, {
      customerId: f.customer.id,
      accountNumber: f.account.accountNumber,
      topic: 'erroneous-transaction',
      text: 'You debited me twice',
    });
    const threadId = (posted.body as { threadId: number }).threadId;
    expect(threadId).toBeGreaterThan(0);
    const agent = await app.as('agent');
    const { id } = await agent.disputes.create({
      customerId: f.customer.id,
      accountId: f.account.id,
      channel: 'secure_message',
      errorType: 'duplicate_debit',
      reason: 'Customer wrote that the payment was taken twice.',
      transactions: [{ transactionOn: '2026-11-05', amountCents: 45_000, description: 'EasyPay' }],
      fromThreadId: threadId,
    });
    expect(await threadLinks(app.deps.db, threadId)).toMatchObject([
      { targetType: 'dispute', targetId: id },
    ]);
    const view = await agent.disputes.get({ id });
    expect(view.case.sourceThreadId).toBe(threadId);
    expect(view.report.clocks.find((c) => c.id === 'written_confirmation')?.state).toBe(
      'not_applicable',
    );
    await http.close();
  });
});

describe('the workflow and its gates', () => {
  it('phone → acknowledgement → provisional credit → no error → reversal → closed', async () => {
    const f = await fixture();
    let agent = await app.as('agent');
    const { id } = await openPhoneCase(agent, f);
    let v = await agent.disputes.get({ id });

    // Acknowledgement: the written-confirmation request with the mailing address.
    const preview = await agent.disputes.previewLetter({
      id,
      kind: 'acknowledgement',
      language: 'en',
    });
    const ackText = await pdfText(preview.base64);
    expect(ackText).toContain('P.O. BOX 3608');
    expect(ackText).toContain('Dublin, OH 43016-0306');
    expect(ackText).toContain('within 10 calendar days, that is by November 30, 2026');
    expect(ackText).toContain('by December 7, 2026 (10 business days)');
    const fr = await pdfText(
      (await agent.disputes.previewLetter({ id, kind: 'acknowledgement', language: 'fr' })).base64,
    );
    expect(fr).toContain('dans un délai de 10 jours civils, soit au plus tard le 30 novembre 2026');
    expect(fr).toContain('P.O. BOX 3608');
    await agent.disputes.sendLetter({
      id,
      kind: 'acknowledgement',
      language: 'fr',
      channel: 'mail',
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });

    // Gate: cannot close.
    await expectDomainError(
      agent.disputes.close({ id, version: v.case.version }),
      'PRECONDITION',
      /No determination/,
    );

    // Provisional credit, posted to the ledger.
    await agent.disputes.postProvisionalCredit({
      id,
      amountCents: 45_000,
      version: v.case.version,
    });
    const ledger = await app.deps.db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('reference', '=', `dispute:${id}`)
      .execute();
    expect(ledger).toMatchObject([
      { kind: 'provisional_credit', amount_cents: -45_000, posted_on: '2026-11-20' },
    ]);
    v = await agent.disputes.get({ id });
    expect(v.report.clocks.find((c) => c.id === 'determination_or_credit')?.state).toBe('met');
    expect(v.report.clocks.find((c) => c.id === 'provisional_credit_notice')?.legalDue).toBe(
      '2026-11-24',
    );
    const pcLetter = await pdfText(
      (await agent.disputes.previewLetter({ id, kind: 'provisional_credit', language: 'en' }))
        .base64,
    );
    expect(pcLetter).toContain('$450.00');
    await agent.disputes.sendLetter({
      id,
      kind: 'provisional_credit',
      language: 'en',
      channel: 'mail',
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    expect(v.case.provisionalCreditNoticeSentOn).toBe('2026-11-20');

    // Gate: "no error" needs a written explanation.
    await expectDomainError(
      agent.disputes.recordDetermination({
        id,
        outcome: 'no_error',
        explanation: 'n/a',
        version: v.case.version,
      }),
      'PRECONDITION',
      /explanation/,
    );
    // Gate: no results letter before a determination.
    await expectDomainError(
      agent.disputes.sendLetter({
        id,
        kind: 'no_error',
        language: 'en',
        channel: 'mail',
        version: v.case.version,
      }),
      'PRECONDITION',
    );

    app.clock.set('2026-11-23T15:00:00.000Z'); // Mon
    agent = await app.as('agent');
    v = await agent.disputes.get({ id });
    await agent.disputes.recordDetermination({
      id,
      outcome: 'no_error',
      explanation:
        'Only one EasyPay debit of $450.00 reached your account in November; the second item was a pending authorisation that never posted.',
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    expect(v.case.stage).toBe('results');
    expect(v.report.clocks.find((c) => c.id === 'results')?.legalDue).toBe('2026-11-27'); // T24(1) W25(2) [Th26] F27(3)
    expect(v.report.clocks.find((c) => c.id === 'correction')?.state).toBe('not_applicable');
    // The error-found letter is the wrong one now.
    await expectDomainError(
      agent.disputes.sendLetter({
        id,
        kind: 'results',
        language: 'en',
        channel: 'mail',
        version: v.case.version,
      }),
      'PRECONDITION',
      /no-error/,
    );
    // A reversal notice cannot go before the results.
    await expectDomainError(
      agent.disputes.sendLetter({
        id,
        kind: 'reversal',
        language: 'en',
        channel: 'mail',
        version: v.case.version,
      }),
      'PRECONDITION',
      /results/,
    );

    const noErr = await agent.disputes.previewLetter({ id, kind: 'no_error', language: 'fr' });
    expect(noErr.clauses).toContain('documents');
    const noErrText = await pdfText(noErr.base64);
    expect(noErrText).toContain('Vous avez le droit de demander les documents');
    expect(noErrText).toContain('pending authorisation');
    const noErrEn = await pdfText(
      (await agent.disputes.previewLetter({ id, kind: 'no_error', language: 'en' })).base64,
    );
    expect(noErrEn).toContain('You have the right to request the documents that we relied on');
    await agent.disputes.sendLetter({
      id,
      kind: 'no_error',
      language: 'fr',
      channel: 'mail',
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    expect(v.case.resultsSentOn).toBe('2026-11-23');
    expect(v.case.stage).toBe('reversal');

    // Reversal notice: the debit date must be at least 5 business days later (Tue Dec 1).
    await expectDomainError(
      agent.disputes.sendLetter({
        id,
        kind: 'reversal',
        language: 'en',
        channel: 'mail',
        reversalOn: '2026-11-30',
        version: v.case.version,
      }),
      'PRECONDITION',
      /Tue 2026-12-01/,
    );
    await agent.disputes.sendLetter({
      id,
      kind: 'reversal',
      language: 'en',
      channel: 'mail',
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    expect(v.reversal?.earliest.date).toBe('2026-12-01');
    const reversalLetter = v.letters.find((l) => l.kind === 'reversal');
    const revText = await pdfText(
      (await agent.disputes.letterPdf({ letterId: reversalLetter?.id ?? 0 })).base64,
    );
    expect(revText).toContain(
      'Amount to be debited: $450.00. Date of the debit: December 1, 2026.',
    );
    expect(revText).toContain('5 business days after the date of this notice');

    // Gate: no reversal dated before Tue Dec 1, even when "today" allows it.
    app.clock.set('2026-12-01T15:00:00.000Z');
    agent = await app.as('agent');
    v = await agent.disputes.get({ id });
    await expectDomainError(
      agent.disputes.postReversal({ id, reversalOn: '2026-11-30', version: v.case.version }),
      'PRECONDITION',
      /2026-12-01/,
    );
    await agent.disputes.postReversal({ id, reversalOn: '2026-12-01', version: v.case.version });
    const entries = await app.deps.db
      .selectFrom('ledger_entries')
      .select(['kind', 'amount_cents', 'posted_on'])
      .where('reference', '=', `dispute:${id}`)
      .orderBy('id')
      .execute();
    expect(entries).toEqual([
      { kind: 'provisional_credit', amount_cents: -45_000, posted_on: '2026-11-20' },
      { kind: 'provisional_credit_reversal', amount_cents: 45_000, posted_on: '2026-12-01' },
    ]);
    v = await agent.disputes.get({ id });
    expect(v.case.stage).toBe('ready_to_close');
    expect(v.closeBlockers).toEqual([]);
    await agent.disputes.close({ id, version: v.case.version });
    v = await agent.disputes.get({ id });
    expect(v.case.stage).toBe('closed');
    expect(v.events.map((e) => e.kind)).toEqual([
      'intake',
      'letter',
      'provisional_credit',
      'letter',
      'determination',
      'letter',
      'letter',
      'reversal',
      'closed',
    ]);
    // Every step is audited.
    const audits = await app.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'dispute')
      .execute();
    expect(audits.length).toBeGreaterThanOrEqual(9);
  });

  it('cannot close while a required notice is unsent; error found needs its correction', async () => {
    const f = await fixture({ region: 'OH' });
    const agent = await app.as('agent');
    const { id } = await openPhoneCase(agent, f);
    let v = await agent.disputes.get({ id });
    await agent.disputes.postProvisionalCredit({
      id,
      amountCents: 45_000,
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    await agent.disputes.recordDetermination({
      id,
      outcome: 'error_found',
      explanation: 'Duplicate EasyPay debit confirmed with the bank file.',
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    expect(v.case.stage).toBe('correction');
    expect(v.report.clocks.find((c) => c.id === 'correction')?.legalDue).toBe('2026-11-23');
    const blockers = v.closeBlockers.map(englishOf).join(' ');
    expect(blockers).toContain('acknowledgement');
    expect(blockers).toContain('provisional credit notice');
    expect(blockers).toContain('results letter');
    expect(blockers).toContain('correction');
    await expectDomainError(
      agent.disputes.close({ id, version: v.case.version }),
      'PRECONDITION',
      /acknowledgement/,
    );
    await agent.disputes.postCorrection({ id, amountCents: 45_000, version: v.case.version });
    v = await agent.disputes.get({ id });
    for (const kind of ['acknowledgement', 'provisional_credit', 'results'] as const) {
      await agent.disputes.sendLetter({
        id,
        kind,
        language: 'en',
        channel: 'mail',
        version: v.case.version,
      });
      v = await agent.disputes.get({ id });
    }
    const results = await pdfText(
      (await agent.disputes.letterPdf({ letterId: v.letters.at(-1)?.id ?? 0 })).base64,
    );
    expect(results).toContain(
      'The provisional credit of $450.00 made to your account on November 20, 2026 is now final.',
    );
    // No reversal after an error was found in full.
    expect(englishOf(v.letterBlockers.reversal ?? '')).toMatch(
      /covers the whole provisional credit/,
    );
    await agent.disputes.close({ id, version: v.case.version });
    expect((await agent.disputes.get({ id })).case.stage).toBe('closed');
  });

  it('refuses a stale version (someone else changed the case)', async () => {
    const f = await fixture();
    const agent = await app.as('agent');
    const { id } = await openPhoneCase(agent, f);
    const v = await agent.disputes.get({ id });
    await agent.disputes.addNote({ id, kind: 'note', body: 'Called the bank' });
    await agent.disputes.recordWrittenConfirmation({
      id,
      receivedOn: '2026-11-20',
      version: v.case.version,
    });
    await expectDomainError(
      agent.disputes.postProvisionalCredit({ id, amountCents: 1000, version: v.case.version }),
      'CONFLICT',
    );
  });

  it('only a supervisor may keep a provisional credit after "no error"', async () => {
    const f = await fixture();
    const agent = await app.as('agent');
    const { id } = await openPhoneCase(agent, f);
    let v = await agent.disputes.get({ id });
    await agent.disputes.sendLetter({
      id,
      kind: 'acknowledgement',
      language: 'en',
      channel: 'mail',
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    await agent.disputes.postProvisionalCredit({
      id,
      amountCents: 45_000,
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    await agent.disputes.sendLetter({
      id,
      kind: 'provisional_credit',
      language: 'en',
      channel: 'mail',
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    await agent.disputes.recordDetermination({
      id,
      outcome: 'no_error',
      explanation: 'The debit matches the signed EasyPay authorisation on file.',
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    await agent.disputes.sendLetter({
      id,
      kind: 'no_error',
      language: 'en',
      channel: 'mail',
      version: v.case.version,
    });
    v = await agent.disputes.get({ id });
    await expectDomainError(
      agent.disputes.close({ id, version: v.case.version }),
      'PRECONDITION',
      /still on the account/,
    );
    await expectDomainError(
      agent.disputes.close({
        id,
        keepProvisionalCredit: true,
        note: 'Goodwill, amount too small',
        version: v.case.version,
      }),
      'FORBIDDEN',
    );
    const supervisor = await app.as('supervisor');
    await supervisor.disputes.close({
      id,
      keepProvisionalCredit: true,
      note: 'Goodwill, amount too small',
      version: v.case.version,
    });
  });
});

describe('supervisor cockpit', () => {
  it('counts due today, at risk and breached per clock and agent, and drills down', async () => {
    const f = await fixture();
    const agent = await app.as('agent');
    const { id } = await openPhoneCase(agent, f); // determination/credit due Mon 12-07, at risk from Thu 12-03
    await expectDomainError(agent.disputes.cockpit(), 'FORBIDDEN');

    // A caller reads "now" once, when it is created: make a fresh one after each clock move.
    const row = async () =>
      (await (await app.as('supervisor')).disputes.cockpit()).perClock.find(
        (c) => c.clockId === 'determination_or_credit',
      );
    expect(await row()).toMatchObject({ open: 1, dueToday: 0, atRisk: 0, breached: 0 });
    app.clock.set('2026-12-03T15:00:00.000Z');
    expect(await row()).toMatchObject({ open: 1, dueToday: 0, atRisk: 1, breached: 0 });
    app.clock.set('2026-12-07T15:00:00.000Z');
    expect(await row()).toMatchObject({ open: 1, dueToday: 1, atRisk: 1, breached: 0 });
    app.clock.set('2026-12-08T15:00:00.000Z');
    const sup = await app.as('supervisor');
    const cockpit = await sup.disputes.cockpit();
    expect(cockpit.perClock.find((c) => c.clockId === 'determination_or_credit')).toMatchObject({
      breached: 1,
      atRisk: 0,
    });
    expect(cockpit.perAgent.find((a) => a.name === 'Test agent')).toMatchObject({
      openCases: 1,
      breached: 1,
    });
    expect(cockpit.trend.at(-1)?.breaches).toBe(1);
    const drill = await sup.disputes.cockpitCases({
      filter: 'breached',
      clockId: 'determination_or_credit',
    });
    expect(drill.rows.map((r) => r.disputeId)).toEqual([id]);
    expect(drill.rows[0]).toMatchObject({
      customerName: 'Hélène Tremblay',
      accountNumber: '1000000001',
      legalDueOn: '2026-12-07',
    });
    // The engine agrees with the SQL.
    const v = await (await app.as('agent')).disputes.get({ id });
    expect(v.report.clocks.find((c) => c.id === 'determination_or_credit')?.state).toBe('breached');
  });

  it('lists policy versions for supervisors only', async () => {
    const supervisor = await app.as('supervisor');
    const [v2, v1] = await supervisor.disputes.policies();
    expect(v2?.version).toBe(2);
    expect(v1?.version).toBe(1);
    expect(
      v1?.policy.clocks.find((c) => c.id === 'written_confirmation')?.overrides[0]?.citation,
    ).toBe('Lender policy (MA)');
    await expectDomainError((await app.as('agent')).disputes.policies(), 'FORBIDDEN');
  });
});

describe('plain-HTTP exports', () => {
  it('serves letter PDFs, the cockpit CSV and the evidence zip to signed-in staff only', async () => {
    const f = await fixture();
    const agent = await app.as('agent');
    const { id } = await openPhoneCase(agent, f);
    const v = await agent.disputes.get({ id });
    await agent.disputes.sendLetter({
      id,
      kind: 'acknowledgement',
      language: 'en',
      channel: 'mail',
      version: v.case.version,
    });
    const letterId = (await agent.disputes.get({ id })).letters[0]?.id ?? 0;
    const http = await httpApp(app.deps);
    const supervisor = await app.as('supervisor');
    const supToken = await createSession(
      app.deps.db,
      supervisor.userId,
      app.clock.now().toISOString(),
    );
    const agentToken = await createSession(
      app.deps.db,
      agent.userId,
      app.clock.now().toISOString(),
    );
    const get = (url: string, token?: string) =>
      http.inject({ method: 'GET', url, ...(token ? { cookies: { cic_session: token } } : {}) });

    // Refusals answer like tRPC errors: a message key (shown translated) and its English.
    const signedOut = await get(`/api/disputes/letters/${letterId}.pdf`);
    expect(signedOut.statusCode).toBe(401);
    expect(signedOut.json()).toMatchObject({
      error: {
        message: englishOf(msg('common.sessionEnded')),
        data: { code: 'UNAUTHORIZED', httpStatus: 401, messageKey: 'common.sessionEnded' },
      },
    });
    const missing = await get('/api/disputes/letters/999999.pdf', agentToken);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.data).toMatchObject({ messageKey: 'common.noSuchLetter' });
    const unknownKind = await get(`/api/disputes/${id}/preview/nonsense.pdf`, agentToken);
    expect(unknownKind.statusCode).toBe(400);
    expect(unknownKind.json().error.data).toMatchObject({
      messageKey: 'disputes.unknownLetterKind',
    });
    const noCase = await get('/api/disputes/999999/evidence.zip', supToken);
    expect(noCase.statusCode).toBe(404);
    expect(noCase.json().error.data).toMatchObject({ code: 'NOT_FOUND', domainCode: 'NOT_FOUND' });
    expect(noCase.json().error.data.messageKey).toMatch(/^disputes\./);
    const pdf = await get(`/api/disputes/letters/${letterId}.pdf`, agentToken);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfText(pdf.rawPayload.toString('base64'))).toContain('P.O. BOX 3608');
    const preview = await get(
      `/api/disputes/${id}/preview/acknowledgement.pdf?lang=fr`,
      agentToken,
    );
    expect(await pdfText(preview.rawPayload.toString('base64'))).toContain(
      'Veuillez confirmer votre avis par écrit',
    );

    const agentCsv = await get('/api/disputes/cockpit.csv?filter=open', agentToken);
    expect(agentCsv.statusCode).toBe(403);
    expect(agentCsv.json().error.data).toMatchObject({ messageKey: 'common.roleNotAllowed' });
    const csv = await get(
      '/api/disputes/cockpit.csv?filter=open&clockId=determination_or_credit',
      supToken,
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\n')[0]).toBe(
      'case,clock,state,owner,target,legal_due,at_risk_from,notice,stage,ma,customer,account,agent,disputed_usd',
    );
    expect(csv.body).toContain(
      `D-${String(id).padStart(6, '0')},determination_or_credit,,lender,2026-12-07,2026-12-07,2026-12-03`,
    );

    const zipRes = await get(`/api/disputes/${id}/evidence.zip`, supToken);
    expect(zipRes.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(zipRes.rawPayload);
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(expect.arrayContaining(['case.json', 'clocks.csv', 'timeline.csv']));
    expect(
      names.some(
        (n) => n.startsWith('letters/') && n.endsWith('-acknowledgement-en-' + letterId + '.pdf'),
      ),
    ).toBe(true);
    expect(await zip.file('timeline.csv')?.async('string')).toContain('Notice received by phone');
    await http.close();
  });
});
