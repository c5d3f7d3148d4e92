import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatReliabilityTable, readReliabilityRows, RESULTS_DIR_ENV } from './lib/summary.ts';

/**
 * `npm run test:reliability`: the heavy tests write their summary rows into a fresh folder
 * (its path in the environment, inherited by the test workers); at the end one table is printed.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'cic-reliability-results-'));
  process.env[RESULTS_DIR_ENV] = dir;
  return () => {
    const rows = readReliabilityRows(dir);
    process.stdout.write(`\n${formatReliabilityTable(rows)}\n\n`);
    rmSync(dir, { recursive: true, force: true });
  };
}
