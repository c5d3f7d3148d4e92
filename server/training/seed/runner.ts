import type Database from 'better-sqlite3';
import { BusinessCalendar } from '../../domain/calendar.ts';
import { instantAt, isIsoDate, type IsoDate } from '../../domain/dates.ts';
import {
  parseSetting,
  settingKeys,
  type SettingKey,
  type Settings,
} from '../../domain/lender-config.ts';
import { TRAINING_CLOCK_KEY, type TrainingClockState } from '../clock.ts';
import { Prng } from './prng.ts';
import { SEED_MODULES } from './registry.ts';
import { SCALES, findScenario, DEFAULT_SCENARIO_ID } from './scenarios.ts';
import type {
  PlantedRecord,
  ScaleName,
  Scenario,
  SeedContext,
  SeedModule,
  SeedProgress,
} from './types.ts';

export const TRAINING_SCENARIO_KEY = 'training_scenario';

export interface RunSeedOptions {
  sqlite: Database.Database;
  /** Default: the standard scenario. */
  scenarioId?: string;
  /** Default: the scenario's seed. */
  seed?: number;
  /** Default: the scenario's scale. */
  scale?: ScaleName;
  /** Default: the scenario's start date. */
  asOf?: IsoDate;
  onProgress?: (progress: SeedProgress) => void;
  /** Yield to the event loop now and then (seeding inside a running server). */
  yieldToEventLoop?: boolean;
  /**
   * Nobody else has the database open (the CLI, first start): use bulk-load pragmas
   * (synchronous off, rollback journal in memory) for the duration.
   */
  exclusive?: boolean;
  /** Check every foreign key before committing (default: on below the large scale). */
  checkForeignKeys?: boolean;
  /** Skip CHECK constraints while loading (default: at the large scale only). */
  trustGenerator?: boolean;
  /** Tests may run a subset. */
  modules?: readonly SeedModule[];
  /**
   * Opens the write transaction (default `BEGIN IMMEDIATE`). A running server passes one that
   * waits until its own connection is between transactions, so neither blocks the other.
   */
  begin?: () => Promise<void>;
  /**
   * Seals a generated EasyPay bank account number (account id, plain number → stored value),
   * inside the seed's transaction, so the plain number is never committed (issue 21). The key
   * is the server's (server/customers/bank-account-seal.ts); without it the numbers stay plain
   * until the server's next start seals them.
   */
  sealBankAccount?: (accountId: number, plain: string) => string;
}

/** What was seeded; also stored in app_meta `training_scenario` for the training screen. */
export interface SeedSummary {
  scenarioId: string;
  seed: number;
  scale: ScaleName;
  asOf: IsoDate;
  startsAt: string;
  plants: PlantedRecord[];
}

export interface SeedResult extends SeedSummary {
  counts: Record<string, number>;
  milliseconds: number;
  /** Per module: generate + index rebuild + finish. */
  moduleMilliseconds: Record<string, number>;
}

function readSettingsSync(sqlite: Database.Database): Settings {
  const rows = sqlite.prepare('select key, value from settings').all() as Array<{
    key: string;
    value: string;
  }>;
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const key of settingKeys) {
    const raw = byKey.get(key);
    if (raw === undefined)
      throw new Error(`Lender setting "${key}" is missing: migrate the database first`);
    out[key] = parseSetting(key, JSON.parse(raw));
  }
  return out as Settings;
}

function setMeta(sqlite: Database.Database, key: string, value: unknown): void {
  sqlite
    .prepare(
      'insert into app_meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value',
    )
    .run(key, JSON.stringify(value));
}

function sealBankAccounts(
  sqlite: Database.Database,
  seal: NonNullable<RunSeedOptions['sealBankAccount']>,
): void {
  const rows = sqlite
    .prepare(
      'select id, easypay_bank_account as bank from accounts where easypay_bank_account is not null',
    )
    .all() as Array<{ id: number; bank: string }>;
  const update = sqlite.prepare('update accounts set easypay_bank_account = ? where id = ?');
  for (const row of rows) update.run(seal(row.id, row.bank), row.id);
}

/** 32-bit integer from a label, for libraries seeded with a number. */
function seedNumber(label: string): number {
  return new Prng(label).uint32();
}

/**
 * Replaces the business data of a TRAINING database with a scenario's generated data, in one
 * transaction (readers see the old data or the new, never half). Deterministic: the same
 * scenario, seed, scale and date produce the same rows with the same ids, every time.
 *
 * @example
 * const { sqlite } = openDataDir('data');
 * await runSeed({ sqlite, scenarioId: 'standard', seed: 7, scale: 'class', exclusive: true });
 */
