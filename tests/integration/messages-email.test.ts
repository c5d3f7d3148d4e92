import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMessaging } from '../../server/messages/background.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { customerWithAccount, httpApp, postIntake } from './messages-fixtures.ts';

/**
 * The e-mail notice over real SMTP: a production database, an `smtp-server` started here, the
 * outbox sender of server/messages/background.ts. The notice must never carry the reply.
 */
interface Received {
  to: string[];
  raw: string;
}

let app: TestApp;
let smtp: SMTPServer;
let port: number;
let received: Received[];
let refuse: boolean;
const KEY = 'portal-key-for-tests-0123456789';

beforeEach(async () => {
  process.env.CIC_PORTAL_API_KEYS = KEY;
  received = [];
  refuse = false;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuse) {
          const error = Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 });
          callback(error);
          return;
        }
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as AddressInfo).port;
  app = await createTestApp({ kind: 'production' });
});

afterEach(async () => {
  delete process.env.CIC_PORTAL_API_KEYS;
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await app.close();
});

async function answeredThread(): Promise<number> {
  const c = await customerWithAccount(app.deps.db, 5, { language: 'fr' });
  const http = await httpApp(app.deps);
  expect(
    (
      await postIntake(http, {
        customerId: c.customerId,
        accountNumber: c.accountNumber,
        topic: 'other',
        text: 'Bonjour',
      })
    ).status,
  ).toBe(401);
  const res = await postIntake(
    http,
    { customerId: c.customerId, accountNumber: c.accountNumber, topic: 'other', text: 'Bonjour' },
    KEY,
  );
  await http.close();
  expect(res.status).toBe(201);
  const threadId = Number(res.body.threadId);
  const agent = await app.as('agent');
  const { thread } = await agent.messages.thread({ id: threadId });
  await agent.messages.reply({
    threadId,
    expectedVersion: thread.version,
    kind: 'reply',
    body: 'SECRET-REPLY-CONTENT 1234',
    then: 'wait',
  });
  return threadId;
}

describe('e-mail notice over SMTP', () => {
  it('sends "a new secure message is waiting" in the customer language, without the message', async () => {
    const threadId = await answeredThread();
    const agent = await app.as('agent');
    expect((await agent.messages.outbox({})).rows[0]).toMatchObject({
      status: 'pending',
      threadId,
    });

    const messaging = startMessaging(app.deps, {
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'desk@example.com',
      sendEveryMs: 3_600_000,
    });
    await messaging.tick();
    await messaging.stop();

    expect(received).toHaveLength(1);
    expect(received[0]?.to).toEqual(['customer5@example.com']);
    const raw = received[0]?.raw ?? '';
    expect(raw).toMatch(/Subject: =\?UTF-8\?/); // French subject, encoded
    expect(raw).not.toContain('SECRET-REPLY-CONTENT');
    expect(raw).not.toContain('Bonjour\r\n\r\n'); // nor the customer's own message
    expect((await agent.messages.outbox({})).rows[0]).toMatchObject({
      status: 'sent',
      attempts: 1,
    });
  });

  it('retries with backoff when the server refuses, then delivers once', async () => {
    await answeredThread();
    refuse = true;
    const messaging = startMessaging(app.deps, {
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'desk@example.com',
      sendEveryMs: 3_600_000,
    });
    await messaging.tick();
    let row = (await (await app.as('agent')).messages.outbox({})).rows[0];
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row?.lastError).toMatch(/Mailbox busy/);
    expect(Date.parse(row?.nextAttemptAt ?? '') - app.clock.now().getTime()).toBe(30_000);

    refuse = false;
    await messaging.tick(); // not due yet
    expect(received).toHaveLength(0);
    app.clock.advanceMs(30_000);
    await messaging.tick();
    await messaging.tick();
    await messaging.stop();
    expect(received).toHaveLength(1);
    row = (await (await app.as('agent')).messages.outbox({})).rows[0];
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
  });
});
