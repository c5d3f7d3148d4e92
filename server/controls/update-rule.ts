import { findAuthorityRule, saveAuthorityRule } from '../../db/repositories/authority.ts';
import type { MoneyAction } from '../../db/schema/authority.ts';
import type { Role } from '../../db/schema/platform.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { ruleErrors } from '../domain/authority.ts';
import { DomainError, msg } from '../domain/errors.ts';

export interface RuleEdit {
  role: Role;
  action: MoneyAction;
  perItemCents: number | null;
  perCaseCents: number | null;
  perDayCents: number | null;
  secondPerson: boolean;
  reason: string;
}

/** An admin changes one cell row of the authority matrix; before and after are audited. */
export async function updateAuthorityRule(ctx: MutationContext, edit: RuleEdit) {
  const errors = ruleErrors(edit);
  if (Object.keys(errors).length > 0) {
    throw new DomainError('VALIDATION', msg('controls.limitsIncoherent'), { fields: errors });
  }
  const { after } = await recordChange(ctx, {
    action: 'authority.rule-update',
    entityType: 'authority-rule',
    area: 'authority',
    entityId: `${edit.role}:${edit.action}`,
    reason: edit.reason,
    load: () => findAuthorityRule(ctx.db, edit.role, edit.action),
    auditView: (row) =>
      row && {
        perItemCents: row.perItemCents,
        perCaseCents: row.perCaseCents,
        perDayCents: row.perDayCents,
        secondPerson: row.secondPerson,
      },
    apply: () =>
      saveAuthorityRule(
        ctx.db,
        {
          role: edit.role,
          action: edit.action,
          perItemCents: edit.perItemCents,
          perCaseCents: edit.perCaseCents,
          perDayCents: edit.perDayCents,
          secondPerson: edit.secondPerson,
        },
        ctx.now.toISOString(),
        ctx.user.id,
      ),
  });
  return after;
}
