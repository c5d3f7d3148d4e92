import path from 'node:path';
import cliProgress from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { databasePath, openDataDir, prepareDatabase } from '../../ops/bootstrap.ts';
import { systemClock } from '../../domain/clock.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { DEFAULT_SCRYPT } from '../../auth/password.ts';
import { runSeed } from './runner.ts';
import { bankAccountSealer } from '../../customers/bank-account-seal.ts';
import { DEFAULT_SCENARIO_ID, SCALES, SCALE_NAMES, listScenarios } from './scenarios.ts';
import type { ScaleName } from './types.ts';

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new InvalidArgumentError('a non-negative whole number');
  return n;
}

function scale(value: string): ScaleName {
  if (!(SCALE_NAMES as string[]).includes(value))
    throw new InvalidArgumentError(SCALE_NAMES.join(' | '));
  return value as ScaleName;
}

function date(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError('a date YYYY-MM-DD');
  return value;
}

/**
 * `npm run desk -- seed --seed N --scale S [--scenario X] [--as-of YYYY-MM-DD] --data-dir D`:
 * replaces the business data of a training database (created if missing) with generated demo
 * data. Same arguments → same data, row for row. Stop the server first (or use Reset in the
 * training screen, which does this inside the running server).
 */
export function registerSeedCommand(program: Command): void {
  program
    .command('seed')
    .description('replace the data of a TRAINING database with deterministic demo data')
    .option('--seed <n>', 'PRNG seed (default: the scenario’s)', integer)
    .option('--scale <scale>', `${SCALE_NAMES.join(' | ')} (default: the scenario’s)`, scale)
    .option('--scenario <id>', 'class scenario (see --list)', DEFAULT_SCENARIO_ID)
    .option(
      '--as-of <date>',
      'the data’s "today" and the trainer’s clock start (default: the scenario’s)',
      date,
    )
    .option('--list', 'list scenarios and scales, then exit', false)
    .option(
      '--data-dir <dir>',
      'folder holding cic-desk.sqlite',
      process.env.CIC_DATA_DIR ?? 'data',
    )
    .action(
      async (opts: {
        seed?: number;
        scale?: ScaleName;
        scenario: string;
        asOf?: string;
        list: boolean;
        dataDir: string;
      }) => {
        if (opts.list) {
          for (const s of listScenarios()) {
            console.log(
              `${s.id.padEnd(24)} seed ${String(s.seed).padEnd(4)} ${s.scale.padEnd(6)} ${s.startDate}  ${s.title.en}`,
            );
          }
          for (const s of Object.values(SCALES))
            console.log(`scale ${s.name.padEnd(6)} ${s.description}`);
          return;
        }
        const dir = path.resolve(opts.dataDir);
        const { db, sqlite } = openDataDir(dir);
        const bar = new cliProgress.SingleBar(
          {
            format: 'seed [{bar}] {percentage}% | {phase} | {duration_formatted}',
            hideCursor: true,
            clearOnComplete: false,
            noTTYOutput: true,
            notTTYSchedule: 5000,
          },
          cliProgress.Presets.shades_classic,
        );
        try {
          const prepared = await prepareDatabase(db, {
            kind: 'training',
            demoUsers: true,
            scrypt: DEFAULT_SCRYPT,
            at: systemClock.now(),
          });
          if (prepared.kind !== 'training') {
            console.error(
              `desk: ${databasePath(dir)} is a production database; demo data only goes into a training database.`,
            );
            process.exitCode = 1;
            return;
          }
          bar.start(100, 0, { phase: 'prepare' });
          const result = await runSeed({
            sqlite,
            scenarioId: opts.scenario,
            ...(opts.seed === undefined ? {} : { seed: opts.seed }),
            ...(opts.scale === undefined ? {} : { scale: opts.scale }),
            ...(opts.asOf === undefined ? {} : { asOf: opts.asOf }),
            exclusive: true,
            sealBankAccount: bankAccountSealer({ dataDir: dir }),
            // Lets the progress bar's timer run (it redraws between batches).
            yieldToEventLoop: true,
            onProgress: (p) => bar.update(Math.round(p.fraction * 100), { phase: p.phase }),
          });
          bar.update(100, { phase: 'done' });
          bar.stop();
          const rows = Object.values(result.counts).reduce((a, b) => a + b, 0);
          console.log(
            `${databasePath(dir)}: scenario ${result.scenarioId}, seed ${result.seed}, scale ${result.scale}, as of ${result.asOf}`,
          );
          for (const [table, n] of Object.entries(result.counts))
            console.log(`  ${table.padEnd(28)} ${n.toLocaleString('en-US').padStart(12)}`);
          console.log(
            `  modules: ${Object.entries(result.moduleMilliseconds)
              .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`)
              .join(', ')}`,
          );
          console.log(
            `  ${rows.toLocaleString('en-US')} rows in ${(result.milliseconds / 1000).toFixed(1)} s ` +
              `(${Math.round(rows / (result.milliseconds / 1000)).toLocaleString('en-US')} rows/s); clock set to ${result.startsAt}`,
          );
        } catch (e) {
          bar.stop();
          console.error(`desk: ${e instanceof Error ? e.message : String(e)}`);
          process.exitCode = 1;
        } finally {
          await db.destroy();
          if (sqlite.open) sqlite.close();
        }
      },
    );
}
