import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { LATEST_MIGRATION } from '../../db/migrations/index.ts';
import { runSeed, type ScaleName } from '../../server/training/seed/index.ts';
import { DATABASE_FILE, openDataDir, prepareDatabase } from '../../server/ops/bootstrap.ts';
import { DEFAULT_SCRYPT } from '../../server/auth/password.ts';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DATA_ROOT = path.join(BENCH_DIR, 'data');
const META_FILE = 'bench-dataset.json';
/** The seed every benchmark dataset uses (standard scenario, its own as-of date). */
export const BENCH_SEED = 1;

export interface DatasetMeta {
  scale: ScaleName;
  seed: number;
  schemaVersion: string;
  builtAt: string;
  node: string;
  /** Migrate + demo users + runSeed, from an empty folder. */
  totalMs: number;
  /** runSeed alone. */
  seedMs: number;
  /** CPU time of this process (user + system) over `totalMs`: far steadier than wall time on a shared machine. */
  cpuMs?: number;
  asOf: string;
  startsAt: string;
  counts: Record<string, number>;
  bytes: number;
  /** Anything unusual about how it was built (shown with the seed figure). */
  note?: string;
  /** Milliseconds per runSeed phase (module name, 'indexes', …). */
  phases?: Record<string, number>;
}

export interface Dataset {
  dir: string;
  file: string;
  meta: DatasetMeta;
  /** True when this run built it (the seed time was measured now). */
  built: boolean;
  /** Why it was rebuilt, or why it was reused. */
  reason: string;
}

const MIGRATIONS_DIR = path.resolve(BENCH_DIR, '..', 'db', 'migrations');

/**
 * The app's schema version: the newest migration's name plus a hash of the migrations' source
 * (an unreleased migration may still be edited in place during development).
 */
export function schemaVersion(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(MIGRATIONS_DIR)
    .filter((n) => n.endsWith('.ts'))
    .sort()) {
    hash.update(name).update(readFileSync(path.join(MIGRATIONS_DIR, name)));
  }
  return `${LATEST_MIGRATION}+${hash.digest('hex').slice(0, 12)}`;
}

function readMeta(dir: string): DatasetMeta | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, META_FILE), 'utf8')) as DatasetMeta;
  } catch {
    return null;
  }
}

/**
 * bench/data/<scale>/: reused when it was built completely for the app's current schema
 * version (the newest migration), rebuilt otherwise or when `fresh`. Building measures the
 * seed from nothing: create + migrate the database, demo users, `runSeed` (the same code as
 * `npm run desk -- seed`), in this process.
 */
export async function ensureDataset(
  scale: ScaleName,
  options: { fresh?: boolean; log?: (s: string) => void } = {},
): Promise<Dataset> {
  const log = options.log ?? (() => {});
  const dir = path.join(DATA_ROOT, scale);
  const file = path.join(dir, DATABASE_FILE);
  const meta = readMeta(dir);
  let reason: string;
  if (options.fresh) reason = '--fresh';
  else if (!meta || !existsSync(file)) reason = 'no dataset yet';
  else if (meta.schemaVersion !== schemaVersion())
    reason = `schema ${meta.schemaVersion} → ${schemaVersion()}`;
  else
    return {
      dir,
      file,
      meta,
      built: false,
      reason: `reused (built ${meta.builtAt}, schema ${meta.schemaVersion})`,
    };

  log(`building the ${scale} dataset in ${path.relative(process.cwd(), dir)} (${reason}) …`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const phases: Record<string, number> = {};
  const { db, sqlite } = openDataDir(dir);
  let seed;
  try {
    await prepareDatabase(db, {
      kind: 'training',
      demoUsers: true,
      scrypt: DEFAULT_SCRYPT,
      at: new Date(),
    });
    let phase = 'prepare';
    let phaseStart = performance.now();
    seed = await runSeed({
      sqlite,
      scale,
      seed: BENCH_SEED,
      exclusive: true,
      onProgress: (p) => {
        if (p.phase === phase) return;
        const now = performance.now();
        phases[phase] = Math.round((phases[phase] ?? 0) + now - phaseStart);
        log(`  ${phase} ${((now - phaseStart) / 1000).toFixed(1)} s`);
        phase = p.phase;
        phaseStart = now;
      },
    });
  } finally {
    await db.destroy();
    if (sqlite.open) sqlite.close();
  }
  // The whole dataset in the main file (the work copy copies that file alone). On a fresh
  // connection: the seeding one, switched from journal_mode MEMORY back to WAL, answers
  // SQLITE_LOCKED to a checkpoint since main's 2026-12-03 afternoon merges.
  const closing = new Database(file);
  try {
    closing.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    closing.close();
  }
  const totalMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const built: DatasetMeta = {
    scale,
    seed: BENCH_SEED,
    schemaVersion: schemaVersion(),
    builtAt: new Date().toISOString(),
    node: process.version,
    totalMs: Math.round(totalMs),
    seedMs: seed.milliseconds,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    asOf: seed.asOf,
    startsAt: seed.startsAt,
    counts: seed.counts,
    bytes: statSync(file).size,
    phases,
  };
  writeFileSync(path.join(dir, META_FILE), `${JSON.stringify(built, null, 2)}\n`);
  log(`built in ${(totalMs / 1000).toFixed(1)} s (${(built.bytes / 2 ** 20).toFixed(0)} MB)`);
  return { dir, file, meta: built, built: true, reason };
}

/**
 * A scratch copy of a dataset (bench/data/work-<scale>/): the measures write to it (replies,
 * claims, a posted lockbox batch, bench agents, trimming for the cost curve), so the dataset
 * itself stays as seeded and can be reused next time.
 */
export function workCopy(dataset: Dataset): string {
  const dir = path.join(DATA_ROOT, `work-${dataset.meta.scale}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(dataset.file, path.join(dir, DATABASE_FILE));
  return dir;
}

export function removeWorkCopy(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Opens a data dir's database with plain better-sqlite3 (WAL, like the app). */
export function openRaw(dir: string, readonly = false): Database.Database {
  const sqlite = new Database(path.join(dir, DATABASE_FILE), { readonly });
  if (!readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('cache_size = -65536');
  return sqlite;
}
