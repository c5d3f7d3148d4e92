import type Database from 'better-sqlite3';
import type { BusinessCalendar } from '../../domain/calendar.ts';
import type { IsoDate } from '../../domain/dates.ts';
import type { Settings } from '../../domain/lender-config.ts';
import type { Prng } from './prng.ts';

/**
 * The demo-data generator's extension point. Each workflow area adds ONE module file in
 * server/training/seed/modules/ and ONE line in server/training/seed/registry.ts; see server/training/seed/README.md.
 */

export type ScaleName = 'demo' | 'class' | 'large';

export interface Scale {
  name: ScaleName;
  /** Customers the customers module creates; other modules size themselves from the name. */
  customers: number;
  description: string;
}

export interface LocalizedText {
  en: string;
  fr: string;
}

/**
 * A class scenario: the seed, scale and start date it runs with, and (through the modules that
 * look for its id) the records it plants.
 */
export interface Scenario {
  /** kebab-case id: `--scenario monday-backlog`. */
  id: string;
  title: LocalizedText;
  description: LocalizedText;
  seed: number;
  scale: ScaleName;
  /** The centre-local date the data is "as of": the trainer's clock starts on it. */
  startDate: IsoDate;
  /** Centre-local minutes after midnight the clock starts at (e.g. 570 = 09:30). */
  startMinutes: number;
}

/** A record a scenario plants on purpose, listed on the trainer's crib sheet. */
export interface PlantedRecord {
  /** Module that planted it, e.g. 'customers', 'disputes'. */
  area: string;
  title: string;
  detail: string;
  customerId?: number;
  accountId?: number;
  /** Anything else the screen can link to, e.g. { type: 'dispute', id: 12 }. */
  entity?: { type: string; id: number | string };
}

export interface SeedContext {
  /** Raw better-sqlite3 handle, inside the seed's one write transaction. */
  readonly sqlite: Database.Database;
  readonly seed: number;
  readonly scale: Scale;
  readonly scenario: Scenario;
  /** The data's "today" (centre-local): nothing is posted after it. */
  readonly asOf: IsoDate;
  /** The instant the trainer's clock starts at. */
  readonly startsAt: Date;
  readonly timeZone: string;
  readonly settings: Settings;
  readonly calendar: BusinessCalendar;
  /** A named, independent PRNG stream of this module: `ctx.rng('ledger')`. */
  rng(name: string): Prng;
  /** A 32-bit seed for libraries with their own generator (faker.seed(ctx.seedFor('names'))). */
  seedFor(name: string): number;
  /**
   * A prepared INSERT bound to columns, returning the new rowid: the fast path for bulk rows.
   *
   * @example const addNote = ctx.insert('notes', ['customer_id', 'body']); const id = addNote(7, 'hi');
   */
  insert(table: string, columns: readonly string[]): (...values: unknown[]) => number;
  /**
   * A buffered multi-row INSERT for rows whose ids nobody needs right away (ledger lines,
   * messages): about twice as fast. Rows keep their push order, so ids stay deterministic; the
   * runner flushes it when the module's `generate` returns.
   *
   * @example const line = ctx.writer('ledger_entries', ['account_id', 'kind']); line(7, 'fee');
   */
  writer(table: string, columns: readonly string[]): (...values: unknown[]) => void;
  /**
   * Reports progress in this module's own units (0..estimate) and, when running inside the
   * server, lets the event loop breathe. Call it every few hundred rows.
   */
  progress(done: number): Promise<void>;
  /** Records a planted record for the trainer's crib sheet. */
  plant(record: PlantedRecord): void;
  /** UTC ISO instant of a centre-local date and time: created_at values. */
  instant(date: IsoDate, minutes?: number): string;
}

export interface SeedModule {
  /** Unique name, also the PRNG namespace: never rename it or the data changes. */
  name: string;
  /**
   * Tables the module fills, parents first. Before seeding the runner empties every module's
   * tables (children first, last module first) and drops their secondary indexes and triggers;
   * it recreates them from the migrations' own SQL as soon as this module's `generate` returns,
   * so later modules query its rows through indexes.
   */
  tables: readonly string[];
  /** Relative work at a scale (roughly rows written), to weigh the progress bar. */
  estimate(scale: Scale): number;
  generate(ctx: SeedContext): Promise<void>;
  /** After this module ran and its indexes were rebuilt: e.g. rebuild a full-text index. */
  finish?(ctx: SeedContext): void;
  /** Scenarios this module defines (the registry collects them). */
  scenarios?: readonly Scenario[];
}

export interface SeedProgress {
  /** 0..1 over the whole run. */
  fraction: number;
  /** Module name, 'prepare', 'indexes' or 'done'. */
  phase: string;
}
