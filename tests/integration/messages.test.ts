import { existsSync, readdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkThread, threadLinks } from '../../db/repositories/message-links.ts';
import { postLedgerEntries } from '../../db/repositories/ledger.ts';
import { findAttachment } from '../../db/repositories/messages.ts';
import { formatCents } from '../../server/domain/money.ts';
import { requireThread } from '../../server/messages/load-thread.ts';
import { attachmentPath, attachmentsRoot } from '../../server/messages/attachments.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { b64, customerWithAccount, FILES, httpApp, postIntake } from './messages-fixtures.ts';

let app: TestApp;
let http: FastifyInstance;
let c1: Awaited<ReturnType<typeof customerWithAccount>>;
let c2: Awaited<ReturnType<typeof customerWithAccount>>;

beforeEach(async () => {
  // Friday 2026-11-20 10:00 in New York.
  app = await createTestApp({ now: '2026-11-20T15:00:00.000Z' });
  http = await httpApp(app.deps);
  c1 = await customerWithAccount(app.deps.db, 1);
  c2 = await customerWithAccount(app.deps.db, 2, { language: 'fr' });
});

afterEach(async () => {
  await http.close();
  await app.close();
});

/** A user's id by username (read from the database: the caller proxy cannot carry it). */
async function idOf(username: string): Promise<number> {
  return (
    await app.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow()
  ).id;
}

/** Callers read "now" once, when created: take a fresh one after moving the clock. */
const agentNow = (username = 'test-agent') => app.as('agent', username);

