import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/domain/clock.ts';
import {
  applyClockState,
  clockStateAt,
  parseClockState,
  TrainingClock,
  trainingNow,
} from '../../server/training/clock.ts';

describe("trainer's clock", () => {
  const real = new ManualClock('2026-01-05T12:00:00.000Z');

  it('follows the real clock until a trainer sets it', () => {
    const clock = new TrainingClock(real, null);
    expect(clock.now().toISOString()).toBe('2026-01-05T12:00:00.000Z');
  });

  it('holds a paused instant however much real time passes', () => {
    const clock = new TrainingClock(
      real,
      clockStateAt(new Date('2026-11-23T14:30:00Z'), false, real.now()),
    );
    real.advanceMinutes(90);
    expect(clock.now().toISOString()).toBe('2026-11-23T14:30:00.000Z');
  });

  it('runs on from the instant it was set to', () => {
    const clock = new TrainingClock(
      real,
      clockStateAt(new Date('2026-11-23T14:30:00Z'), true, real.now()),
    );
    real.advanceMinutes(15);
    expect(clock.now().toISOString()).toBe('2026-11-23T14:45:00.000Z');
  });

  it('adopts a new state (and a manual test clock follows too)', () => {
    const state = clockStateAt(new Date('2026-12-01T15:00:00Z'), false, real.now());
    const clock = new TrainingClock(real, null);
    applyClockState(clock, state);
    expect(clock.now().toISOString()).toBe('2026-12-01T15:00:00.000Z');
    const manual = new ManualClock('2026-01-01T00:00:00Z');
    applyClockState(manual, state);
    expect(manual.now().toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(trainingNow(state, new Date('2030-01-01T00:00:00Z')).toISOString()).toBe(
      '2026-12-01T15:00:00.000Z',
    );
  });

  it('reads back only well-formed persisted states', () => {
    expect(parseClockState('{"at":"2026-11-23T14:30:00.000Z","runningSince":null}')).toEqual({
      at: '2026-11-23T14:30:00.000Z',
      runningSince: null,
    });
    expect(parseClockState('{"at":"nope"}')).toBeNull();
    expect(parseClockState('not json')).toBeNull();
    expect(parseClockState(null)).toBeNull();
  });
});
