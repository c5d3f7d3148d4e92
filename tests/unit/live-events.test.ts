import { describe, expect, it } from 'vitest';
import { DeskEvents, type DeskEventMap, type WireEvent } from '../../server/events/desk-events.ts';
import { wirePayload } from '../../server/events/postgres.ts';
import { PresenceBoard } from '../../server/messages/presence.ts';

/**
 * Instances linked by an in-memory stand-in for LISTEN/NOTIFY (every instance hears all);
 * an instance in `cut` has lost its connection: it neither hears nor is heard.
 */
function cluster(n: number, cut: ReadonlySet<DeskEvents> = new Set()): DeskEvents[] {
  const instances = Array.from({ length: n }, () => new DeskEvents());
  for (const events of instances) {
    events.connect({
      publish: (event: WireEvent) => {
        const text = wirePayload(event);
        if (text === null || cut.has(events)) return;
        for (const other of instances) if (!cut.has(other)) other.receive(JSON.parse(text));
      },
      close: async () => {},
    });
  }
  return instances;
}

function record<K extends keyof DeskEventMap>(events: DeskEvents, name: K) {
  const seen: Array<{ payload: DeskEventMap[K]; remote: boolean }> = [];
  events.on(name, (payload, remote) => seen.push({ payload, remote }));
  return seen;
}

describe('DeskEvents across instances', () => {
  it('delivers an event once on the emitting instance and once on every other', () => {
    const [a, b, c] = cluster(3) as [DeskEvents, DeskEvents, DeskEvents];
    const onA = record(a, 'changed');
    const onB = record(b, 'changed');
    const onC = record(c, 'changed');
    a.emit('changed', { area: 'messages', id: 7 });
    expect(onA).toEqual([{ payload: { area: 'messages', id: 7 }, remote: false }]);
    expect(onB).toEqual([{ payload: { area: 'messages', id: 7 }, remote: true }]);
    expect(onC).toEqual([{ payload: { area: 'messages', id: 7 }, remote: true }]);
  });

  it('feeds SSE iterators with remote events', async () => {
    const [a, b] = cluster(2) as [DeskEvents, DeskEvents];
    const abort = new AbortController();
    const it = b.listen('changed', abort.signal);
    const next = it.next();
    a.emit('changed', { area: 'disputes' });
    expect((await next).value).toEqual({ area: 'disputes' });
    abort.abort();
  });

  it('listens from the call, not from the first next(): nothing emitted in between is lost', async () => {
    // system.changes calls listen() before tRPC tells the client it is connected, and pulls the
    // first value only after: an event in that gap must wait in the iterator.
    const events = new DeskEvents();
    const abort = new AbortController();
    const it = events.listen('changed', abort.signal);
    events.emit('changed', { area: 'messages', id: 1 });
    await expect(it.next()).resolves.toEqual({ done: false, value: { area: 'messages', id: 1 } });
    abort.abort();
  });

  it.each([
    [
      'its own echo',
      (e: DeskEvents) => ({ origin: e.instanceId, name: 'changed', payload: { area: 'x' } }),
    ],
    ['an unknown event', () => ({ origin: 'other', name: 'shutdown', payload: {} })],
    ['no payload', () => ({ origin: 'other', name: 'changed', payload: null })],
    ['no origin', () => ({ name: 'changed', payload: { area: 'x' } })],
    ['not an object', () => 'changed'],
  ])('drops %s', (_label, make) => {
    const events = new DeskEvents();
    const seen = record(events, 'changed');
    expect(events.receive(make(events))).toBe(false);
    expect(seen).toEqual([]);
  });

  it('is local only without a transport', () => {
    const events = new DeskEvents();
    expect(events.distributed).toBe(false);
    const seen = record(events, 'changed');
    events.emit('changed', { area: 'calendar' });
    expect(seen).toHaveLength(1);
  });
});

describe('wirePayload (NOTIFY stays under 8,000 bytes)', () => {
  it('keeps a normal event as it is', () => {
    const event: WireEvent = { origin: 'a', name: 'changed', payload: { area: 'messages', id: 1 } };
    expect(JSON.parse(wirePayload(event)!)).toEqual(event);
  });
  it('drops the id of an oversized change (the area still refetches)', () => {
    const event: WireEvent = {
      origin: 'a',
      name: 'changed',
      payload: { area: 'm', id: 'x'.repeat(9000) },
    };
    expect(JSON.parse(wirePayload(event)!)).toEqual({
      origin: 'a',
      name: 'changed',
      payload: { area: 'm' },
    });
  });
  it('refuses an oversized presence announcement', () => {
    const entries = Array.from({ length: 200 }, (_, i) => ({
      userId: i,
      name: 'n'.repeat(40),
      mode: 'viewing',
      since: '2026-11-20T15:00:00.000Z',
    }));
    expect(
      wirePayload({
        origin: 'a',
        name: 'presence',
        payload: { instance: 'a', threadId: 1, entries },
      }),
    ).toBeNull();
  });
});