const threadCount = async () =>
  Number(
    (
      await app.deps.db
        .selectFrom('message_threads')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function intake(
  text = 'My EasyPay withdrawal happened twice.',
  extra: Record<string, unknown> = {},
) {
  const res = await postIntake(http, {
    customerId: c1.customerId,
    accountNumber: c1.accountNumber,
    topic: 'payments-easypay',
    text,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { threadId: number; messageId: number; reference: string };
}

describe('portal intake (HTTP, API key)', () => {
  it('refuses a missing or wrong key', async () => {
    expect((await postIntake(http, {}, null)).status).toBe(401);
    expect((await postIntake(http, {}, 'not-the-key')).status).toBe(401);
    expect(await threadCount()).toBe(0);
  });

  it.each([
    ['no text', { text: '' }, 'text'],
    ['unknown topic', { topic: 'weather' }, 'topic'],
    ['no topic for a new message', { topic: undefined }, 'topic'],
    ['malformed account number', { accountNumber: '12' }, 'accountNumber'],
    ['an account of someone else', { accountNumber: 'OTHER' }, 'accountNumber'],
    ['an unknown field', { bcc: 'x' }, '_'],
  ])('refuses %s with a clear field error, storing nothing', async (_name, patch, field) => {
    const body: Record<string, unknown> = {
      customerId: c1.customerId,
      accountNumber: c1.accountNumber,
      topic: 'payments-easypay',
      text: 'Hello',
      ...patch,
    };
    if (body.accountNumber === 'OTHER') body.accountNumber = c2.accountNumber;
    const res = await postIntake(http, body);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fields ?? {})).toContain(field);
    expect(await threadCount()).toBe(0);
  });

  it('refuses an unknown customer with 404', async () => {
    const res = await postIntake(http, {
      customerId: 9999,
      accountNumber: c1.accountNumber,
      topic: 'other',
      text: 'Hi',
    });
    expect(res.status).toBe(404);
  });

  it.each([
    [
      'a PDF named .png (extension does not match content)',
      'statement.png',
      FILES.pdf,
      /does not match/,
    ],
    ['a text file', 'notes.pdf', FILES.text, /not a PDF, PNG, JPEG or HEIC/],
    [
      'a file over 10 MB',
      'big.pdf',
      Buffer.concat([FILES.pdf, Buffer.alloc(10 * 1024 * 1024)]),
      /larger than 10 MB/,
    ],
  ])(
    'refuses %s and stores neither the message nor any file',
    async (_name, filename, data, message) => {
      const root = attachmentsRoot(null);
      const before = existsSync(root) ? readdirSync(root, { recursive: true }).length : 0;
      const res = await postIntake(http, {
        customerId: c1.customerId,
        accountNumber: c1.accountNumber,
        topic: 'statements-documents',
        text: 'See attached',
        attachments: [
          { filename: 'ok.pdf', contentBase64: b64(FILES.pdf) },
          { filename, contentBase64: b64(data) },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
      expect(res.body.fields?.['attachments.1']).toBeTruthy();
      expect(await threadCount()).toBe(0);
      expect(existsSync(root) ? readdirSync(root, { recursive: true }).length : 0).toBe(before);
    },
  );

  it('accepts a message with PDF, PNG and HEIC attachments: SHA-256, sanitised names, files outside the web root', async () => {
    const res = await intake('Here are my documents.', {
      topic: 'statements-documents',
      attachments: [
        { filename: '../../secret/Statement Nov.pdf', contentBase64: b64(FILES.pdf) },
        { filename: 'photo.PNG', contentBase64: b64(FILES.png) },
        { filename: 'IMG_0001.heic', contentBase64: b64(FILES.heic) },
      ],
    });
    expect(res.reference).toBe(`SM-${res.threadId}`);
    const agent = await app.as('agent');
    const view = await agent.messages.thread({ id: res.threadId });
    // The screen lists each file's name and size; its type and hash are stored with it.
    const listed = view.messages[0]?.attachments ?? [];
    const files = await Promise.all(listed.map((f) => findAttachment(app.deps.db, f.id)));
    expect(files.map((f) => [f?.filename, f?.mimeType])).toEqual([
      ['Statement Nov.pdf', 'application/pdf'],
      ['photo.PNG', 'image/png'],
      ['IMG_0001.heic', 'image/heic'],
    ]);
    expect(listed.map((f) => [f.filename, f.sizeBytes])).toEqual(
      files.map((f) => [f?.filename, f?.sizeBytes]),
    );
    for (const f of files) {
      expect(f?.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(existsSync(attachmentPath(attachmentsRoot(null), f?.sha256 ?? ''))).toBe(true);
    }
    expect(view.thread).toMatchObject({ state: 'new', topic: 'statements-documents' });
    const stored = await requireThread(app.deps.db, res.threadId);
    expect(stored.queue).toBe('documents');
    // Friday 10:00 ET + 16 business hours = Monday 17:00 ET (Fri 8 h + Mon 8 h).
    expect(stored.sla).toMatchObject({ kind: 'first', dueAt: '2026-11-23T22:00:00.000Z' });
  });

  it('a customer reply to someone else’s thread is refused', async () => {
    const { threadId } = await intake();
    const res = await postIntake(http, { customerId: c2.customerId, threadId, text: 'Me too' });
    expect(res.status).toBe(404);
  });
});

describe('state machine through the router', () => {
  it('new → open → waiting (SLA stops, e-mail held in training) → customer reply reopens → resolved → auto-closed → reopened', async () => {
    const { threadId } = await intake();
    let agent = await app.as('agent');
    const agentId = await idOf('test-agent');
    await agent.messages.claim({ threadId });
    let view = await agent.messages.thread({ id: threadId });
    expect(view.thread).toMatchObject({ state: 'open', assigneeId: agentId });

    await agent.messages.reply({
      threadId,
      expectedVersion: view.thread.version,
      kind: 'reply',
      body: 'We are refunding the duplicate.',
      then: 'wait',
    });
    expect(await requireThread(app.deps.db, threadId)).toMatchObject({
      state: 'waiting_on_customer',
      sla: { kind: null, dueAt: null },
      firstResponseAt: '2026-11-20T15:00:00.000Z',
    });
    const outbox = await agent.messages.outbox({});
    expect(outbox.rows).toHaveLength(1);
    expect(outbox.rows[0]).toMatchObject({ status: 'held', to: 'customer1@example.com', threadId });
    expect(outbox.rows[0]?.bodyText).not.toContain('refunding');

    app.clock.advanceMinutes(60);
    agent = await agentNow();
    await postIntake(http, {
      customerId: c1.customerId,
      threadId,
      text: 'Thanks, when will I see it?',
    });
    view = await agent.messages.thread({ id: threadId });
    expect(view.thread).toMatchObject({ state: 'open', assigneeId: agentId });
    // Back to its owner, on the next-response clock (4 business hours: Fri 11:00 → 15:00 ET).
    expect((await requireThread(app.deps.db, threadId)).sla).toMatchObject({
      kind: 'next',
      dueAt: '2026-11-20T20:00:00.000Z',
    });

    await agent.messages.reply({
      threadId,
      expectedVersion: view.thread.version,
      kind: 'reply',
      body: 'Within 3 business days.',
      then: 'resolve',
    });
    expect((await agent.messages.thread({ id: threadId })).thread.state).toBe('resolved');

    app.clock.advanceMinutes(3 * 24 * 60);
    expect((await (await app.as('supervisor')).messages.sweep({})).closed).toBe(0);
    app.clock.advanceMinutes(5 * 24 * 60);
    expect((await (await app.as('supervisor')).messages.sweep({})).closed).toBe(1);
    expect((await requireThread(app.deps.db, threadId)).state).toBe('closed');

    await postIntake(http, { customerId: c1.customerId, threadId, text: 'It never arrived.' });
    expect((await requireThread(app.deps.db, threadId)).state).toBe('open');
  });

  it('waiting on customer without a reply pauses the clock; the customer resumes it', async () => {
    const { threadId } = await intake();
    let agent = await app.as('agent');
    await agent.messages.claim({ threadId });
    app.clock.advanceMinutes(120); // 2 of 8 business hours used
    agent = await agentNow();
    let view = await agent.messages.thread({ id: threadId });
    await agent.messages.setState({
      threadId,
      expectedVersion: view.thread.version,
      action: 'wait',
    });
    view = await agent.messages.thread({ id: threadId });
    expect(view.thread.slaStatus).toMatchObject({ state: 'paused', remainingMinutes: 360 });
    app.clock.set('2026-11-23T14:00:00.000Z'); // Monday 09:00 ET
    await postIntake(http, { customerId: c1.customerId, threadId, text: 'Here is the info.' });
    expect((await requireThread(app.deps.db, threadId)).sla.dueAt).toBe(
      '2026-11-23T20:00:00.000Z', // 6 h left → 15:00 ET
    );
  });

  it('refuses to answer a closed thread and to claim a thread someone else has', async () => {
    const { threadId } = await intake();
    const a = await app.as('agent', 'a1');
    const b = await app.as('agent', 'b1');
    await a.messages.claim({ threadId });
    await expect(b.messages.claim({ threadId })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(b.messages.release({ threadId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const v = (await a.messages.thread({ id: threadId })).thread.version;
    await a.messages.setState({ threadId, expectedVersion: v, action: 'close' });
    await expect(
      a.messages.reply({
        threadId,
        expectedVersion: v + 1,
        kind: 'reply',
        body: 'late',
        then: 'wait',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('collision control', () => {
  it('a stale reply is stopped with the newer messages; nothing is sent; resending after seeing it works', async () => {
    const { threadId } = await intake();
    const a = await app.as('agent', 'alex');
    const b = await app.as('agent', 'brooke');
    const seenByB = (await b.messages.thread({ id: threadId })).thread.version;
    await a.messages.claim({ threadId });
    const seenByA = (await a.messages.thread({ id: threadId })).thread.version;
    await a.messages.reply({
      threadId,
      expectedVersion: seenByA,
      kind: 'reply',
      body: 'Alex: refund on its way.',
      then: 'wait',
    });

    const error = await b.messages
      .reply({
        threadId,
        expectedVersion: seenByB,
        kind: 'reply',
        body: 'Brooke: we will look into it.',
        then: 'wait',
      })
      .then(
        () => null,
        (e: unknown) =>
          e as {
            code: string;
            cause?: {
              detail?: { kind: string; newer: Array<{ body: string }>; currentVersion: number };
            };
          },
      );
    expect(error?.code).toBe('CONFLICT');
    const detail = error?.cause?.detail;
    expect(detail?.kind).toBe('stale');
    expect(detail?.newer.map((m) => m.body)).toContain('Alex: refund on its way.');

    const messages = (await b.messages.thread({ id: threadId })).messages;
    expect(messages.filter((m) => m.direction === 'outbound').map((m) => m.body)).toEqual([
      'Alex: refund on its way.',
    ]);
    expect((await b.messages.outbox({})).rows).toHaveLength(1);

    // Brooke has now seen the change: her draft goes out against the current version.
    await b.messages.reply({
      threadId,
      expectedVersion: detail!.currentVersion,
      kind: 'note',
      body: 'Brooke: saw Alex answered.',
      then: 'wait',
    });
    expect((await b.messages.thread({ id: threadId })).messages.at(-1)).toMatchObject({
      direction: 'note',
      authorName: 'Test agent',
    });
  });

  it('50 agents claiming the same thread at once: exactly one wins', async () => {
    const { threadId } = await intake();
    const agents = await Promise.all(
      Array.from({ length: 50 }, (_, i) => app.as('agent', `claimer${i}`)),
    );
    const results = await Promise.allSettled(
      agents.map((agent) => agent.messages.claim({ threadId })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(
      results
        .filter((r) => r.status === 'rejected')
        .every((r) => (r as PromiseRejectedResult).reason.code === 'CONFLICT'),
    ).toBe(true);
    // A clear conflict: who has it, not a database error.
    const losers = results.filter((r) => r.status === 'rejected');
    expect(losers).toHaveLength(49);
    for (const r of losers)
      expect((r as PromiseRejectedResult).reason.message).toBe(
        'Test agent already has this thread.',
      );
    const thread = await requireThread(app.deps.db, threadId);
    expect(thread.assigneeId).toBe(
      await idOf(`claimer${results.findIndex((r) => r.status === 'fulfilled')}`),
    );
    const audits = await app.deps.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'message.thread.claim')
      .execute();
    expect(audits).toHaveLength(1);
  });
});

describe('queue views, paging, next, bulk, assignment, links', () => {
  it('lists views with totals and pages on the server, most urgent first', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      const topic = i % 2 ? 'erroneous-transaction' : 'statements-documents';
      ids.push((await intake(`Message ${i}`, { topic })).threadId);
      app.clock.advanceMinutes(5);
    }
    const agent = await app.as('agent');
    const page1 = await agent.messages.list({ view: 'team', limit: 3 });
    expect(page1.total).toBe(7);
    expect(page1.rows).toHaveLength(3);
    // Erroneous transactions have a 4 h target: they are the most urgent.
    expect(page1.rows.every((r) => r.topic === 'erroneous-transaction')).toBe(true);
    const page3 = await agent.messages.list({ view: 'team', limit: 3, cursor: 6 });
    expect(page3.rows).toHaveLength(1);
    expect(page3.nextCursor).toBeNull();
    const dues = [...page1.rows].map((r) => r.slaStatus.dueAt ?? '');
    expect(dues).toEqual([...dues].sort());

    expect((await agent.messages.list({ view: 'team', topic: 'statements-documents' })).total).toBe(
      4,
    );
    expect((await agent.messages.list({ view: 'team', search: 'tremblay1' })).total).toBe(7);
    expect((await agent.messages.list({ view: 'team', search: c1.accountNumber })).total).toBe(7);
    expect(
      (await agent.messages.list({ view: 'team', search: String(ids[2]) })).rows.map((r) => r.id),
    ).toEqual([ids[2]]);

    const next = await agent.messages.next({});
    expect(page1.rows[0]?.id).toBe(next.threadId);
    expect(await agent.messages.counts({})).toMatchObject({
      mine: 1,
      unassigned: 6,
      team: 7,
      breached: 0,
    });

    app.clock.advanceMinutes(5 * 60);
    const breached = await (await agentNow()).messages.list({ view: 'breached' });
    expect(breached.total).toBe(3);
    expect(breached.rows[0]?.slaStatus.state).toBe('breached');

    const supervisor = await app.as('supervisor');
    await supervisor.messages.assign({
      threadIds: ids.slice(2, 4),
      userId: await idOf('test-agent'),
    });
    expect((await agent.messages.list({ view: 'mine' })).total).toBe(3);
    await supervisor.messages.bulkClose({
      threadIds: ids.slice(5),
      reason: 'Duplicates of thread 1',
    });
    expect((await agent.messages.list({ view: 'team' })).total).toBe(5);
    expect((await agent.messages.list({ view: 'team', state: 'closed' })).total).toBe(2);
    await expect(
      agent.messages.bulkClose({ threadIds: ids, reason: 'nope' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('auto-assigns new threads of a configured queue, least loaded first', async () => {
    await app.deps.db
      .updateTable('settings')
      .set({ value: JSON.stringify({ mode: 'least-loaded', autoAssignQueues: ['payments'] }) })
      .where('key', '=', 'messageAssignment')
      .execute();
    await app.as('agent', 'auto-a');
    await app.as('agent', 'auto-b');
    const [a, b] = [await idOf('auto-a'), await idOf('auto-b')];
    const owners = [];
    for (let i = 0; i < 4; i++)
      owners.push((await requireThread(app.deps.db, (await intake(`m${i}`)).threadId)).assigneeId);
    expect(owners).toEqual([a, b, a, b]);
    const other = await intake('Docs', { topic: 'statements-documents' });
    expect((await requireThread(app.deps.db, other.threadId)).assigneeId).toBeNull();
  });

  it('links a thread to a dispute both ways and shows the link on the thread', async () => {
    const { threadId } = await intake('Unauthorized withdrawal', {
      topic: 'erroneous-transaction',
    });
    await linkThread(app.deps.db, {
      threadId,
      targetType: 'dispute',
      targetId: 42,
      at: '2026-11-20T15:00:00.000Z',
    });
    await linkThread(app.deps.db, {
      threadId,
      targetType: 'dispute',
      targetId: 42,
      at: '2026-11-20T15:05:00.000Z',
    });
    expect(await threadLinks(app.deps.db, threadId)).toMatchObject([
      { targetType: 'dispute', targetId: 42 },
    ]);
    const agent = await app.as('agent');
    const view = await agent.messages.thread({ id: threadId });
    expect(view.links).toHaveLength(1);
    expect(view.topic?.handoff).toBe('dispute');
  });

  it('the customer panel shows the figures every other screen shows, and only what it uses', async () => {
    // A fee, a payment that covers part of what is billed, and a co-held second account.
    await postLedgerEntries(
      app.deps.db,
      [
        { accountId: c1.accountId, postedOn: '2026-03-20', kind: 'fee', amountCents: 2_500 },
        {
          accountId: c1.accountId,
          postedOn: '2026-06-01',
          kind: 'payment',
          amountCents: -300_000,
          code: 'mail',
        },
        {
          accountId: c1.accountId,
          postedOn: '2026-11-16',
          kind: 'payment',
          amountCents: -45_900,
          code: 'online',
        },
      ],
      '2026-11-20T15:00:00.000Z',
    );
    const other = await customerWithAccount(app.deps.db, 3);
    await app.deps.db
      .updateTable('accounts')
      .set({ co_holder_customer_id: c1.customerId })
      .where('id', '=', other.accountId)
      .execute();
    const { threadId } = await intake();
    const agent = await app.as('agent');
    const view = await agent.messages.thread({ id: threadId });
    const c360 = await agent.customers.get360({ customerId: c1.customerId });
    const summary = c360.accounts.find((a) => a.id === c1.accountId)?.summary;
    expect(summary?.pastDueCents).toBeGreaterThan(0);
    expect(view.account).toEqual({
      id: c1.accountId,
      accountNumber: c1.accountNumber,
      type: 'lease',
      vehicle: { year: 2025, make: 'MINI', model: 'Cooper S' },
      easyPay: false,
      amountDueCents: summary?.amountDueCents,
      nextDueDate: summary?.nextDueDate,
      pastDueCents: summary?.pastDueCents,
    });
    expect(view.otherAccounts).toEqual([
      { id: other.accountId, accountNumber: other.accountNumber, type: 'lease' },
    ]);
    expect(view.customer).toEqual({
      id: c1.customerId,
      displayName: 'Ann Tremblay1',
      language: 'en',
      email: 'customer1@example.com',
    });
    // What the thread screen reads (renderer/src/areas/messages/), and nothing else.
    expect(Object.keys(view).sort()).toEqual(
      ['account', 'customer', 'links', 'messages', 'otherAccounts', 'thread', 'topic'].sort(),
    );
    expect(Object.keys(view.thread).sort()).toEqual(
      [
        'accountId',
        'assigneeId',
        'assigneeName',
        'customerId',
        'id',
        'slaStatus',
        'state',
        'topic',
        'version',
      ].sort(),
    );
    expect(view.messages).toEqual([
      {
        id: expect.any(Number),
        direction: 'inbound',
        body: 'My EasyPay withdrawal happened twice.',
        authorName: null,
        threadVersion: expect.any(Number),
        createdAt: '2026-11-20T15:00:00.000Z',
        attachments: [],
      },
    ]);
    await expect(agent.messages.thread({ id: threadId + 1000 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('fills canned replies with the customer, account and amount due, in both languages', async () => {
    const res = await postIntake(http, {
      customerId: c2.customerId,
      accountNumber: c2.accountNumber,
      topic: 'payments-easypay',
      text: 'Bonjour',
    });
    const agent = await app.as('agent');
    const canned = await agent.messages.cannedReplies({ threadId: Number(res.body.threadId) });
    expect(canned.language).toBe('fr');
    const amountDue = canned.replies.find((r) => r.id === 'amount-due');
    expect(amountDue?.fr.text).toContain('Hélène Tremblay2');
    expect(amountDue?.fr.text).toContain(c2.accountNumber);
    expect(amountDue?.fr.missing).toEqual([]);
    expect(amountDue?.en.text).toMatch(/\$\d/);
    // The amount due is the account's figure, as every screen shows it.
    const c360 = await agent.customers.get360({ customerId: c2.customerId });
    const due = c360.accounts.find((a) => a.id === c2.accountId)?.summary.amountDueCents ?? -1;
    expect(amountDue?.en.text).toContain(formatCents(due, 'en'));
    expect(amountDue?.fr.text).toContain(formatCents(due, 'fr'));
  });
});

describe('training simulator', () => {
  it('delivers realistic customer messages through the intake rules; trainers start and stop it', async () => {
    const trainer = await app.as('trainer');
    const agent = await app.as('agent');
    await expect(agent.messages.simulator.start({ perHour: 60 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await trainer.messages.simulator.start({ perHour: 120 })).toMatchObject({
      running: true,
      perHour: 120,
    });
    const { simulatorOf } = await import('../../server/messages/simulator.ts');
    for (let i = 0; i < 5; i++) expect(await simulatorOf(app.deps).deliverOne()).toBeGreaterThan(0);
    expect(await trainer.messages.simulator.stop({})).toMatchObject({ running: false });
    const list = await agent.messages.list({ view: 'team', state: 'any' });
    expect(list.total).toBeGreaterThanOrEqual(1);
    expect(list.rows.every((r) => r.preview.length > 10)).toBe(true);
    const audits = await app.deps.db
      .selectFrom('audit_log')
      .select('actor_username')
      .where('action', 'like', 'message.%.receive')
      .execute();
    expect(audits.length).toBe(5);
    expect(audits.every((a) => a.actor_username === 'simulator')).toBe(true);
  });

  it('refuses to run in a production database', async () => {
    const prod = await createTestApp({ kind: 'production' });
    const trainer = await prod.as('trainer');
    await expect(trainer.messages.simulator.start({ perHour: 60 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await prod.close();
  });
});