export async function runSeed(options: RunSeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const { sqlite } = options;
  const kind = (
    sqlite.prepare("select value from app_meta where key = 'database_kind'").get() as
      { value: string } | undefined
  )?.value;
  if (kind !== 'training') {
    throw new Error(
      kind === 'production'
        ? 'This is a production database: demo data is only ever written to a training database.'
        : 'The database is not initialised: migrate it first.',
    );
  }
  const baseScenario = findScenario(options.scenarioId ?? DEFAULT_SCENARIO_ID);
  if (!baseScenario) throw new Error(`Unknown scenario "${options.scenarioId}"`);
  const scenario: Scenario = {
    ...baseScenario,
    seed: options.seed ?? baseScenario.seed,
    scale: options.scale ?? baseScenario.scale,
    startDate: options.asOf ?? baseScenario.startDate,
  };
  if (!isIsoDate(scenario.startDate))
    throw new Error(`--as-of must be a date YYYY-MM-DD, got "${scenario.startDate}"`);
  if (!Number.isSafeInteger(scenario.seed) || scenario.seed < 0)
    throw new Error('--seed must be a non-negative integer');
  const scale = SCALES[scenario.scale];
  if (!scale) throw new Error(`Unknown scale "${scenario.scale}"`);

  const modules = options.modules ?? SEED_MODULES;
  const settings = readSettingsSync(sqlite);
  const closures = sqlite.prepare('select date, name from closures').all() as Array<{
    date: string;
    name: string;
  }>;
  const calendar = new BusinessCalendar(closures);
  const timeZone = settings.identity.timeZone;
  const startsAt = instantAt(scenario.startDate, scenario.startMinutes, timeZone);

  const tables = modules.flatMap((m) => m.tables);
  const placeholders = tables.map(() => '?').join(',');
  const schema = sqlite
    .prepare(
      `select type, name, tbl_name as tableName, sql from sqlite_master
       where tbl_name in (${placeholders}) and type in ('index', 'trigger') and sql is not null
       order by type, name`,
    )
    .all(...tables) as Array<{
    type: 'index' | 'trigger';
    name: string;
    tableName: string;
    sql: string;
  }>;
  const hasSequence =
    sqlite.prepare("select 1 from sqlite_master where name = 'sqlite_sequence'").get() !==
    undefined;

  const estimates = modules.map((m) => Math.max(1, m.estimate(scale)));
  // Rebuilding a module's indexes is weighed at a fifth of writing its rows.
  const INDEX_SHARE = 0.2;
  const totalUnits = estimates.reduce((a, b) => a + b, 0) * (1 + INDEX_SHARE);
  let doneUnits = 0;
  let lastReport = 0;
  let lastYield = performance.now();
  const report = (phase: string, units: number, force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < 50) return;
    lastReport = now;
    options.onProgress?.({ phase, fraction: Math.min(1, units / totalUnits) });
  };
  const breathe = async () => {
    if (!options.yieldToEventLoop) return;
    const now = performance.now();
    if (now - lastYield < 25) return;
    await new Promise((resolve) => setImmediate(resolve));
    lastYield = performance.now();
  };

  const plants: PlantedRecord[] = [];
  const statements = new Map<string, Database.Statement>();
  const flushers: Array<() => void> = [];
  const checkForeignKeys = options.checkForeignKeys ?? scale.name !== 'large';

  const savedPragmas = {
    synchronous: sqlite.pragma('synchronous', { simple: true }) as number,
    journal: sqlite.pragma('journal_mode', { simple: true }) as string,
    cacheSize: sqlite.pragma('cache_size', { simple: true }) as number,
  };
  sqlite.pragma('foreign_keys = OFF');
  // At the large scale the CHECK constraints would double the load time; the generator is
  // held to them by the tests, which seed the smaller scales with every constraint on.
  const trustGenerator = options.trustGenerator ?? scale.name === 'large';
  if (options.exclusive) {
    sqlite.pragma('synchronous = OFF');
    if (savedPragmas.journal !== 'memory') sqlite.pragma('journal_mode = MEMORY');
  }
  if (scale.name === 'large') {
    // Nine million ledger lines and their indexes: a 512 MB page cache keeps the b-trees being
    // filled (and the index builds' sorts) in memory.
    sqlite.pragma('cache_size = -524288');
  }
  if (trustGenerator) sqlite.pragma('ignore_check_constraints = ON');
  report('prepare', 0, true);
  try {
    if (options.begin) await options.begin();
    else sqlite.exec('BEGIN IMMEDIATE');
    for (const object of schema.filter((o) => o.type === 'trigger'))
      sqlite.exec(`DROP TRIGGER ${object.name}`);
    for (const object of schema.filter((o) => o.type === 'index'))
      sqlite.exec(`DROP INDEX ${object.name}`);
    for (const table of [...tables].reverse()) sqlite.exec(`DELETE FROM ${table}`);
    if (hasSequence)
      sqlite.prepare(`delete from sqlite_sequence where name in (${placeholders})`).run(...tables);

    const baseContext = (
      module: SeedModule,
      moduleStart: number,
      estimate: number,
    ): SeedContext => ({
      sqlite,
      seed: scenario.seed,
      scale,
      scenario,
      asOf: scenario.startDate,
      startsAt,
      timeZone,
      settings,
      calendar,
      rng: (name) => new Prng(`${scenario.seed}:${module.name}:${name}`),
      seedFor: (name) => seedNumber(`${scenario.seed}:${module.name}:${name}`),
      insert: (table, columns) => {
        const key = `${table}(${columns.join(',')})`;
        let statement = statements.get(key);
        if (!statement) {
          statement = sqlite.prepare(
            `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
          );
          statements.set(key, statement);
        }
        const prepared = statement;
        return (...values: unknown[]) => Number(prepared.run(...values).lastInsertRowid);
      },
      writer: (table, columns) => {
        // 64 rows per statement: fewer native calls per row (SQLite allows 32,766 parameters).
        const batch = Math.max(1, Math.min(64, Math.floor(32_766 / columns.length)));
        const row = `(${columns.map(() => '?').join(', ')})`;
        const full = sqlite.prepare(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(batch).fill(row).join(', ')}`,
        );
        const single = sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${row}`);
        const width = columns.length;
        const buffer: unknown[] = [];
        const flushAll = () => {
          for (let i = 0; i < buffer.length; i += width) single.run(...buffer.slice(i, i + width));
          buffer.length = 0;
        };
        flushers.push(flushAll);
        return (...values: unknown[]) => {
          for (const v of values) buffer.push(v);
          if (buffer.length === batch * width) {
            full.run(...buffer);
            buffer.length = 0;
          }
        };
      },
      progress: async (done) => {
        doneUnits = moduleStart + Math.min(done, estimate);
        report(module.name, doneUnits);
        await breathe();
      },
      plant: (record) => plants.push(record),
      instant: (date, minutes = 12 * 60) => instantAt(date, minutes, timeZone).toISOString(),
    });

    // Module by module: generate, then rebuild that module's indexes and triggers at once, so
    // the modules after it read its rows through indexes (a later module looking up ledger
    // lines by account must not scan nine million rows each time).
    let moduleStart = 0;
    const moduleMilliseconds: Record<string, number> = {};
    for (const [i, module] of modules.entries()) {
      const moduleStarted = performance.now();
      const estimate = estimates[i] ?? 1;
      const ctx = baseContext(module, moduleStart, estimate);
      report(module.name, moduleStart, true);
      await module.generate(ctx);
      for (const flush of flushers.splice(0)) flush();
      const own = new Set(module.tables);
      const indexes = schema.filter((o) => o.type === 'index' && own.has(o.tableName));
      for (const [k, object] of indexes.entries()) {
        report(
          'indexes',
          moduleStart + estimate + Math.round((estimate * INDEX_SHARE * k) / indexes.length),
          true,
        );
        await breathe();
        sqlite.exec(object.sql);
      }
      for (const object of schema.filter((o) => o.type === 'trigger' && own.has(o.tableName)))
        sqlite.exec(object.sql);
      module.finish?.(ctx);
      moduleStart += estimate * (1 + INDEX_SHARE);
      moduleMilliseconds[module.name] = Math.round(performance.now() - moduleStarted);
    }
    if (checkForeignKeys) {
      const broken = sqlite.prepare('pragma foreign_key_check').all() as Array<{
        table: string;
        parent: string;
      }>;
      if (broken.length > 0) {
        const first = broken[0];
        throw new Error(
          `Seed produced ${broken.length} broken reference(s), first: ${first?.table} → ${first?.parent}`,
        );
      }
    }
    const summary: SeedSummary = {
      scenarioId: scenario.id,
      seed: scenario.seed,
      scale: scale.name,
      asOf: scenario.startDate,
      startsAt: startsAt.toISOString(),
      plants,
    };
    if (options.sealBankAccount) sealBankAccounts(sqlite, options.sealBankAccount);
    setMeta(sqlite, TRAINING_SCENARIO_KEY, summary);
    const clock: TrainingClockState = { at: startsAt.toISOString(), runningSince: null };
    setMeta(sqlite, TRAINING_CLOCK_KEY, clock);
    sqlite.exec('COMMIT');
    report('done', totalUnits, true);

    const counts: Record<string, number> = {};
    for (const table of tables) {
      counts[table] = (
        sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }
      ).n;
    }
    if (options.exclusive) {
      sqlite.pragma('analysis_limit = 1000');
      sqlite.exec('ANALYZE');
    }
    return {
      ...summary,
      counts,
      milliseconds: Math.round(performance.now() - started),
      moduleMilliseconds,
    };
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  } finally {
    sqlite.pragma('foreign_keys = ON');
    if (trustGenerator) sqlite.pragma('ignore_check_constraints = OFF');
    if (options.exclusive) {
      if (savedPragmas.journal !== 'memory')
        sqlite.pragma(`journal_mode = ${savedPragmas.journal}`);
      sqlite.pragma(`synchronous = ${savedPragmas.synchronous}`);
    }
    if (scale.name === 'large') {
      sqlite.pragma(`cache_size = ${savedPragmas.cacheSize}`);
    }
  }
}

/** The scenario a training database was last seeded with, from app_meta. */
export function readSeedSummary(raw: string | null | undefined): SeedSummary | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as SeedSummary;
  } catch {
    return null;
  }
}
