import { insertPolicy, policyRows } from '../../db/repositories/disputes-policies.ts';
import { compareIsoDates } from '../domain/dates.ts';
import { diffPolicies } from '../domain/dispute-policy-diff.ts';
import { parseDisputePolicy, type DisputePolicy } from '../domain/dispute-policy.ts';
import { DomainError, msg } from '../domain/errors.ts';
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
      throw new DomainError('VALIDATION', msg('disputes.clockTwice', { clock: clock.id }), {
        fields: { draft: msg('disputes.fieldDuplicateClock') },
      });
    ids.add(clock.id);
  }
  for (const clock of draft.clocks) {
    if (clock.suspendedBy && !ids.has(clock.suspendedBy.clock))
      throw new DomainError(
        'VALIDATION',
        msg('disputes.clockDependsOnUnknown', { clock: clock.id, other: clock.suspendedBy.clock }),
        { fields: { draft: msg('disputes.fieldUnknownClock') } },
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
    throw new DomainError('VALIDATION', msg('disputes.policyInPast', { on: input.effectiveFrom }), {
      fields: { effectiveFrom: msg('fields.notBeforeToday') },
    });
  const versions = await policyRows(ctx.db);
  const newest = versions[0];
  if (newest && compareIsoDates(input.effectiveFrom, newest.effectiveFrom) <= 0)
    throw new DomainError(
      'VALIDATION',
      msg('disputes.policyBeforeNewest', { version: newest.version, on: newest.effectiveFrom }),
      { fields: { effectiveFrom: msg('fields.after', { on: newest.effectiveFrom }) } },
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
    throw new DomainError('VALIDATION', msg('disputes.policyUnchanged'), {
      fields: { draft: msg('fields.unchanged') },
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
