/**
 * The deterministic demo-data generator (SPEC 7). Public surface:
 * - `runSeed` replaces a training database's business data with a scenario's data;
 * - `listScenarios` / `findScenario` / `SCALES`: what can be seeded;
 * - `registerSeedCommand` adds `desk seed` to the operators' CLI;
 * - the `SeedModule` / `SeedContext` types every area's module implements (see README.md).
 */
export {
  runSeed,
  readSeedSummary,
  TRAINING_SCENARIO_KEY,
  type RunSeedOptions,
  type SeedResult,
  type SeedSummary,
} from './runner.ts';
export {
  DEFAULT_SCENARIO_ID,
  SCALES,
  SCALE_NAMES,
  findScenario,
  listScenarios,
} from './scenarios.ts';
export { registerSeedCommand } from './cli.ts';
export { Prng, Weighted } from './prng.ts';
export type * from './types.ts';
