import { TRPCError } from '@trpc/server';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../db/repositories/audit.ts';
import { createTestApp, type Caller, type TestApp } from './harness.ts';
import { customerWithAccount, httpApp, postIntake } from './messages-fixtures.ts';
import { onPostgres } from './pg-test-db.ts';

/**
 * Many agents writing at once through the real router on PostgreSQL (SERIALIZABLE mutations
 * re-run on a lost race, db/transactions.ts). Each agent claims its own thread and answers it
 * several times while others fight over a few shared threads: no agent may see a generic
 * "please try again" (a race lost more often than the retries allow), every contested claim
 * has exactly one winner, and the audit chain stays one unbroken line. SQLite serialises
 * writers, so this only means something on PostgreSQL.
 */
const AGENTS = 40;
const CONTESTED = 8;
const RACERS_PER_CONTESTED = 4;
const REPLIES = 3;

let app: TestApp;
let http: FastifyInstance;

beforeEach(async () => {
  // The server's pool size: as many transactions in flight as a real instance has.
  app = await createTestApp({ pgPoolSize: 10 });
  http = await httpApp(app.deps);
});

afterEach(async () => {
  await http.close();
  await app.close();
});

async function intakes(n: number): Promise<number[]> {
  const customer = await customerWithAccount(app.deps.db, 1);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await postIntake(http, {
      customerId: customer.customerId,
      accountNumber: customer.accountNumber,
      topic: 'payments-easypay',
      text: `Question number ${i} about my EasyPay withdrawal.`,
    });
    expect(res.status).toBe(201);
    ids.push(Number(res.body.threadId));
  }
  return ids;
}

const codeOf = (e: unknown) => (e instanceof TRPCError ? e.code : String(e));

describe.skipIf(!onPostgres)('PostgreSQL write contention', () => {
  it('40 agents claiming and replying at once: no internal errors, one winner per claim', async () => {
    const threads = await intakes(AGENTS + CONTESTED);
    const own = threads.slice(0, AGENTS);
    const contested = threads.slice(AGENTS);
    const agents: Array<Caller & { userId: number }> = [];
    for (let i = 0; i < AGENTS; i++) agents.push(await app.as('agent', `busy${i}`));

    const failures: string[] = [];
    const work = async (agent: Caller & { userId: number }, i: number) => {
      const threadId = own[i]!;
      let { version } = await agent.messages.claim({ threadId });
      for (let r = 0; r < REPLIES; r++) {
        const sent = await agent.messages.reply({
          threadId,
          expectedVersion: version,
          kind: r === REPLIES - 1 ? 'reply' : 'note',
          body: `Answer ${r} from agent ${i}.`,
          then: 'open',
          // The screen sends a key with every reply (renderer/src/request-key.ts).
          ...(r % 2 === 0 ? { idempotencyKey: `reply-${i}-${r}-key` } : {}),
        });
        version = sent.version;
      }
    };
    const race = async (agent: Caller & { userId: number }, threadId: number) => {
      try {
        await agent.messages.claim({ threadId });
        return agent.userId;
      } catch (error) {
        if (codeOf(error) !== 'CONFLICT') failures.push(`claim ${threadId}: ${codeOf(error)}`);
        return null;
      }
    };

    const contestedRaces = contested.map((threadId, k) =>
      Promise.all(
        Array.from({ length: RACERS_PER_CONTESTED }, (_, j) =>
          race(agents[(k * RACERS_PER_CONTESTED + j) % AGENTS]!, threadId),
        ),
      ),
    );
    const results = await Promise.allSettled(agents.map(work));
    const winners = await Promise.all(contestedRaces);

    for (const r of results)
      if (r.status === 'rejected') failures.push(`own work: ${codeOf(r.reason)}`);
    expect(failures).toEqual([]);

    const rows = await app.deps.db
      .selectFrom('message_threads')
      .select(['id', 'assignee_id', 'message_count'])
      .where('id', 'in', threads)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    own.forEach((id, i) => {
      expect(byId.get(id)?.assignee_id).toBe(agents[i]!.userId);
      expect(byId.get(id)?.message_count).toBe(1 + REPLIES);
    });
    contested.forEach((id, k) => {
      const won = winners[k]!.filter((w) => w !== null);
      expect(won).toHaveLength(1);
      expect(byId.get(id)?.assignee_id).toBe(won[0]);
    });
    expect((await verifyAuditChain(app.deps.db)).ok).toBe(true);
  });
});
