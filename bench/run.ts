/**
 * `npm run bench` — measures the desk at call-centre scale on this machine and prints one
 * table (also bench/results/*.json and *.md). `npm run bench:quick` (`--quick`): every row at
 * the `class` scale with fewer iterations and short load tests (CI, < 5 minutes).
 * A row that errors (exception, non-2xx answers, timeouts) makes the run exit 1, naming it.
 *
 * Flags: --quick, --fresh (rebuild the dataset), --scale demo|class|large, --only a,b,
 * --skip a,b (measures: queue, search, signin, thread, timeline, cockpit, browser, lockbox,
 * openloop, load, readers, curve, bundle), --agents N (300), --seconds S (30), --rate R (req/s per agent,
 * 1), --open-seconds S (each open-loop step; 30, quick 4), --build (rebuild the renderer),
 * --database-url postgres://…/DB (run the server on PostgreSQL: the work copy is moved there with
 * desk export/import; DB is dropped and re-created; measures queue, search, thread, load),
 * --read-workers N (the main server's CIC_READ_WORKERS; default: the environment's, else 0),
 * --open-rates 100,300x3 (the open-loop steps instead of 150, 300×3, 600),
 * --profile DIR (the server child runs with --cpu-prof; its .cpuprofile lands in DIR on stop).
 * See bench/PERFORMANCE.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ScaleName } from '../server/training/seed/index.ts';
import { prepareSessions } from './lib/agents.ts';
import type { BenchContext } from './lib/context.ts';
import { BENCH_DIR, ensureDataset, removeWorkCopy, workCopy } from './lib/datasets.ts';
import { toText, writeReport, type CurvePoint, type Report, type Row } from './lib/output.ts';
import { loadIntoPostgres } from './lib/postgres.ts';
import { startBenchServer } from './lib/server.ts';
import { machine } from './lib/stats.ts';
import { measureBrowser } from './measures/browser.ts';
import { measureBundle } from './measures/bundle.ts';
import { measureCockpit } from './measures/cockpit.ts';
import { measureCurve } from './measures/curve.ts';
import { measureLoad } from './measures/load.ts';
import { measureLockbox } from './measures/lockbox.ts';
import { customSteps, measureOpenLoop, openLoopSteps } from './measures/open-loop.ts';
import { measureQueue } from './measures/queue.ts';
import { measureReaders } from './measures/readers.ts';
import { measureSearch } from './measures/search.ts';
import { measureSignInFlood } from './measures/sign-in-flood.ts';
import { measureThread360 } from './measures/thread360.ts';
import { measureTimeline } from './measures/timeline.ts';
import { measureWriteCeiling, writeCeilingRates } from './measures/write-ceiling.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
    scale: { type: 'string' },
    only: { type: 'string' },
    skip: { type: 'string' },
    agents: { type: 'string', default: '300' },
    seconds: { type: 'string' },
    rate: { type: 'string', default: '1' },
    'open-seconds': { type: 'string' },
    build: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'database-url': { type: 'string' },
    profile: { type: 'string' },
    'open-rates': { type: 'string' },
    'read-workers': { type: 'string' },
  },
});
const quick = values.quick ?? false;
const scale = (values.scale ?? (quick ? 'class' : 'large')) as ScaleName;
const only = values.only ? new Set(values.only.split(',')) : null;
const skip = new Set((values.skip ?? '').split(',').filter(Boolean));
const databaseUrl = values['database-url'] ?? null;
/** On PostgreSQL: the measures whose inputs the SQLite copy still describes (no trimming, no batch). */
const ON_POSTGRES = new Set([
  'queue',
  'search',
  'signin',
  'thread',
  'timeline',
  'openloop',
  'writes',
  'load',
]);
const wanted = (name: string) =>
  (only ? only.has(name) : true) && !skip.has(name) && (!databaseUrl || ON_POSTGRES.has(name));
