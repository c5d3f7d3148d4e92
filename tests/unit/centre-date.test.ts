import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from '../../renderer/src/areas/disputes/datetime-local.ts';
import { centreDateOf, localDateOf } from '../../server/domain/shared/centre-date.ts';
import { localDateOf as serverLocalDateOf } from '../../server/domain/dates.ts';

const NY = 'America/New_York';

/*
 * "Correct to the day": an instant's date on screen and in every deadline is the centre's date
 * of it, not its UTC date (`iso.slice(0, 10)`, what the customer 360 showed) nor the PC's.
 */
describe('centreDateOf: the centre’s calendar date of an instant', () => {
  it.each([
    // [instant, zone, centre date, UTC date (what a slice gave)]
    ['2026-03-10T03:30:00.000Z', NY, '2026-03-09', '2026-03-10'], // 23:30 EDT
    ['2026-11-21T04:59:00.000Z', NY, '2026-11-20', '2026-11-21'], // 23:59 EST
    ['2026-11-21T05:00:00.000Z', NY, '2026-11-21', '2026-11-21'], // midnight EST
    ['2026-03-08T06:59:00.000Z', NY, '2026-03-08', '2026-03-08'], // 01:59 EST, DST day
    ['2026-12-31T23:30:00.000Z', 'America/Vancouver', '2026-12-31', '2026-12-31'],
    ['2027-01-01T04:30:00.000Z', 'America/Vancouver', '2026-12-31', '2027-01-01'], // year end
    ['2026-06-30T22:30:00.000Z', 'Europe/Paris', '2026-07-01', '2026-06-30'], // east of UTC
  ])('%s in %s is %s (its UTC date is %s)', (iso, zone, date, utc) => {
    expect(centreDateOf(iso, zone)).toBe(date);
    expect(localDateOf(new Date(iso), zone)).toBe(date);
    expect(iso.slice(0, 10)).toBe(utc); // what the old code displayed
  });

  it('the server uses the same function (server/domain/dates.ts re-exports it)', () => {
    expect(serverLocalDateOf).toBe(localDateOf);
  });
});

describe('dispute notice fields: datetime-local values are centre time, whatever the PC’s zone', () => {
  // The test process's own zone is irrelevant: these must not depend on it.
  it('an instant shows as the centre’s wall clock', () => {
    expect(toLocalInput('2026-03-10T03:30:00.000Z', NY)).toBe('2026-03-09T23:30');
    expect(toLocalInput('2026-11-20T15:00:00.000Z', NY)).toBe('2026-11-20T10:00');
    expect(toLocalInput('2026-11-20T15:00:00.000Z', 'America/Los_Angeles')).toBe(
      '2026-11-20T07:00',
    );
  });
  it('a typed wall clock is read in the centre’s zone (DST-correct)', () => {
    expect(fromLocalInput('2026-11-20T23:30', NY)).toBe('2026-11-21T04:30:00.000Z');
    expect(fromLocalInput('2026-07-01T23:30', NY)).toBe('2026-07-02T03:30:00.000Z');
    expect(centreDateOf(fromLocalInput('2026-11-20T23:30', NY)!, NY)).toBe('2026-11-20');
  });
  it('round-trips, and empty or invalid input is null', () => {
    const iso = '2026-03-10T03:30:00.000Z';
    expect(fromLocalInput(toLocalInput(iso, NY), NY)).toBe(iso);
    expect(fromLocalInput('', NY)).toBeNull();
    expect(fromLocalInput('2026-13-40T99:00', NY)).toBeNull();
  });
});

describe('lint keeps the class out of app code (eslint.config.js)', () => {
  const eslint = new ESLint();
  const messages = async (code: string, filePath: string) =>
    (await eslint.lintText(code, { filePath }))[0]!.messages.map((m) => m.ruleId);

  it.each([
    ['iso.slice(0, 10)', 'renderer/src/areas/customers/X.tsx'],
    ['iso.substring(0, 10)', 'server/customers/x.ts'],
    ["iso.split('T')[0]", 'server/domain/shared/x.ts'],
    ['new Date().toISOString().slice(0, 7)', 'db/repositories/x.ts'],
    ['new Date().getDate()', 'server/calls/x.ts'],
    ["new Date(iso).toLocaleDateString('en')", 'renderer/src/shell/X.tsx'],
    ['iso.slice(0, 10)', 'server/calls/router.ts'],
  ])('refuses `%s` in %s', async (expr, file) => {
    const code = `const iso = String(process.env.ISO);\nexport const v = ${expr};\n`;
    expect(await messages(code, file)).toContain('no-restricted-syntax');
  });

  it('refuses a date-fns calendar import, and a disable without a reason', async () => {
    expect(
      await messages("import { format } from 'date-fns';\nexport { format };\n", 'server/x/y.ts'),
    ).toContain('no-restricted-syntax');
    const bare =
      'const iso = String(process.env.ISO);\n// eslint-disable-next-line no-restricted-syntax\nexport const v = iso.slice(0, 10);\n';
    expect(await messages(bare, 'server/x/y.ts')).toContain('local/disable-gives-reason');
    const reasoned =
      'const iso = String(process.env.ISO);\n// eslint-disable-next-line no-restricted-syntax -- already YYYY-MM-DD\nexport const v = iso.slice(0, 10);\n';
    expect(await messages(reasoned, 'server/x/y.ts')).toEqual([]);
  });

  it('accepts the centre-zone helper and slices that are not dates', async () => {
    const code =
      "import { centreDateOf } from '../../server/domain/shared/centre-date.ts';\nexport const v = centreDateOf('2026-03-10T03:30:00Z', 'America/New_York');\nexport const w = 'abc'.slice(0, 4);\n";
    expect(await messages(code, 'server/x/y.ts')).toEqual([]);
  });
});
