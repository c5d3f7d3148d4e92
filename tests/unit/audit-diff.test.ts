import { describe, expect, it } from 'vitest';
import { auditDiff } from '../../renderer/src/areas/admin/audit-diff.ts';

describe('auditDiff', () => {
  it('lists only the fields that changed, by dotted path, both values as text', () => {
    expect(
      auditDiff(
        '{"routingNumber":"021000021","amountCents":45000,"address":{"line1":"1 Main St","city":"Dallas"}}',
        '{"routingNumber":"021000089","amountCents":45000,"address":{"line1":"9 Elm St","city":"Dallas"}}',
      ),
    ).toEqual([
      { field: 'routingNumber', before: '021000021', after: '021000089' },
      { field: 'address.line1', before: '1 Main St', after: '9 Elm St' },
    ]);
  });

  it('shows added and removed fields, lists, and a creation with no before', () => {
    expect(auditDiff(null, '{"closed":[3,4],"note":null}')).toEqual([
      { field: 'closed', before: null, after: '3, 4' },
      { field: 'note', before: null, after: '—' },
    ]);
    expect(auditDiff('{"a":1}', '{}')).toEqual([{ field: 'a', before: '1', after: null }]);
    expect(auditDiff('not json', null)).toEqual([
      { field: 'value', before: 'not json', after: null },
    ]);
  });

  it('compares a list of records entry by entry, numbered from 1', () => {
    expect(
      auditDiff(
        '{"lockboxes":[{"id":"a","city":"Dallas"},{"id":"b","city":"Reno"}]}',
        '{"lockboxes":[{"id":"a","city":"Dallas"},{"id":"b","city":"Sparks"},{"id":"c","city":"Elko"}]}',
      ),
    ).toEqual([
      { field: 'lockboxes.2.city', before: 'Reno', after: 'Sparks' },
      { field: 'lockboxes.3.id', before: null, after: 'c' },
      { field: 'lockboxes.3.city', before: null, after: 'Elko' },
    ]);
  });
});
