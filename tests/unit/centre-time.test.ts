import { describe, expect, it } from 'vitest';
import { centreTimeText } from '../../server/domain/shared/centre-time.ts';

describe('centreTimeText', () => {
  const pcLabel = (time: string) => `Your PC: ${time}`;
  it('shows centre time with its zone, and the PC zone when it differs', () => {
    const r = centreTimeText(
      '2026-11-20T15:00:00.000Z',
      'en-US',
      'America/New_York',
      'Europe/Paris',
      { pcLabel },
    );
    expect(r.text).toBe('Nov 20, 10:00 AM EST');
    expect(r.pcText).toBe('Your PC: Nov 20, 4:00 PM GMT+1');
  });
  it('no second time when the PC is in the centre zone (same offset)', () => {
    const r = centreTimeText(
      '2026-07-01T15:00:00.000Z',
      'en-US',
      'America/New_York',
      'America/Toronto',
      { pcLabel },
    );
    expect(r.text).toBe('Jul 1, 11:00 AM EDT');
    expect(r.pcText).toBeNull();
  });
  it('French, time only', () => {
    const r = centreTimeText('2026-11-20T15:00:00.000Z', 'fr', 'America/New_York', 'UTC', {
      pcLabel,
      withDate: false,
    });
    expect(r.text).toBe('10 h 00 HNE');
  });
});

describe('centreTimeText styles', () => {
  const pcLabel = (time: string) => `Your PC: ${time}`;
  const at = '2026-11-20T15:42:00.000Z';
  it('time, short and long all carry the centre zone label', () => {
    const f = (style: 'time' | 'short' | 'long') =>
      centreTimeText(at, 'en-US', 'America/New_York', 'America/New_York', { style, pcLabel });
    expect(f('time').text).toBe('10:42 AM EST');
    expect(f('short').text).toBe('Nov 20, 10:42 AM EST');
    expect(f('long').text).toBe('Fri, Nov 20, 2026, 10:42 AM EST');
  });
  it('the PC-zone text uses the same style', () => {
    const r = centreTimeText(at, 'en-US', 'America/New_York', 'America/Los_Angeles', {
      style: 'time',
      pcLabel,
    });
    expect(r.text).toBe('10:42 AM EST');
    expect(r.pcText).toBe('Your PC: 7:42 AM PST');
  });
});
