import { describe, expect, it } from 'vitest';
import { matchesText, parsePaletteQuery } from '../../renderer/src/shell/palette-query.ts';

describe('parsePaletteQuery', () => {
  it('reads references: SM- threads, D- cases, B- batches', () => {
    expect(parsePaletteQuery('SM-158')).toMatchObject({
      threadId: 158,
      caseId: null,
      batchId: null,
      customerText: null,
    });
    expect(parsePaletteQuery(' d-000042 ')).toMatchObject({ threadId: null, caseId: 42 });
    expect(parsePaletteQuery('B 7')).toMatchObject({ batchId: 7, caseId: null });
    expect(parsePaletteQuery('#12')).toMatchObject({ threadId: 12, caseId: 12, batchId: 12 });
  });

  it('sends names, account numbers, VINs to the customer search', () => {
    expect(parsePaletteQuery('Tremblay').customerText).toBe('Tremblay');
    expect(parsePaletteQuery('3700325578')).toMatchObject({
      threadId: null,
      customerText: '3700325578',
    });
    expect(parsePaletteQuery('a').customerText).toBeNull();
    expect(parsePaletteQuery('SM-0').threadId).toBeNull();
  });

  it('matches commands without caring about case or accents', () => {
    expect(matchesText('Élodie Côté', 'elodie cote')).toBe(true);
    expect(matchesText('Post batch', 'BATCH')).toBe(true);
    expect(matchesText('Post batch', 'claim')).toBe(false);
    expect(matchesText('anything', '')).toBe(true);
  });
});
