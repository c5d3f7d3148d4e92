import { SEED_MODULES } from './registry.ts';
import type { Scale, ScaleName, Scenario } from './types.ts';

/** Data volumes. Modules size their own records from the scale's name (messages: 1M at large). */
export const SCALES: Record<ScaleName, Scale> = {
  demo: {
    name: 'demo',
    customers: 300,
    description:
      'first run and end-to-end tests: a few hundred customers, seeded in well under two seconds',
  },
  class: { name: 'class', customers: 5_000, description: 'a training class: 5,000 customers' },
  large: {
    name: 'large',
    customers: 200_000,
    description: 'performance: 200,000 customers and about 250,000 accounts with their ledgers',
  },
};

export const SCALE_NAMES = Object.keys(SCALES) as ScaleName[];

export const DEFAULT_SCENARIO_ID = 'standard';

/** Every scenario any module defines, in registry order. */
export function listScenarios(): Scenario[] {
  return SEED_MODULES.flatMap((m) => m.scenarios ?? []);
}

export function findScenario(id: string): Scenario | undefined {
  return listScenarios().find((s) => s.id === id);
}
