import { afterEach, describe, expect, it } from 'vitest';
import { threadLinks } from '../../db/repositories/message-links.ts';
import { seededApp } from './customers-app.ts';
import { httpApp, postIntake } from './messages-fixtures.ts';

/**
 * Records take the app clock's time (the trainer's, on a training desk), never the machine's:
 * with the clock moved, a thread link and a presence entry carry the moved time, like the
 * dispute they belong to. (The machine's clock is in real December; the class lives on
 * 20 November.)
 */
type App = Awaited<ReturnType<typeof seededApp>>;
let app: App | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

const HELENE = 1;

describe("records stamped after the trainer's clock moved", () => {
  it('a thread link and a presence entry carry the moved time', async () => {
    app = await seededApp();
    const trainer = await app.as('trainer');
    const moved = await trainer.training.setClock({ date: '2026-11-20', time: '11:15' });
    const now = moved.now;
    expect(now).toBe('2026-11-20T16:15:00.000Z');

    const agent = await app.as('agent');
    const helene = await agent.customers.get360({ customerId: HELENE });
    const account = helene.accounts[0];
    if (!account) throw new Error('the seeded customer has no account');
    const http = await httpApp(app.deps);
    try {
      const posted = await postIntake(http, {
        customerId: HELENE,
        accountNumber: account.accountNumber,
        topic: 'erroneous-transaction',
        text: 'You debited me twice',
      });
      expect(posted.status).toBe(201);
      const threadId = (posted.body as { threadId: number }).threadId;

      // The hand-off link to a dispute.
      const { id } = await agent.disputes.create({
        customerId: HELENE,
        accountId: account.id,
        channel: 'secure_message',
        errorType: 'duplicate_debit',
        reason: 'Customer wrote that the payment was taken twice.',
        transactions: [
          { transactionOn: '2026-11-16', amountCents: 45_000, description: 'EasyPay' },
        ],
        fromThreadId: threadId,
      });
      expect(await threadLinks(app.deps.db, threadId)).toEqual([
        expect.objectContaining({ targetType: 'dispute', targetId: id, createdAt: now }),
      ]);

      // Presence: the agent's "since" is the desk's now.
      const presence = await agent.messages.presence({ threadId, mode: 'viewing' });
      for await (const list of presence) {
        expect(list).toEqual([expect.objectContaining({ mode: 'viewing', since: now })]);
        break;
      }
    } finally {
      await http.close();
    }
  });
});
