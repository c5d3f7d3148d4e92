import { completeDisputeTask } from '../../db/repositories/disputes.ts';
import { addDisputeItem } from '../../db/repositories/disputes-items.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { addEvent, changeCase, notClosed, type StepContext } from './change-case.ts';
import type { completeTaskSchema, In, noteSchema } from './schemas.ts';

/** Adds an investigation note or a task (with its due date) to a case. */
export async function addNote(ctx: StepContext, input: In<typeof noteSchema>) {
  const { after } = await changeCase(ctx, {
    action: `dispute.add-${input.kind}`,
    id: input.id,
    guard: notClosed,
    apply: async (c) => {
      const itemId = await addDisputeItem(ctx.db, {
        dispute_id: c.id,
        kind: input.kind,
        body: input.body,
        file_name: null,
        mime_type: null,
        content: null,
        sha256: null,
        due_on: input.kind === 'task' ? (input.dueOn ?? null) : null,
        created_at: ctx.now.toISOString(),
        created_by: ctx.user.id,
      });
      await addEvent(
        ctx,
        c.id,
        input.kind,
        input.kind === 'task'
          ? msg('disputes.event.task', { body: input.body })
          : msg('disputes.event.note', { body: input.body.slice(0, 140) }),
        { itemId },
      );
    },
  });
  return after;
}

/** Marks a task of the case done. */
export async function completeTask(ctx: StepContext, input: In<typeof completeTaskSchema>) {
  const { after } = await changeCase(ctx, {
    action: 'dispute.complete-task',
    id: input.id,
    apply: async (c) => {
      const done = await completeDisputeTask(
        ctx.db,
        c.id,
        input.itemId,
        ctx.now.toISOString(),
        ctx.user.id,
      );
      if (!done) throw new DomainError('CONFLICT', msg('disputes.taskDoneOrMissing'));
      await addEvent(ctx, c.id, 'task_done', msg('disputes.event.taskDone'), {
        itemId: input.itemId,
      });
    },
  });
  return after;
}
