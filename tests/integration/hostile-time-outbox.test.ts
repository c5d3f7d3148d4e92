import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// eslint-disable-next-line no-restricted-syntax -- simulated SMTP latency and senders' turns: the delays are the input
import { setTimeout as sleep } from 'node:timers/promises';
import type { Transporter } from 'nodemailer';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { enqueueEmail } from '../../db/repositories/messages-outbox.ts';
import { HIGH_WATER_KEY } from '../../db/repositories/security-clock.ts';
import { createSession, hashToken } from '../../db/repositories/sessions.ts';
import { ManualClock } from '../../server/domain/clock.ts';
import { deliverDueEmails } from '../../server/messages/mailer.ts';
import { checkClockAtStart, ClockWatch } from '../../server/ops/security-clock.ts';
import { createTestApp, type TestApp } from './harness.ts';

/**
 * Issue 19: time that only moves forward for security (sessions and lockouts against a
 * monotonic reference and a persisted high-water mark), and an e-mail outbox whose rows are
 * claimed before sending (two senders on one database never send a row twice).
 */

const temp = mkdtempSync(path.join(tmpdir(), 'cic-hostile-time-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const YEAR = 365 * 86_400_000;
const MINUTE = 60_000;

describe('clock jumps', () => {
  let app: TestApp;
  /** The monotonic reference: only ever moves forward, with real elapsed time. */
  let mono = 0;
  const advance = (ms: number) => {
    app.clock.advanceMs(ms);
    mono += ms;
  };
  /** The PC's clock set by hand: wall time moves, elapsed time does not. */
  const setWall = (ms: number) => app.clock.advanceMs(ms);

  beforeEach(async () => {
    app = await createTestApp({ kind: 'production' });
    mono = 0;
    app.deps.clockWatch = new ClockWatch(
      () => app.clock.now().getTime(),
      () => mono,
    );
  });
  afterEach(() => app.close());

  /** Signs `test-agent` in at the clock's now; `me` asks as a new request would. */
  const signIn = async () => {
    const { userId } = await app.as('agent');
    return createSession(app.deps.db, userId, app.clock.now().toISOString());
  };
  const me = async (token: string) => (await app.withToken(token)).auth.me();

  const jumps = async () =>
    (
      await app.deps.db
        .selectFrom('audit_log')
        .select(['action', 'after_json'])
        .where('action', '=', 'security.clock-jump')
        .orderBy('id')
        .execute()
    ).map((r) => JSON.parse(r.after_json ?? '{}') as Record<string, unknown>);

  it('a session opened while the clock was a year ahead ends when the clock is corrected', async () => {
    setWall(YEAR);
    const agent = await signIn();
    expect((await me(agent))?.username).toBe('test-agent');
    setWall(-YEAR);
    // The next request sees the jump before it trusts any session.
    expect(await me(agent)).toBeNull();
    expect(await jumps()).toEqual([
      expect.objectContaining({ direction: 'forward', jumpMs: YEAR, sessionsEnded: 0 }),
      expect.objectContaining({
        direction: 'backward',
        seen: 'running',
        sessionsEnded: 2, // the harness's own session of as() too
        jumpMs: -YEAR,
      }),
    ]);
    // A new sign-in on the corrected clock works.
    expect((await me(await signIn()))?.username).toBe('test-agent');
  });

  it('the same after a restart: the jump is found against the persisted high-water mark', async () => {
    setWall(YEAR);
    const agent = await signIn();
    await checkClockAtStart(app.deps, app.deps.clockWatch!); // mark = a year ahead
    // Restarted on a corrected clock: a new monotonic anchor knows nothing of the past.
    setWall(-YEAR);
    app.deps.clockWatch = new ClockWatch(
      () => app.clock.now().getTime(),
      () => mono,
    );
    const jump = await checkClockAtStart(app.deps, app.deps.clockWatch);
    expect(jump).toMatchObject({ seen: 'start', sessionsEnded: 2 });
    expect(await me(agent)).toBeNull();
    const mark = await app.deps.db
      .selectFrom('app_meta')
      .select('value')
      .where('key', '=', HIGH_WATER_KEY)
      .executeTakeFirstOrThrow();
    expect(mark.value).toBe(app.clock.now().toISOString());
  });

  it('even unseen by the watch, a session from "the future" is ended, not served', async () => {
    setWall(YEAR);
    const agent = await signIn();
    delete app.deps.clockWatch; // e.g. the jump happened while the desk was off, mark lost
    setWall(-YEAR);
    expect(await me(agent)).toBeNull();
    const row = await app.deps.db
      .selectFrom('sessions')
      .select('revoked_at')
      .where('token_hash', '=', hashToken(agent))
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).toBe(app.clock.now().toISOString());
  });

  it('an idle-expired session does not come back when the clock goes back', async () => {
    const agent = await signIn();
    advance(31 * MINUTE); // idle limit 30 minutes
    expect(await me(agent)).toBeNull();
    setWall(-20 * MINUTE); // now only 11 minutes after its last use, by the wall clock
    expect(await me(agent)).toBeNull();
    expect(await jumps()).toEqual([
      expect.objectContaining({ direction: 'backward', jumpMs: -20 * MINUTE }),
    ]);
  });

  it('a lockout set while the clock was a year ahead lasts the lockout period after the correction', async () => {
    await app.as('agent'); // creates the user (password test-password-1)
    setWall(YEAR);
    // Locked as sign-in locks after 5 wrong passwords, on the clock of that moment. (Set here
    // directly: the sign-in throttle refuses quick repeated tries before they reach the lockout.)
    const lockedUntil = new Date(app.clock.now().getTime() + 30 * MINUTE).toISOString();
    await app.deps.db
      .updateTable('users')
      .set({ failed_attempts: 5, locked_until: lockedUntil })
      .where('username', '=', 'test-agent')
      .execute();
    await app.anonymous(); // a request a year ahead (the watch sees the forward jump)
    setWall(-YEAR);
    const login = async () =>
      (await app.anonymous()).auth.login({ username: 'test-agent', password: 'test-password-1' });
    // Still locked right after the correction (the jump is handled on this request) ...
    await expect(login()).rejects.toThrow(/Sign-in refused/);
    const user = await app.deps.db
      .selectFrom('users')
      .select('locked_until')
      .where('username', '=', 'test-agent')
      .executeTakeFirstOrThrow();
    expect(user.locked_until).toBe(new Date(app.clock.now().getTime() + 30 * MINUTE).toISOString());
    expect(await jumps()).toEqual([
      expect.objectContaining({ direction: 'forward' }),
      expect.objectContaining({ direction: 'backward', lockoutsShortened: 1 }),
    ]);
    // ... but for the lockout period (30 minutes), not a year.
    advance(31 * MINUTE);
    await expect(login()).resolves.toBeTruthy();
  });

  it('a forward jump is recorded; small steps (clock discipline) are not jumps', async () => {
    const agent = await signIn();
    setWall(90_000); // 1.5 min: NTP-sized
    expect((await me(agent))?.username).toBe('test-agent');
    setWall(3 * 3_600_000);
    expect(await me(agent)).toBeNull(); // idle by the wall clock: expired, safe side
    expect(await jumps()).toEqual([
      expect.objectContaining({ direction: 'forward', sessionsEnded: 0 }),
    ]);
  });

  it("the trainer's clock is not watched: a training database moves time freely", async () => {
    const training = await createTestApp({ kind: 'training' });
    try {
      const { userId } = await training.as('agent');
      const token = await createSession(
        training.deps.db,
        userId,
        training.clock.now().toISOString(),
      );
      training.clock.advanceMs(-2 * 3_600_000); // the trainer sets the clock back
      expect((await (await training.withToken(token)).auth.me())?.username).toBe('test-agent');
    } finally {
      await training.close();
    }
  });
});

describe('the e-mail outbox claims a row before sending it', () => {
  it('two senders on one database deliver each of 12 e-mails exactly once', async () => {
    const file = path.join(temp, 'outbox.sqlite');
    const a = openDatabase(file);
    await migrateToLatest(a.db);
    const b = openDatabase(file); // a second server on the same data, by mistake
    const clock = new ManualClock('2026-11-20T15:00:00.000Z');
    const at = clock.now().toISOString();
    for (let i = 1; i <= 12; i++)
      await enqueueEmail(a.db, {
        threadId: null,
        to: `customer${i}@example.test`,
        language: 'en',
        subject: `Notice ${i}`,
        bodyText: 'You have a new secure message.',
        hold: false,
        at,
      });
    const delivered: Array<{ by: string; to: string }> = [];
    const transport = (by: string) =>
      ({
        sendMail: async (mail: { to: string }) => {
          await sleep(5 + Math.floor(Math.random() * 10)); // SMTP takes a while
          delivered.push({ by, to: mail.to });
          return {};
        },
      }) as unknown as Transporter;
    const log = () => {};
    // Each sender runs several rounds, all at the same time, as two outbox timers would.
    const run = async (db: typeof a.db, by: string) => {
      for (let round = 0; round < 8; round++) {
        await deliverDueEmails({ db, clock, log }, transport(by), 'desk@example.test', {
          sender: by,
          limit: 2,
        });
        await sleep(1);
      }
    };
    await Promise.all([run(a.db, 'server-A'), run(b.db, 'server-B'), run(a.db, 'server-A2')]);

    const recipients = delivered.map((d) => d.to).sort();
    expect(recipients).toEqual(
      Array.from({ length: 12 }, (_, i) => `customer${i + 1}@example.test`).sort(),
    );
    expect(new Set(delivered.map((d) => d.by)).size).toBeGreaterThan(1); // both really sent
    const rows = await a.db
      .selectFrom('email_outbox')
      .select(['status', 'attempts', 'claimed_by'])
      .execute();
    expect(
      rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.claimed_by === null),
    ).toBe(true);
    await a.db.destroy();
    await b.db.destroy();
  });

  it('a claim left by a sender that died is taken over after the claim timeout', async () => {
    const file = path.join(temp, 'outbox-stale.sqlite');
    const { db } = openDatabase(file);
    await migrateToLatest(db);
    const clock = new ManualClock('2026-11-20T15:00:00.000Z');
    await enqueueEmail(db, {
      threadId: null,
      to: 'late@example.test',
      language: 'en',
      subject: 'Notice',
      bodyText: 'x',
      hold: false,
      at: clock.now().toISOString(),
    });
    await db
      .updateTable('email_outbox')
      .set({ claimed_by: 'dead-sender', claimed_at: clock.now().toISOString() })
      .execute();
    const sent: string[] = [];
    const transport = {
      sendMail: async (m: { to: string }) => void sent.push(m.to),
    } as unknown as Transporter;
    const deps = { db, clock, log: () => {} };
    await deliverDueEmails(deps, transport, 'desk@example.test', { sender: 'alive' });
    expect(sent).toEqual([]); // still claimed
    clock.advanceMinutes(11);
    await deliverDueEmails(deps, transport, 'desk@example.test', { sender: 'alive' });
    expect(sent).toEqual(['late@example.test']);
    await db.destroy();
  });
});
