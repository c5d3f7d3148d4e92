import type { RouterOutputs } from '../../trpc.ts';

/** The customer 360 as the server sends it, and its parts. */
export type Customer360 = RouterOutputs['customers']['get360'];
export type AccountView = Customer360['accounts'][number];
export type AddressView = Customer360['addressHistory'][number];
