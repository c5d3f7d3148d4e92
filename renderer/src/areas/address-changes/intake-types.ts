import type { RouterInputs, RouterOutputs } from '../../trpc.ts';

/** What the address-change intake steps pass between them. */
export type Context = RouterOutputs['addressChanges']['context'];
export type Verified = RouterOutputs['addressChanges']['verify'];
export type Submitted = RouterOutputs['addressChanges']['submit'];
export type Channel = 'phone' | 'message' | 'mail';
export type AddressForm = RouterInputs['addressChanges']['normalize']['address'];
