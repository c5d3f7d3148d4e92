import Database from 'better-sqlite3';
import { isPostgres } from '../../db/database.ts';
import { sql } from 'kysely';
import { appendAudit } from '../../db/repositories/audit.ts';
import { readSetting } from '../core/settings.ts';
import { runSeed, type SeedResult } from './seed/index.ts';
import { bankAccountSealer, sealPlainBankAccounts } from '../customers/bank-account-seal.ts';
import type { ScaleName } from './seed/types.ts';
import { databasePath } from '../ops/bootstrap.ts';
import { applyClockState, carrySessionsAcross, loadClockState } from './clock.ts';
import type { AppDeps } from '../trpc/base.ts';
import { msg, type ServerMessage } from '../domain/shared/server-messages.ts';

/**
 * "Reset in one click": re-seeds a training database inside the running server, as a job whose
 * progress the training screen polls.
 *
 * The seed runs on a second connection to the same file, in one transaction: until it commits,
 * everyone keeps reading the old data (WAL), and it starts only when the server's own
 * connection is between transactions. While it runs, other writes fail fast (with the usual
 * "nothing was changed, try again") instead of waiting; afterwards the trainer's clock adopts
 * the scenario's start, live sessions are carried across, and every screen refetches.
 */
export interface ResetJob {
  state: 'running' | 'done' | 'failed';
  scenarioId: string;
  scale: ScaleName | null;
  phase: string;
  /** 0..1 */
  fraction: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  result: Pick<SeedResult, 'counts' | 'milliseconds' | 'asOf' | 'startsAt'> | null;
}

const jobs = new WeakMap<AppDeps, ResetJob>();

export function resetJobOf(deps: AppDeps): ResetJob | null {
  return jobs.get(deps) ?? null;
}

export function isResetRunning(deps: AppDeps): boolean {
  return jobs.get(deps)?.state === 'running';
}

const NORMAL_BUSY_TIMEOUT_MS = 5000;
const BUSY_TIMEOUT_DURING_RESET_MS = 250;

/**
 * Why this server cannot reset its training data in place, or null when it can. A reset
 * re-seeds the desk's own SQLite file; a central PostgreSQL server is not reset from the desk
 * (load a training dump with `desk import` instead).
 */
export function resetUnavailableReason(deps: AppDeps): ServerMessage | null {
  if (isPostgres(deps.db)) return msg('training.resetOnPostgres');
  if (!deps.dataDir) return msg('training.resetNeedsFile');
  return null;
}

/**
 * Starts a reset; returns at once (the job runs on). The caller has checked the role, the
 * database kind and that no reset is running, and has audited the request.
 */
export function startReset(
  deps: AppDeps,
  params: { scenarioId: string; scale?: ScaleName; seed?: number },
  actor: { id: number; username: string },
): ResetJob {
  if (!deps.dataDir)
    throw new Error(
      'Reset needs a database file (an in-memory database has no second connection).',
    );
  const job: ResetJob = {
    state: 'running',
    scenarioId: params.scenarioId,
    scale: params.scale ?? null,
    phase: 'prepare',
    fraction: 0,
    startedAt: deps.clock.now().toISOString(),
    finishedAt: null,
    error: null,
    result: null,
  };
  jobs.set(deps, job);
  const file = databasePath(deps.dataDir);
  void (async () => {
    const sqlite = new Database(file);
    sqlite.pragma(`busy_timeout = ${NORMAL_BUSY_TIMEOUT_MS}`);
    const clockBefore = deps.clock.now();
    try {
      await sql.raw(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_DURING_RESET_MS}`).execute(deps.db);
      const result = await runSeed({
        sqlite,
        scenarioId: params.scenarioId,
        ...(params.scale ? { scale: params.scale } : {}),
        ...(params.seed === undefined ? {} : { seed: params.seed }),
        yieldToEventLoop: true,
        sealBankAccount: bankAccountSealer(deps),
        // Take the write lock only while the server's connection is idle.
        begin: () => deps.db.connection().execute(async () => void sqlite.exec('BEGIN IMMEDIATE')),
        onProgress: (p) => {
          job.phase = p.phase;
          job.fraction = p.fraction;
        },
      });
      await sql.raw(`PRAGMA busy_timeout = ${NORMAL_BUSY_TIMEOUT_MS}`).execute(deps.db);
      // The scenario's EasyPay bank account numbers are sealed before anyone can read them.
      await sealPlainBankAccounts(deps.db, deps);
      const state = await loadClockState(deps.db);
      if (state) applyClockState(deps.clock, state);
      const clockAfter = deps.clock.now();
      const { sessionIdleMinutes } = await readSetting(deps.db, 'security');
      await deps.db.transaction().execute(async (trx) => {
        await carrySessionsAcross(trx, clockBefore, clockAfter, sessionIdleMinutes);
        await appendAudit(trx, actor, clockAfter.toISOString(), {
          action: 'training.reset-completed',
          entityType: 'training',
          entityId: result.scenarioId,
          after: {
            scenarioId: result.scenarioId,
            seed: result.seed,
            scale: result.scale,
            asOf: result.asOf,
            counts: result.counts,
          },
        });
      });
      job.result = {
        counts: result.counts,
        milliseconds: result.milliseconds,
        asOf: result.asOf,
        startsAt: result.startsAt,
      };
      job.scale = result.scale;
      job.state = 'done';
      job.fraction = 1;
      job.phase = 'done';
    } catch (error) {
      job.state = 'failed';
      job.error = error instanceof Error ? error.message : String(error);
      deps.log('training reset failed', error);
    } finally {
      job.finishedAt = deps.clock.now().toISOString();
      if (sqlite.open) sqlite.close();
      await sql
        .raw(`PRAGMA busy_timeout = ${NORMAL_BUSY_TIMEOUT_MS}`)
        .execute(deps.db)
        .catch(() => undefined);
      deps.events.emit('changed', { area: 'all' });
    }
  })();
  return job;
}
