import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from './harness.ts';
import { customerWithAccount, httpApp, postIntake } from './messages-fixtures.ts';

/**
 * messages.list returns a page and the total it is a page of (on PostgreSQL in one statement:
 * db/repositories/messages.ts listQueue): the total must survive an empty page.
 */
let app: TestApp;
let http: FastifyInstance;

beforeEach(async () => {
  app = await createTestApp({ now: '2026-11-20T15:00:00.000Z' });
  http = await httpApp(app.deps);
});

afterEach(async () => {
  await http.close();
  await app.close();
});

describe('queue page and total', () => {
  it('counts every matching thread, pages them, and keeps the total past the last page', async () => {
    const c = await customerWithAccount(app.deps.db, 1);
    for (let i = 0; i < 3; i++) {
      const res = await postIntake(http, {
        customerId: c.customerId,
        accountNumber: c.accountNumber,
        topic: 'payments-easypay',
        text: `Question number ${i}`,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const agent = await app.as('agent');
    const empty = await agent.messages.list({ view: 'mine' });
    expect(empty).toMatchObject({ total: 0, rows: [] });
    const first = await agent.messages.list({ view: 'team', limit: 2 });
    expect(first.total).toBe(3);
    expect(first.rows).toHaveLength(2);
    const second = await agent.messages.list({ view: 'team', limit: 2, cursor: 2 });
    expect(second.total).toBe(3);
    expect(second.rows).toHaveLength(1);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(3);
    const past = await agent.messages.list({ view: 'team', limit: 2, cursor: 10 });
    expect(past).toMatchObject({ total: 3, rows: [] });
  });

  it('each sort orders the page in SQL, and a row carries what the queue screen shows', async () => {
    const c = await customerWithAccount(app.deps.db, 1);
    const topics = ['statements-documents', 'erroneous-transaction', 'payments-easypay'];
    for (const topic of topics) {
      const res = await postIntake(http, {
        customerId: c.customerId,
        accountNumber: c.accountNumber,
        topic,
        text: `About ${topic}`,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      app.clock.advanceMinutes(7);
    }
    const agent = await app.as('agent');
    const ids = async (sort: 'sla' | 'activity' | 'newest' | 'oldest') =>
      (await agent.messages.list({ view: 'team', sort })).rows.map((r) => r.id);
    const oldest = await ids('oldest');
    expect(oldest).toHaveLength(3);
    expect([...oldest].sort((a, b) => a - b)).toEqual(oldest);
    expect(await ids('newest')).toEqual([...oldest].reverse());
    expect(await ids('activity')).toEqual([...oldest].reverse());
    const bySla = await agent.messages.list({ view: 'team', sort: 'sla' });
    const dues = bySla.rows.map((r) => r.slaStatus.dueAt ?? '');
    expect(dues).toEqual([...dues].sort());
    // The erroneous-transaction target (4 h) is the shortest: the second thread comes first.
    expect(bySla.rows[0]?.id).toBe(oldest[1]);
    // Only what the queue and the command palette show: the clock stays on the server.
    expect(bySla.rows[0]).toEqual({
      id: oldest[1],
      customerName: 'Ann Tremblay1',
      accountNumber: c.accountNumber,
      topic: 'erroneous-transaction',
      state: 'new',
      assigneeName: null,
      preview: 'About erroneous-transaction',
      lastActivityAt: '2026-11-20T15:07:00.000Z',
      slaStatus: {
        state: 'ok',
        kind: 'first',
        dueAt: expect.any(String),
        remainingMinutes: expect.any(Number),
      },
    });
  });

  it('a view of more than 1,000 threads shows its total, recounted within a second of a change', async () => {
    const c = await customerWithAccount(app.deps.db, 1);
    const res = await postIntake(http, {
      customerId: c.customerId,
      accountNumber: c.accountNumber,
      topic: 'payments-easypay',
      text: 'The first of many',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const {
      id: _id,
      is_active: _active,
      sla_sort: _sort,
      ...row
    } = await app.deps.db.selectFrom('message_threads').selectAll().executeTakeFirstOrThrow();
    const copies = (n: number) =>
      app.deps.db.transaction().execute(async (trx) => {
        for (let i = 0; i < n; i++) await trx.insertInto('message_threads').values(row).execute();
      });
    await copies(1_100);
    const agent = await app.as('agent');
    const first = await agent.messages.list({ view: 'team', limit: 5 });
    expect(first.total).toBe(1_101);
    expect(first.nextCursor).toBe(5);
    // Within the second, the next page is read alone and shows the same total.
    const second = await agent.messages.list({ view: 'team', limit: 5, cursor: 5 });
    expect(second).toMatchObject({ total: 1_101, nextCursor: 10 });
    expect(second.rows.map((r) => r.id)).not.toContain(first.rows[0]?.id);
    expect(second.rows).toHaveLength(5);
    await copies(2);
    // Large totals are recounted at most once a second per server (listQueue's countThreads).
    await vi.waitFor(
      async () => expect((await agent.messages.list({ view: 'team', limit: 5 })).total).toBe(1_103),
      { timeout: 5_000, interval: 100 },
    );
    expect((await agent.messages.counts()).team).toBe(1_103);
    // Back under 1,000 (a bulk close): the exact total again within a second, and the last page
    // (not full) gives its total without a count.
    await app.deps.db
      .updateTable('message_threads')
      .set({ state: 'closed' })
      .where('id', '>', 900)
      .execute();
    await vi.waitFor(
      async () => expect((await agent.messages.list({ view: 'team', limit: 5 })).total).toBe(900),
      { timeout: 5_000, interval: 100 },
    );
    const last = await agent.messages.list({ view: 'team', limit: 50, cursor: 880 });
    expect(last).toMatchObject({ total: 900, nextCursor: null });
    expect(last.rows).toHaveLength(20);
  });
});