const root = path.resolve(BENCH_DIR, '..');
const dist = path.join(root, 'dist', 'renderer');
const log = (m: string) => console.error(`[bench] ${m}`);
const startedAt = new Date().toISOString();
const rows: Row[] = [];
const notes: string[] = [];
let curve: CurvePoint[] = [];

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The renderer build the server serves: built when missing (or --build); a stale one is noted. */
function ensureRenderer(): void {
  const index = path.join(dist, 'index.html');
  const build = () => {
    log('building the renderer (npm run build:renderer) …');
    const r = spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        'renderer/vite.config.ts',
        '--logLevel',
        'warn',
      ],
      { cwd: root, stdio: 'inherit' },
    );
    if (r.status !== 0) throw new Error('renderer build failed');
  };
  if (values.build || !existsSync(index)) return build();
  if (newest(path.join(root, 'renderer', 'src')) > statSync(index).mtimeMs) {
    notes.push(
      'dist/renderer is older than renderer/src: browser and bundle rows measure the last build (pass --build to rebuild first).',
    );
  }
}

async function attempt(
  name: string,
  label: string,
  fn: () => Promise<Row[]> | Row[],
): Promise<void> {
  if (!wanted(name)) return;
  log(`${name} …`);
  const t0 = performance.now();
  try {
    rows.push(...(await fn()));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    rows.push({
      measure: label,
      target: '',
      result: `error: ${message.split('\n')[0]?.slice(0, 200)}`,
      pass: false,
      method: '',
      error: message.split('\n')[0]?.slice(0, 200) ?? 'exception',
    });
    log(`${name} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
  }
  log(`${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const agents = Number(values.agents);
const seconds = Number(values.seconds ?? (quick ? 8 : 30));
ensureRenderer();
const dataset = await ensureDataset(scale, { fresh: values.fresh ?? false, log });
const seedS = dataset.meta.totalMs / 1000;
const rowsSeeded = Object.values(dataset.meta.counts).reduce((a, b) => a + b, 0);
rows.push({
  measure: `${scale} seed from nothing`,
  target: scale === 'large' ? '≤ 60 s' : '(target is for large)',
  result: `${seedS.toFixed(1)} s (${rowsSeeded.toLocaleString('en-US')} rows; runSeed ${(dataset.meta.seedMs / 1000).toFixed(1)} s${dataset.meta.cpuMs === undefined ? '' : `; ${(dataset.meta.cpuMs / 1000).toFixed(1)} s CPU`})${dataset.built ? '' : ` — recorded when built ${dataset.meta.builtAt.slice(0, 16)}Z`}${dataset.meta.note ? ` [${dataset.meta.note}]` : ''}`,
  pass: scale === 'large' ? seedS <= 60 : null,
  method: `one run, in this process: create + migrate the database, demo users (production scrypt), runSeed (standard scenario, seed ${dataset.meta.seed}, the same code as npm run desk -- seed); ${dataset.built ? `measured now (${dataset.reason})` : 'dataset reused (schema unchanged): --fresh re-measures'}`,
  data: dataset.meta,
});
if (dataset.meta.phases) {
  notes.push(
    `seed phases: ${Object.entries(dataset.meta.phases)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
      .join(', ')}`,
  );
}
if (!dataset.built) notes.push(`dataset ${dataset.reason}`);

log('copying the dataset to a work copy …');
const dir = workCopy(dataset);
const sessions = await prepareSessions(dir, agents);
if (databaseUrl) {
  const moved = await loadIntoPostgres(dir, databaseUrl, log);
  const where = new URL(databaseUrl);
  where.password = '';
  rows.push({
    measure: `${scale} dataset → PostgreSQL (desk export + import)`,
    target: 'reported',
    result: `export ${(moved.exportMs / 1000).toFixed(1)} s + import ${(moved.importMs / 1000).toFixed(1)} s (${moved.rows.toLocaleString('en-US')} rows, verified)`,
    pass: null,
    method: `the work copy (dataset + ${agents} bench agents with sessions) through db/transfer.ts into ${where.host}${where.pathname}, one transaction, row counts and audit chain verified, then ANALYZE`,
    data: moved,
  });
  notes.push(
    `engine: PostgreSQL (${where.host}${where.pathname}); only ${[...ON_POSTGRES].join(', ')} run on it`,
  );
}
const server = await startBenchServer(dir, databaseUrl, {
  profileDir: values.profile ? path.resolve(values.profile) : null,
  ...(values['read-workers'] === undefined ? {} : { readWorkers: Number(values['read-workers']) }),
});
log(
  `server ${server.url} (pid ${server.pid}) on ${databaseUrl ? 'PostgreSQL' : path.relative(root, dir)}`,
);
const ctx: BenchContext = {
  quick,
  url: server.url,
  serverPid: server.pid,
  dir,
  sessions,
  asOf: dataset.meta.asOf,
  log,
  engine: databaseUrl ? 'postgres' : 'sqlite',
};
try {
  await attempt('queue', 'queue page over HTTP', async () => (await measureQueue(ctx)).rows);
  await attempt('search', 'customer search', () => measureSearch(ctx));
  await attempt('thread', 'open a thread + 360', () => measureThread360(ctx));
  await attempt('timeline', 'customer timeline', () => measureTimeline(ctx));
  await attempt('cockpit', 'dispute cockpit', () => measureCockpit(ctx));
  await attempt('browser', 'Chromium', () => measureBrowser(ctx));
  await attempt('lockbox', 'lockbox batch', () => measureLockbox(ctx));
  await attempt('openloop', 'open-loop arrivals', () =>
    measureOpenLoop(ctx, {
      agents,
      seconds: Number(values['open-seconds'] ?? (quick ? 4 : 30)),
      steps: values['open-rates'] ? customSteps(values['open-rates']) : openLoopSteps(quick),
    }),
  );
  await attempt('writes', 'write ceiling', () =>
    measureWriteCeiling(ctx, {
      agents,
      seconds: quick ? 2 : 10,
      rates: writeCeilingRates(quick),
    }),
  );
  await attempt('load', 'simulated agents', () =>
    measureLoad(ctx, {
      agents,
      seconds,
      ratePerAgent: Number(values.rate),
      saturateSeconds: quick ? 4 : 10,
    }),
  );
  // Last: the flood leaves 127.0.0.1 in sign-in backoff, which would refuse later rows' sign-ins.
  await attempt('signin', 'agent under a sign-in flood', () => measureSignInFlood(ctx));
} finally {
  await server.stop();
  const logged = server.logged().trim();
  if (logged) {
    mkdirSync(path.join(BENCH_DIR, 'results'), { recursive: true });
    writeFileSync(path.join(BENCH_DIR, 'results', 'server-stderr.log'), `${logged}\n`);
    notes.push(
      `the server logged failures (bench/results/server-stderr.log): ${logged.split('\n')[0]?.slice(0, 300)}`,
    );
  }
}
// The reader-thread curve starts its own servers (one at a time on the work copy), so it runs
// once the main one has stopped, and before the cost curve trims the data.
await attempt('readers', 'reader threads', () =>
  measureReaders(ctx, {
    agents,
    seconds: quick ? 4 : 20,
    rate: quick ? 60 : 300,
    counts: [0, 1, 2, 4],
  }),
);
if (wanted('curve')) {
  log('curve …');
  try {
    curve = await measureCurve(ctx, [1, 10, 100], quick ? 100 : 300, quick ? 20 : 60);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    notes.push(`cost curve failed: ${message}`);
    rows.push({
      measure: 'cost curve',
      target: '',
      result: `error: ${message.split('\n')[0]?.slice(0, 200)}`,
      pass: false,
      method: '',
      error: message.split('\n')[0]?.slice(0, 200) ?? 'exception',
    });
  }
}
await attempt('bundle', 'first-screen JavaScript', () => measureBundle(dist));
if (!values.keep) removeWorkCopy(dir);

const report: Report = {
  startedAt,
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  mode: quick ? 'quick' : 'full',
  scale,
  machine: machine(),
  dataset: dataset.meta,
  rows,
  curve,
  notes,
};
console.log(toText(report));
const files = writeReport(path.join(BENCH_DIR, 'results'), report);
console.log(
  `\nwritten: ${files
    .filter((f) => f.includes('latest'))
    .map((f) => path.relative(root, f))
    .join(', ')}`,
);
const broken = rows.filter((r) => r.error);
if (broken.length > 0) {
  console.error(
    `\nbench: ${broken.length} row(s) errored:\n${broken.map((r) => `- ${r.measure}: ${r.error}`).join('\n')}`,
  );
  process.exit(1);
}
process.exit(0);
