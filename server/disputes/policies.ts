import {
  policyRow,
  policyRowInEffect,
  policyRows,
  type PolicyRow,
} from '../../db/repositories/disputes-policies.ts';
import type { DbOrTrx } from '../../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';
import { parseDisputePolicy, type DisputePolicy } from '../domain/dispute-policy.ts';
import { DomainError, msg } from '../domain/errors.ts';

/** The stored dispute policy versions, parsed (the document is checked against its schema). */

function parsed(row: PolicyRow): DisputePolicy {
  return { ...parseDisputePolicy(row.document), version: row.version };
}

export interface PolicyVersion extends Omit<PolicyRow, 'document'> {
  policy: DisputePolicy;
}

/** Every version, newest first. */
export async function listPolicies(db: DbOrTrx): Promise<PolicyVersion[]> {
  return (await policyRows(db)).map(({ document: _document, ...row }) => ({
    ...row,
    policy: parsed({ ...row, document: _document }),
  }));
}

/** The version a case was opened under. */
export async function loadPolicy(db: DbOrTrx, version: number): Promise<DisputePolicy> {
  const row = await policyRow(db, version);
  if (!row) throw new DomainError('NOT_FOUND', msg('disputes.noSuchPolicy', { version }));
  return parsed(row);
}

/** The policy in effect on a date: the newest version effective on or before it. */
export async function policyInEffect(db: DbOrTrx, on: IsoDate): Promise<DisputePolicy> {
  const row = await policyRowInEffect(db, on);
  if (!row) throw new DomainError('PRECONDITION', msg('disputes.noPolicyOn', { on }));
  return parsed(row);
}
