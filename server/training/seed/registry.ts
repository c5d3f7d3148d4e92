import { addressChangesModule } from './modules/address-changes.ts';
import { callsModule } from './modules/calls.ts';
import { customersModule } from './modules/customers.ts';
import { disputesModule } from './modules/disputes.ts';
import { messagesModule } from './modules/messages.ts';
import { mailPaymentsModule } from './modules/mail-payments.ts';
import type { SeedModule } from './types.ts';

/**
 * Every demo-data module, in the order they run (a module may read what earlier ones wrote).
 * Each workflow area adds ONE line here and ONE file in ./modules/ (see README.md).
 */
export const SEED_MODULES: readonly SeedModule[] = [
  customersModule,
  addressChangesModule,
  messagesModule,
  disputesModule,
  mailPaymentsModule,
  callsModule,
];
