import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messagesDue, simulatorOf, stopSimulator } from '../../server/messages/simulator.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { customerWithAccount } from './messages-fixtures.ts';

/**
 * The simulator delivers at the rate it is set to, counted on the trainer's clock (a manual
 * clock here; the server's interval only calls tick()).
 */
let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
  for (let n = 1; n <= 3; n++) await customerWithAccount(app.deps.db, n);
});
afterEach(async () => {
  stopSimulator(app.deps);
  await app.close();
});

const received = async () =>
  (
    await app.deps.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('actor_username', '=', 'simulator')
      .executeTakeFirstOrThrow()
  ).n;

describe('message simulator rate', () => {
  it('n-th message falls due at n × (1 h / rate)', () => {
    expect(messagesDue(59_999, 60)).toBe(0);
    expect(messagesDue(60_000, 60)).toBe(1);
    expect(messagesDue(5 * 60_000, 60)).toBe(5);
    expect(messagesDue(3_600_000, 3600)).toBe(3600);
    expect(messagesDue(-1, 60)).toBe(0);
  });

  it('60/hour delivers 5 messages in 5 minutes of the trainer clock, none early, none twice', async () => {
    const trainer = await app.as('trainer');
    await trainer.messages.simulator.start({ perHour: 60 });
    const sim = simulatorOf(app.deps);
    expect(await sim.tick()).toBe(0);

    app.clock.advanceMs(30_000);
    expect(await sim.tick()).toBe(0);
    for (let minute = 0; minute < 5; minute++) {
      app.clock.advanceMs(60_000);
      await sim.tick();
    }
    // 5 min 30 s after the start: messages 1…5 are due.
    expect(sim.status.delivered).toBe(5);
    expect(await received()).toBe(5);
    expect(await sim.tick()).toBe(0);

    app.clock.advanceMs(30_000);
    expect(await sim.tick()).toBe(1);
    expect(sim.status.delivered).toBe(6);
  });

  it('catches up after a slow tick, but a jump of a day brings at most one hour of messages', async () => {
    const sim = simulatorOf(app.deps);
    sim.start(120);
    app.clock.advanceMs(10 * 60_000);
    expect(await sim.tick()).toBe(20);

    app.clock.advanceMs(24 * 3_600_000);
    let total = 0;
    for (let i = 0; i < 5; i++) total += await sim.tick();
    expect(total).toBe(120);
    expect(sim.status.delivered).toBe(140);
  });

  it('stops delivering when stopped, and restarts counting when the clock goes back', async () => {
    const sim = simulatorOf(app.deps);
    sim.start(60);
    app.clock.advanceMs(2 * 60_000);
    expect(await sim.tick()).toBe(2);
    app.clock.advanceMs(-30 * 60_000);
    expect(await sim.tick()).toBe(0);
    app.clock.advanceMs(60_000);
    expect(await sim.tick()).toBe(1);
    sim.stop();
    app.clock.advanceMs(10 * 60_000);
    expect(await sim.tick()).toBe(0);
    expect(await received()).toBe(3);
  });
});
