import { findUserById, setUserLanguage } from '../../db/repositories/users.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';

/** Sets the signed-in user's screen language (audited with before and after). */
export async function setLanguage(
  ctx: MutationContext,
  language: 'en' | 'fr',
): Promise<{ language: 'en' | 'fr' }> {
  await recordChange(ctx, {
    action: 'user.language',
    entityType: 'user',
    area: 'users',
    entityId: ctx.user.id,
    load: async () => {
      const row = await findUserById(ctx.db, ctx.user.id);
      if (!row) throw new DomainError('UNAUTHENTICATED', msg('auth.sessionEnded'));
      return row;
    },
    apply: (row) => setUserLanguage(ctx.db, row.id, language, ctx.now.toISOString()),
    auditView: (row) => ({ language: row.language }),
  });
  return { language };
}
