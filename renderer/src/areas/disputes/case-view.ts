import type { RouterOutputs } from '../../trpc.ts';

/** A dispute case as the case screen receives it (`disputes.get`). */
export type CaseView = RouterOutputs['disputes']['get'];
