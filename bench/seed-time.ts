/**
 * Seed from nothing, timed per phase: `node bench/seed-time.ts [scale]` (default large). Does
 * what `ensureDataset` does for `npm run bench -- --fresh` (create + migrate, demo users with the
 * production scrypt, runSeed in exclusive mode) into bench/data/seedtest/ (deleted first, left
 * for inspection), printing wall and CPU time (`process.cpuUsage()`) of every runSeed phase
 * and in all. CPU moves far less than wall time on a shared machine. Does not touch the bench
 * datasets.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runSeed, type ScaleName } from '../server/training/seed/index.ts';
import { openDataDir, prepareDatabase } from '../server/ops/bootstrap.ts';
import { DEFAULT_SCRYPT } from '../server/auth/password.ts';
import { BENCH_SEED, DATA_ROOT } from './lib/datasets.ts';

const scale = (process.argv[2] ?? 'large') as ScaleName;
const dir = path.join(DATA_ROOT, 'seedtest');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const cpu = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
};
const c0 = process.cpuUsage();
const t0 = performance.now();
const { db, sqlite } = openDataDir(dir);
try {
  await prepareDatabase(db, {
    kind: 'training',
    demoUsers: true,
    scrypt: DEFAULT_SCRYPT,
    at: new Date(),
  });
  let phase = 'prepare';
  let phaseWall = performance.now();
  let phaseCpu = process.cpuUsage();
  const seed = await runSeed({
    sqlite,
    scale,
    seed: BENCH_SEED,
    exclusive: true,
    onProgress: (p) => {
      if (p.phase === phase) return;
      console.log(
        `  ${phase.padEnd(16)} ${((performance.now() - phaseWall) / 1000).toFixed(1)} s wall, ${cpu(phaseCpu).toFixed(1)} s CPU`,
      );
      phase = p.phase;
      phaseWall = performance.now();
      phaseCpu = process.cpuUsage();
    },
  });
  const rows = Object.values(seed.counts).reduce((a, b) => a + b, 0);
  console.log(
    `${scale}: ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${cpu(c0).toFixed(1)} s CPU, ${rows.toLocaleString('en')} rows`,
  );
} finally {
  await db.destroy();
  if (sqlite.open) sqlite.close();
}
