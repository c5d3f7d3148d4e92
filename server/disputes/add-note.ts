import { addDisputeItem, completeDisputeTask } from '../../db/repositories/disputes.ts';
import { DomainError } from '../domain/errors.ts';
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
        input.kind === 'task' ? `Task: ${input.body}` : `Note: ${input.body.slice(0, 140)}`,
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
      if (!done) throw new DomainError('CONFLICT', 'That task is already done or does not exist.');
      await addEvent(ctx, c.id, 'task_done', 'Task completed', { itemId: input.itemId });
    },
  });
  return after;
}
