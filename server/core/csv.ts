import { stringify } from 'csv-stringify/sync';

/** A cell a spreadsheet would read as a formula (or a DDE command): = + - @, tab or CR first. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain signed number ("-12.50") is data, not a formula: left as it is so it stays a number. */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * One cell as written: a text that a spreadsheet would run as a formula gets a leading
 * apostrophe (OWASP "CSV injection"), so `=cmd|' /C calc'!A0` shows as text.
 *
 * @example
 * neutraliseCell('=1+2') // "'=1+2"
 * neutraliseCell('-45.00') // '-45.00'
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

export type CsvCell = string | number | boolean | null | undefined;

/**
 * THE CSV writer of the desk (every export, download and zip entry goes through it): RFC 4180
 * by csv-stringify, a header row, and every text cell neutralised against formula injection.
 *
 * @example
 * writeCsv(['account', 'amount'], [['=HYPERLINK("x")', '12.00']])
 * // 'account,amount\n"\'=HYPERLINK(""x"")",12.00\n'
 */
export function writeCsv(
  columns: readonly string[],
  rows: ReadonlyArray<readonly CsvCell[]>,
): string {
  return stringify(
    rows.map((row) => [...row]),
    {
      header: true,
      columns: [...columns],
      cast: { string: (value) => neutraliseCell(value) },
    },
  );
}
