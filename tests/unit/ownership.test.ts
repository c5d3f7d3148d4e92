import { describe, expect, it } from 'vitest';
import { ownershipBlocker } from '../../server/domain/ownership.ts';
import { englishOf } from '../../server/domain/shared/server-messages.ts';

describe('ownershipBlocker', () => {
  it.each([
    ['the owner', { id: 1, role: 'agent' }, 1, 'refuse', null],
    ['another agent', { id: 2, role: 'agent' }, 1, 'refuse', 'Only the agent who has this'],
    ['a trainer (not a supervisor)', { id: 4, role: 'trainer' }, 1, 'refuse', 'Only the agent'],
    ['a supervisor', { id: 3, role: 'supervisor' }, 1, 'refuse', null],
    ['an admin', { id: 5, role: 'admin' }, 1, 'refuse', null],
    ['an agent, unowned, action takes it', { id: 2, role: 'agent' }, null, 'allow', null],
    ['an agent, unowned, must claim first', { id: 2, role: 'agent' }, null, 'refuse', 'Take this'],
  ] as const)('%s', (_name, actor, owner, unowned, expected) => {
    const blocker = ownershipBlocker(actor, owner, { what: 'thread', unowned });
    if (expected === null) expect(blocker).toBeNull();
    else expect(englishOf(blocker ?? '')).toContain(expected);
  });
});
