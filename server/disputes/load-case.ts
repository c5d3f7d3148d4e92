import {
  findDispute,
  updateDispute,
  type DisputeCase,
  type DisputePatch,
} from '../../db/repositories/disputes.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { DomainError, msg } from '../domain/errors.ts';

const STALE_CASE = msg('disputes.staleCase');

/**
 * The case, or NOT_FOUND. With `expectedVersion` (the version the agent's screen showed), a stale
 * screen is refused first, before any business rule: whatever the other agent's step changed,
 * the answer is "reload", never a rule message about a state this agent has not seen.
 */
export async function requireDispute(
  db: DbOrTrx,
  id: number,
  expectedVersion?: number,
): Promise<DisputeCase> {
  const found = await findDispute(db, id);
  if (!found) throw new DomainError('NOT_FOUND', msg('disputes.noSuchDispute'));
  if (expectedVersion !== undefined && found.version !== expectedVersion)
    throw new DomainError('CONFLICT', STALE_CASE);
  return found;
}

/**
 * Applies a step's changes. With `expectedVersion`, refuses (CONFLICT) when someone else changed
 * the case since the agent loaded it.
 */
export async function saveDispute(
  db: DbOrTrx,
  id: number,
  patch: DisputePatch,
  at: string,
  expectedVersion?: number,
): Promise<void> {
  if (!(await updateDispute(db, id, patch, at, expectedVersion)))
    throw new DomainError('CONFLICT', STALE_CASE);
}
