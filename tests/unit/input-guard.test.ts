import { describe, expect, it } from 'vitest';
import { findNulByte } from '../../server/trpc/input-guard.ts';

describe('findNulByte', () => {
  it.each([
    [undefined, null],
    ['plain', null],
    [{ a: 'ok', b: [1, 'fine', { c: null }] }, null],
    ['nul\u0000.pdf', []],
    [{ reason: 'x\u0000' }, ['reason']],
    [{ items: [{ payee: 'ok' }, { payee: 'a\u0000b' }] }, ['items', 1, 'payee']],
    [{ ['key\u0000']: 'value' }, ['key\u0000']],
  ])('%j → %j', (input, path) => {
    expect(findNulByte(input)).toEqual(path);
  });

  it('walks deep inputs without recursion', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 20_000; i += 1) deep = [deep];
    expect(findNulByte(deep)).toHaveLength(20_000);
  });
});
