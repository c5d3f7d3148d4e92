import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Machine } from './stats.ts';

/** One line of the results table. `pass` null: reported only (no target), or not measured. */
export interface Row {
  measure: string;
  target: string;
  result: string;
  pass: boolean | null;
  /** How it was measured: runs, warm-up, percentile, path. */
  method: string;
  /** Raw numbers for the JSON file. */
  data?: unknown;
  /**
   * Set when the row did not measure what it claims: an exception, non-2xx answers, timeouts.
   * Any such row makes `npm run bench` exit non-zero (the bench guards itself, issue 20).
   */
  error?: string;
}

export interface Report {
  startedAt: string;
  command: string;
  mode: 'quick' | 'full';
  scale: string;
  machine: Machine;
  dataset: unknown;
  rows: Row[];
  curve: CurvePoint[];
  notes: string[];
}

export interface CurvePoint {
  messages: number;
  threads: number;
  customers: number;
  queueP50: number;
  queueP95: number;
  searchP50: number;
  searchP95: number;
}

/** A row for a measure that could not run (procedure missing, no browser, ...). */
export function notAvailable(measure: string, target: string, why: string): Row {
  return { measure, target, result: `n/a (${why})`, pass: null, method: '' };
}

function status(row: Row): string {
  if (row.error) return 'ERROR';
  if (row.pass === null) return row.result.startsWith('n/a') ? '—' : 'info';
  return row.pass ? 'PASS' : 'MISS';
}

function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}

function curveLines(curve: CurvePoint[]): string[][] {
  return curve.map((c) => [
    fmtInt(c.messages),
    fmtInt(c.threads),
    fmtInt(c.customers),
    `${c.queueP50.toFixed(2)} / ${c.queueP95.toFixed(2)}`,
    `${c.searchP50.toFixed(2)} / ${c.searchP95.toFixed(2)}`,
  ]);
}

const CURVE_HEAD = [
  'messages',
  'threads',
  'customers',
  'queue page p50 / p95 ms',
  'search p50 / p95 ms',
];

function machineLine(m: Machine): string {
  return `${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB RAM, Node ${m.node}, ${m.platform}; load average at start ${m.loadAverage.join(' / ')}`;
}

function textTable(head: string[], lines: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}

export function toText(report: Report): string {
  const head = ['measure', 'target', 'result', ''];
  const lines = report.rows.map((r) => [r.measure, r.target, r.result, status(r)]);
  const out = [
    `CIC Desk benchmark (${report.mode}, scale ${report.scale}) — ${report.startedAt}`,
    `machine: ${machineLine(report.machine)}`,
    '',
    textTable(head, lines),
  ];
  if (report.curve.length > 0)
    out.push(
      '',
      'cost curve (same method at each size, over HTTP):',
      textTable(CURVE_HEAD, curveLines(report.curve)),
    );
  out.push(
    '',
    'methods:',
    ...report.rows.filter((r) => r.method).map((r) => `- ${r.measure}: ${r.method}`),
  );
  if (report.notes.length > 0) out.push('', 'notes:', ...report.notes.map((n) => `- ${n}`));
  return out.join('\n');
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function toMarkdown(report: Report): string {
  const out = [
    `### CIC Desk benchmark — ${report.mode}, scale \`${report.scale}\``,
    '',
    `Measured ${report.startedAt} with \`${report.command}\` on ${machineLine(report.machine)}.`,
    '',
    '| measure | target | result | | method |',
    '|---|---|---|---|---|',
    ...report.rows.map(
      (r) =>
        `| ${cell(r.measure)} | ${cell(r.target)} | ${cell(r.result)} | ${status(r)} | ${cell(r.method)} |`,
    ),
  ];
  if (report.curve.length > 0) {
    out.push(
      '',
      'Cost curve (queue page and search over HTTP at each size; same method at each point):',
      '',
    );
    out.push(`| ${CURVE_HEAD.join(' | ')} |`, `|${CURVE_HEAD.map(() => '---').join('|')}|`);
    for (const l of curveLines(report.curve)) out.push(`| ${l.join(' | ')} |`);
  }
  if (report.notes.length > 0) out.push('', ...report.notes.map((n) => `- ${n}`));
  return `${out.join('\n')}\n`;
}

/** Writes bench/results/<stamp>-<mode>.{json,md} and latest-<mode>.{json,md}; returns the paths. */
export function writeReport(dir: string, report: Report): string[] {
  mkdirSync(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const files: string[] = [];
  for (const base of [`${stamp}-${report.mode}`, `latest-${report.mode}`]) {
    const json = path.join(dir, `${base}.json`);
    const md = path.join(dir, `${base}.md`);
    writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(md, toMarkdown(report));
    files.push(json, md);
  }
  return files;
}
