import { customersModule } from './modules/customers.ts';
import type { SeedModule } from './types.ts';

/**
 * Every demo-data module, in the order they run (a module may read what earlier ones wrote).
 * Each workflow area adds ONE line here and ONE file in ./modules/ (see README.md).
 */
export const SEED_MODULES: readonly SeedModule[] = [
  customersModule,
];
