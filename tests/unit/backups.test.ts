import { describe, expect, it } from 'vitest';
import {
  BackupConfigError,
  backupFileName,
  backupScheduleFromEnv,
  missedBackupDate,
  nextBackupAt,
  parseBackupTime,
  pruneBackups,
} from '../../server/ops/backups.ts';

const NY = 'America/New_York';

describe('nextBackupAt', () => {
  it.each([
    // [now, time, zone, expected]
    ['2026-11-20T15:00:00Z', '02:00', NY, '2026-11-21T07:00:00.000Z'], // afternoon → tomorrow 02:00 EST
    ['2026-11-20T06:59:00Z', '02:00', NY, '2026-11-20T07:00:00.000Z'], // 01:59 local → in a minute
    ['2026-11-20T07:00:00Z', '02:00', NY, '2026-11-21T07:00:00.000Z'], // exactly at → the next day
    ['2026-11-20T07:00:01Z', '02:00', NY, '2026-11-21T07:00:00.000Z'],
    ['2026-07-01T12:00:00Z', '02:00', NY, '2026-07-02T06:00:00.000Z'], // EDT
    ['2026-11-20T23:30:00Z', '23:45', 'UTC', '2026-11-20T23:45:00.000Z'],
    ['2026-12-31T23:50:00Z', '00:00', 'UTC', '2027-01-01T00:00:00.000Z'], // year end
    ['2026-11-20T15:00:00Z', '02:00', 'Europe/Paris', '2026-11-21T01:00:00.000Z'],
  ])('%s at %s in %s → %s', (now, time, zone, expected) => {
    expect(nextBackupAt(new Date(now), time, zone).toISOString()).toBe(expected);
  });

  it('crosses DST changes (one backup per local day, 23 or 25 hours apart)', () => {
    // 2026-03-08: New York springs forward; 2026-11-01: falls back.
    const spring = nextBackupAt(new Date('2026-03-07T12:00:00Z'), '03:00', NY);
    expect(spring.toISOString()).toBe('2026-03-08T07:00:00.000Z'); // 03:00 EDT
    const fall = nextBackupAt(new Date('2026-10-31T12:00:00Z'), '03:00', NY);
    expect(fall.toISOString()).toBe('2026-11-01T08:00:00.000Z'); // 03:00 EST
  });

  it('is always in the future and at most a day (+1 h for DST) away', () => {
    for (let h = 0; h < 48; h++) {
      const now = new Date(Date.UTC(2026, 2, 7, h, 17));
      const next = nextBackupAt(now, '02:30', NY);
      expect(next.getTime()).toBeGreaterThan(now.getTime());
      expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(25 * 3600_000);
    }
  });

  it('refuses a time that does not read', () => {
    expect(() => nextBackupAt(new Date(), '2am', NY)).toThrow(BackupConfigError);
  });
});

describe('parseBackupTime', () => {
  it.each([
    ['02:00', 120],
    ['00:00', 0],
    ['23:59', 1439],
    [' 07:05 ', 425],
    ['24:00', null],
    ['7:00', null],
    ['12:60', null],
    ['', null],
    ['02:00:00', null],
  ])('%j → %j', (text, minutes) => {
    expect(parseBackupTime(text)).toBe(minutes);
  });
});

describe('pruneBackups', () => {
  const day = (d: string) => backupFileName(d);

  it('keeps the newest N daily files and returns the rest, oldest first', () => {
    const files = [
      day('2026-11-03'),
      day('2026-11-01'),
      day('2026-11-04'),
      day('2026-11-02'),
      day('2026-10-31'),
    ];
    expect(pruneBackups(files, 3)).toEqual([day('2026-10-31'), day('2026-11-01')]);
    expect(pruneBackups(files, 5)).toEqual([]);
    expect(pruneBackups(files, 14)).toEqual([]);
    expect(pruneBackups(files, 1)).toEqual([
      day('2026-10-31'),
      day('2026-11-01'),
      day('2026-11-02'),
      day('2026-11-03'),
    ]);
  });

  it('never selects files that are not daily backups', () => {
    const files = [
      'cic-desk.sqlite',
      'cic-desk-2026-11-01.sqlite.partial',
      'manual-before-upgrade.sqlite',
      'cic-desk-2026-1-1.sqlite',
      'notes.txt',
      day('2026-11-01'),
      day('2026-11-02'),
    ];
    expect(pruneBackups(files, 1)).toEqual([day('2026-11-01')]);
  });

  it('refuses keep < 1 (that would delete every backup)', () => {
    expect(() => pruneBackups([day('2026-11-01')], 0)).toThrow(RangeError);
  });
});

describe('missedBackupDate', () => {
  const at = new Date('2026-11-20T15:00:00Z'); // 10:00 in New York, after 02:00

  it("is today's date when today's 02:00 backup is missing", () => {
    expect(missedBackupDate(at, '02:00', NY, [])).toBe('2026-11-20');
    expect(missedBackupDate(at, '02:00', NY, [backupFileName('2026-11-19')])).toBe('2026-11-20');
  });

  it('is null when it was taken', () => {
    expect(missedBackupDate(at, '02:00', NY, [backupFileName('2026-11-20')])).toBeNull();
  });

  it("before today's time, yesterday's backup is the one due", () => {
    const early = new Date('2026-11-20T06:00:00Z'); // 01:00 local
    expect(missedBackupDate(early, '02:00', NY, [])).toBe('2026-11-19');
    expect(missedBackupDate(early, '02:00', NY, [backupFileName('2026-11-19')])).toBeNull();
    // A catch-up taken after midnight is named after the day it ran.
    expect(missedBackupDate(early, '02:00', NY, [backupFileName('2026-11-20')])).toBeNull();
  });
});

describe('backupScheduleFromEnv', () => {
  it('is off without CIC_BACKUP_DIR', () => {
    expect(backupScheduleFromEnv({})).toBeNull();
    expect(backupScheduleFromEnv({ CIC_BACKUP_DIR: '  ', CIC_BACKUP_TIME: '03:00' })).toBeNull();
  });

  it('defaults to 02:00, keeping 14', () => {
    expect(backupScheduleFromEnv({ CIC_BACKUP_DIR: '/var/backups/cic' }, 'UTC')).toEqual({
      dir: '/var/backups/cic',
      time: '02:00',
      keep: 14,
      timeZone: 'UTC',
    });
  });

  it('reads time and retention', () => {
    expect(
      backupScheduleFromEnv(
        { CIC_BACKUP_DIR: '/b', CIC_BACKUP_TIME: '23:15', CIC_BACKUP_KEEP: '30' },
        NY,
      ),
    ).toMatchObject({ time: '23:15', keep: 30, timeZone: NY });
  });

  it.each([
    [{ CIC_BACKUP_TIME: '2am' }, /CIC_BACKUP_TIME must be HH:MM/],
    [{ CIC_BACKUP_TIME: '25:00' }, /CIC_BACKUP_TIME/],
    [{ CIC_BACKUP_KEEP: '0' }, /CIC_BACKUP_KEEP must be a whole number from 1 to 3650/],
    [{ CIC_BACKUP_KEEP: '-3' }, /CIC_BACKUP_KEEP/],
    [{ CIC_BACKUP_KEEP: '7.5' }, /CIC_BACKUP_KEEP/],
    [{ CIC_BACKUP_KEEP: 'lots' }, /CIC_BACKUP_KEEP/],
  ])('refuses %j', (extra, message) => {
    expect(() => backupScheduleFromEnv({ CIC_BACKUP_DIR: '/b', ...extra })).toThrow(message);
  });
});
