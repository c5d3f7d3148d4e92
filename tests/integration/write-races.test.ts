import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../db/repositories/audit.ts';
import { writeTransaction } from '../../db/transactions.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { customerWithAccount, httpApp, postIntake } from './messages-fixtures.ts';

/**
 * Writers that race: on SQLite they queue for the one write lock; on PostgreSQL they run
 * concurrently (SERIALIZABLE mutations re-run on conflict, background writes READ COMMITTED),
 * and the hash-chained audit log must still come out as one unbroken chain with every record.
 */
let app: TestApp;
let http: FastifyInstance;

beforeEach(async () => {
  app = await createTestApp();
  http = await httpApp(app.deps);
});

afterEach(async () => {
  await http.close();
  await app.close();
});

const auditCount = async () =>
  Number(
    (
      await app.deps.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('concurrent writers', () => {
  it('mutations of many agents and portal intakes at once leave one linear audit chain', async () => {
    const customer = await customerWithAccount(app.deps.db, 1);
    const agents = await Promise.all(
      Array.from({ length: 12 }, (_, i) => app.as('agent', `racer${i}`)),
    );
    const before = await auditCount();
    const results = await Promise.allSettled([
      ...agents.map((agent, i) => agent.auth.setLanguage({ language: i % 2 ? 'fr' : 'en' })),
      ...Array.from({ length: 6 }, (_, i) =>
        postIntake(http, {
          customerId: customer.customerId,
          accountNumber: customer.accountNumber,
          topic: 'payments-easypay',
          text: `Question number ${i} about my EasyPay withdrawal.`,
        }),
      ),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    for (const r of results.slice(agents.length)) {
      const res = (r as PromiseFulfilledResult<{ status: number }>).value;
      expect(res.status).toBe(201);
    }
    const chain = await verifyAuditChain(app.deps.db);
    expect(chain.ok).toBe(true);
    // Every writer left its records: 12 language changes, and at least one per intake.
    expect(await auditCount()).toBeGreaterThanOrEqual(before + 12 + 6);
    const languages = await app.deps.db
      .selectFrom('users')
      .select(['username', 'language'])
      .where('username', 'like', 'racer%')
      .execute();
    for (const u of languages)
      expect(u.language).toBe(Number(u.username.slice(5)) % 2 ? 'fr' : 'en');
  });

  it('agents pressing "next" together each get a different thread', async () => {
    const customer = await customerWithAccount(app.deps.db, 1);
    for (let i = 0; i < 6; i++) {
      const res = await postIntake(http, {
        customerId: customer.customerId,
        accountNumber: customer.accountNumber,
        topic: 'payments-easypay',
        text: `Question number ${i} about my EasyPay withdrawal.`,
      });
      expect(res.status).toBe(201);
    }
    const agents = await Promise.all(
      Array.from({ length: 6 }, (_, i) => app.as('agent', `next${i}`)),
    );
    const results = await Promise.allSettled(agents.map((agent) => agent.messages.next()));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const owners = await app.deps.db
      .selectFrom('message_threads')
      .select(['id', 'assignee_id'])
      .where('assignee_id', 'is not', null)
      .execute();
    expect(owners).toHaveLength(6);
    expect(new Set(owners.map((o) => o.assignee_id)).size).toBe(6);
    expect((await verifyAuditChain(app.deps.db)).ok).toBe(true);
  });

  it('read-then-write transactions never lose an update: a loser re-runs on the new state', async () => {
    const db = app.deps.db;
    await db.insertInto('app_meta').values({ key: 'race-counter', value: '0' }).execute();
    const increment = () =>
      writeTransaction(db, async (trx) => {
        const row = await trx
          .selectFrom('app_meta')
          .select('value')
          .where('key', '=', 'race-counter')
          .executeTakeFirstOrThrow();
        // eslint-disable-next-line no-restricted-syntax -- widens the race under test (inside the transaction), nothing is awaited
        await new Promise((resolve) => setTimeout(resolve, 5));
        await trx
          .updateTable('app_meta')
          .set({ value: String(Number(row.value) + 1) })
          .where('key', '=', 'race-counter')
          .execute();
      });
    await Promise.all(Array.from({ length: 8 }, increment));
    const final = await db
      .selectFrom('app_meta')
      .select('value')
      .where('key', '=', 'race-counter')
      .executeTakeFirstOrThrow();
    expect(final.value).toBe('8');
  });
});
