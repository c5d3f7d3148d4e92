import { writeSetting } from '../core/settings.ts';
import type { MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { settingSchemas, type SettingKey } from '../domain/lender-config.ts';
import { zodIssueMessage } from '../trpc/zod-messages.ts';

/** Admin: replaces one lender setting after validating it; audited with before and after. */
export async function updateSetting(
  ctx: MutationContext,
  input: { key: SettingKey; value: unknown; reason: string },
) {
  const parsed = settingSchemas[input.key].safeParse(input.value);
  if (!parsed.success) {
    throw new DomainError('VALIDATION', msg('admin.settingInvalid', { key: input.key }), {
      fields: Object.fromEntries(
        // Keyed (the schema's own message or zod's standard one): the form shows it in the
        // admin's language.
        parsed.error.issues.map((i) => [
          i.path.join('.') || input.key,
          zodIssueMessage(i) ?? msg('zod.invalid'),
        ]),
      ),
    });
  }
  const { before, after } = await writeSetting(
    ctx.db,
    input.key,
    parsed.data,
    ctx.now.toISOString(),
    ctx.user.id,
  );
  await ctx.audit({
    action: 'settings.update',
    entityType: 'setting',
    entityId: input.key,
    before,
    after,
    reason: input.reason,
  });
  // Other instances drop their short cache of settings (server/http/start.ts) and screens refetch.
  const events = ctx.deps.events;
  ctx.afterCommit(() => events.emit('changed', { area: 'admin', id: input.key }));
  return after;
}
