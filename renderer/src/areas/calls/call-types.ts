import type { RouterOutputs } from '../../trpc.ts';

/** The open call as the server gives it, and one of its customer's accounts. */
export type CallView = NonNullable<RouterOutputs['calls']['current']['current']>;
export type AccountView = NonNullable<CallView['customer']>['accounts'][number];
