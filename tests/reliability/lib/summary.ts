import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * One line of the `npm run test:reliability` summary table. Every heavy test (crash faults,
 * fuzzing, load, backups, ...) records one row per scenario with `recordReliabilityRow`; the
 * global teardown (tests/reliability/global-setup.ts) prints them all as one table at the end.
 * Leave a column undefined when it does not apply (shown as "—"); put anything else in `details`.
 */
export interface ReliabilityRow {
  /** What was exercised, e.g. "crash: SIGKILL during postings, replies, dispute steps". */
  test: string;
  /** Seed of the run (print it so a failure can be replayed). */
  seed?: string | number;
  /** Faults injected (kills, corrupted inputs, ...). */
  faults?: number;
  /** Writes (or calls) attempted. */
  attempted?: number;
  /** Writes the server acknowledged (2xx with a result). */
  acknowledged?: number;
  /** Acknowledged writes found in the database exactly once. */
  found?: number;
  /** Writes found more than once. */
  duplicates?: number;
  /** Integrity checks passed / run, e.g. "25/25 ok". */
  integrity?: string;
  passed: boolean;
  /** Anything else worth quoting (short). */
  details?: string;
}

/** The folder the rows go to: set by the global setup for the whole run. */
export const RESULTS_DIR_ENV = 'CIC_RELIABILITY_RESULTS_DIR';

/** Writes the row for the summary table (no-op outside `npm run test:reliability`). */
export function recordReliabilityRow(row: ReliabilityRow): void {
  const dir = process.env[RESULTS_DIR_ENV];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const slug = row.test.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
  const file = path.join(dir, `${Date.now()}-${process.pid}-${slug}.json`);
  writeFileSync(file, JSON.stringify(row, null, 2));
}

/** Every row recorded in `dir`, in the order they were written. */
export function readReliabilityRows(dir: string): ReliabilityRow[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as ReliabilityRow);
}

const COLUMNS: ReadonlyArray<{ key: keyof ReliabilityRow; title: string; right?: boolean }> = [
  { key: 'test', title: 'Test' },
  { key: 'seed', title: 'Seed', right: true },
  { key: 'faults', title: 'Faults', right: true },
  { key: 'attempted', title: 'Attempted', right: true },
  { key: 'acknowledged', title: 'Acknowledged', right: true },
  { key: 'found', title: 'Found once', right: true },
  { key: 'duplicates', title: 'Duplicates', right: true },
  { key: 'integrity', title: 'Integrity' },
  { key: 'passed', title: 'Result' },
];

/** The rows as a plain-text table (then each row's details below it). */
export function formatReliabilityTable(rows: readonly ReliabilityRow[]): string {
  if (rows.length === 0) return 'Reliability summary: no results were recorded.';
  const cell = (row: ReliabilityRow, key: keyof ReliabilityRow): string => {
    const v = row[key];
    if (key === 'passed') return v ? 'PASS' : 'FAIL';
    return v === undefined || v === null ? '—' : String(v);
  };
  const widths = COLUMNS.map((c) =>
    Math.max(c.title.length, ...rows.map((r) => cell(r, c.key).length)),
  );
  const line = (values: string[]) =>
    `| ${values
      .map((v, i) => {
        const w = widths[i] ?? 0;
        return COLUMNS[i]?.right ? v.padStart(w) : v.padEnd(w);
      })
      .join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const out = [
    'Reliability summary',
    line(COLUMNS.map((c) => c.title)),
    rule,
    ...rows.map((r) => line(COLUMNS.map((c) => cell(r, c.key)))),
  ];
  const detailed = rows.filter((r) => r.details);
  if (detailed.length > 0) {
    out.push('');
    for (const r of detailed) {
      out.push(`${r.test}:`);
      for (const part of (r.details ?? '').split('; ')) out.push(`  - ${part}`);
    }
  }
  return out.join('\n');
}
