import { insertPolicy, policyRows } from '../../db/repositories/disputes.ts';
import { compareIsoDates, labelDate } from '../domain/dates.ts';
import { diffPolicies } from '../domain/dispute-policy-diff.ts';
import { parseDisputePolicy, type DisputePolicy } from '../domain/dispute-policy.ts';
import { DomainError } from '../domain/errors.ts';
import { todayOf, type ReadContext, type StepContext } from './change-case.ts';
import { policyInEffect } from './policies.ts';
import type { In, policyDraftSchema, publishPolicySchema } from './schemas.ts';

/**
 * Compliance publishes dispute policy versions: a draft (clocks as data) is compared with the
 * version in effect today, then published with an effective date. Cases keep the version they
 * were opened under; only cases whose notice is on or after the effective date use the new one.
 */

function asPolicy(
  draft: In<typeof policyDraftSchema>['draft'],
  meta: Pick<DisputePolicy, 'version' | 'effectiveFrom' | 'reviewedBy' | 'reviewedOn'>,
): DisputePolicy {
  const ids = new Set<string>();
  for (const clock of draft.clocks) {
    if (ids.has(clock.id))
      throw new DomainError('VALIDATION', `The clock ${clock.id} appears twice.`, {
        fields: { draft: 'Duplicate clock' },
      });
    ids.add(clock.id);
  }
  for (const clock of draft.clocks) {
    if (clock.suspendedBy && !ids.has(clock.suspendedBy.clock))
      throw new DomainError(
        'VALIDATION',
        `The clock ${clock.id} depends on ${clock.suspendedBy.clock}, which the draft does not have.`,
        { fields: { draft: 'Unknown clock' } },
      );
  }
  return parseDisputePolicy({ ...draft, ...meta });
}

/** The differences between a draft and the version in effect today. */
export async function diffPolicyDraft(
  ctx: ReadContext & { user: { displayName: string } },
  input: In<typeof policyDraftSchema>,
) {
  const { today } = await todayOf(ctx);
  const current = await policyInEffect(ctx.db, today);
  const draft = asPolicy(input.draft, {
    version: current.version + 1,
    effectiveFrom: today,
    reviewedBy: ctx.user.displayName,
    reviewedOn: today,
  });
  return { current, changes: diffPolicies(current, draft) };
}

/** Publishes a draft as the next version, effective from a date not in the past. */
export async function publishPolicy(ctx: StepContext, input: In<typeof publishPolicySchema>) {
  const { today } = await todayOf(ctx);
  if (compareIsoDates(input.effectiveFrom, today) < 0)
    throw new DomainError(
      'VALIDATION',
      `A policy cannot take effect in the past (${labelDate(input.effectiveFrom)}): cases already opened keep theirs.`,
      { fields: { effectiveFrom: 'Not before today' } },
    );
  const versions = await policyRows(ctx.db);
  const newest = versions[0];
  if (newest && compareIsoDates(input.effectiveFrom, newest.effectiveFrom) <= 0)
    throw new DomainError(
      'VALIDATION',
      `Version ${newest.version} takes effect ${labelDate(newest.effectiveFrom)}: a new version must take effect after it.`,
      { fields: { effectiveFrom: `After ${newest.effectiveFrom}` } },
    );
  const current = await policyInEffect(ctx.db, today);
  const version = (newest?.version ?? 0) + 1;
  const policy = asPolicy(input.draft, {
    version,
    effectiveFrom: input.effectiveFrom,
    reviewedBy: ctx.user.displayName,
    reviewedOn: today,
  });
  const changes = diffPolicies(current, policy);
  if (changes.length === 0)
    throw new DomainError('VALIDATION', 'The draft is the same as the current version.', {
      fields: { draft: 'No change' },
    });
  await insertPolicy(ctx.db, {
    version,
    effectiveFrom: input.effectiveFrom,
    reviewedBy: ctx.user.displayName,
    reviewedOn: today,
    notes: input.notes,
    createdAt: ctx.now.toISOString(),
    document: policy,
  });
  await ctx.audit({
    action: 'dispute.publish-policy',
    entityType: 'dispute_policy',
    entityId: version,
    before: { version: current.version },
    after: { version, effectiveFrom: input.effectiveFrom, changes },
    reason: input.notes,
  });
  ctx.afterCommit(() => ctx.deps.events.emit('changed', { area: 'disputes' }));
  return { version, effectiveFrom: input.effectiveFrom, changes };
}