describe('PresenceBoard across instances', () => {
  const entry = (
    userId: number,
    mode: 'viewing' | 'replying',
    since = '2026-11-20T15:00:00.000Z',
  ) => ({
    userId,
    name: `User ${userId}`,
    mode,
    since,
  });

  function boards(clock: { t: number }) {
    const [a, b] = cluster(2) as [DeskEvents, DeskEvents];
    const options = { ttlMs: 30_000, heartbeatMs: 3_600_000, now: () => clock.t };
    return { a: new PresenceBoard(a, options), b: new PresenceBoard(b, options) };
  }

  it('shows viewers connected to another instance, and their leaving', () => {
    const clock = { t: 0 };
    const { a, b } = boards(clock);
    a.join(1, 'c1', entry(10, 'viewing'));
    expect(b.list(1)).toEqual([entry(10, 'viewing')]);
    b.join(1, 'c2', entry(20, 'replying', '2026-11-20T15:01:00.000Z'));
    expect(a.list(1).map((e) => [e.userId, e.mode])).toEqual([
      [10, 'viewing'],
      [20, 'replying'],
    ]);
    a.leave(1, 'c1');
    expect(b.list(1).map((e) => e.userId)).toEqual([20]);
    a.close();
    b.close();
  });

  it('answers a newcomer at once (it asks when it gets its first viewer of a thread)', () => {
    const clock = { t: 0 };
    const [ea, eb] = cluster(2) as [DeskEvents, DeskEvents];
    const a = new PresenceBoard(ea, { now: () => clock.t });
    a.join(5, 'c1', entry(10, 'replying'));
    // b's board is created after a announced (like an instance whose first viewer comes later).
    const b = new PresenceBoard(eb, { now: () => clock.t });
    expect(b.list(5)).toEqual([]);
    b.join(5, 'c2', entry(20, 'viewing', '2026-11-20T15:02:00.000Z'));
    expect(b.list(5).map((e) => e.userId)).toEqual([10, 20]);
    a.close();
    b.close();
  });

  it('one person on two instances counts once, replying wins', () => {
    const clock = { t: 0 };
    const { a, b } = boards(clock);
    a.join(3, 'c1', entry(10, 'viewing'));
    b.join(3, 'c2', entry(10, 'replying', '2026-11-20T15:05:00.000Z'));
    expect(a.list(3)).toEqual([entry(10, 'replying', '2026-11-20T15:05:00.000Z')]);
    expect(b.list(3)).toEqual([entry(10, 'replying', '2026-11-20T15:05:00.000Z')]);
    a.close();
    b.close();
  });

  it("forgets a silent instance's viewers after the TTL; heartbeats keep them", () => {
    const clock = { t: 0 };
    const [ea, eb] = cluster(2) as [DeskEvents, DeskEvents];
    const options = { ttlMs: 30_000, heartbeatMs: 3_600_000, now: () => clock.t };
    const a = new PresenceBoard(ea, options);
    const b = new PresenceBoard(eb, options);
    a.join(9, 'c1', entry(10, 'viewing'));
    clock.t = 20_000;
    a.heartbeat();
    clock.t = 45_000;
    expect(b.list(9).map((e) => e.userId)).toEqual([10]);
    // a "crashes": no more heartbeats.
    clock.t = 50_001;
    expect(b.list(9)).toEqual([]);
    b.heartbeat();
    expect(b.list(9)).toEqual([]);
    b.close();
  });

  it('wakes subscribers of a thread when another instance announces', async () => {
    const clock = { t: 0 };
    const { a, b } = boards(clock);
    const abort = new AbortController();
    const changes = b.changes(4, abort.signal);
    const next = changes.next();
    a.join(4, 'c1', entry(10, 'viewing'));
    await expect(next).resolves.toMatchObject({ done: false });
    abort.abort();
    a.close();
    b.close();
  });

  it('keeps an announcement that comes before the subscriber asks for the next change', async () => {
    // messages.presence sends the first list, then waits for changes: another instance's
    // announcement in between must not be lost (it would wait for a heartbeat, 10 s).
    const clock = { t: 0 };
    const { a, b } = boards(clock);
    const abort = new AbortController();
    const changes = b.changes(5, abort.signal);
    a.join(5, 'c1', entry(10, 'viewing'));
    await expect(changes.next()).resolves.toMatchObject({ done: false });
    expect(b.list(5).map((e) => e.userId)).toEqual([10]);
    abort.abort();
    a.close();
    b.close();
  });

  it('after a resync (lost connection) it announces again and asks the others', () => {
    const clock = { t: 0 };
    const cut = new Set<DeskEvents>();
    const [ea, eb] = cluster(2, cut) as [DeskEvents, DeskEvents];
    const options = { ttlMs: 30_000, heartbeatMs: 3_600_000, now: () => clock.t };
    const a = new PresenceBoard(ea, options);
    const b = new PresenceBoard(eb, options);
    cut.add(eb);
    a.join(6, 'c1', entry(10, 'viewing'));
    b.join(6, 'c2', entry(20, 'viewing', '2026-11-20T15:03:00.000Z'));
    const ids = (board: PresenceBoard) => board.list(6).map((e) => e.userId);
    expect([ids(a), ids(b)]).toEqual([[10], [20]]);
    cut.delete(eb);
    const onB = record(eb, 'changed');
    const onA = record(ea, 'changed');
    eb.resync();
    // b's clients refetch; delivered on b only (every instance resyncs on its own).
    expect(onB).toEqual([{ payload: { area: 'all' }, remote: false }]);
    expect(onA).toEqual([]);
    expect([ids(a), ids(b)]).toEqual([
      [10, 20],
      [10, 20],
    ]);
    a.close();
    b.close();
  });

  it('closing an instance removes its viewers elsewhere at once', () => {
    const clock = { t: 0 };
    const { a, b } = boards(clock);
    a.join(2, 'c1', entry(10, 'viewing'));
    expect(b.list(2)).toHaveLength(1);
    a.close();
    expect(b.list(2)).toEqual([]);
    b.close();
  });
});
