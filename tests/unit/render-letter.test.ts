import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseTemplate,
  renderLetter,
  type LetterData,
} from '../../server/letters/render-letter.ts';
import { closeBlockers, letterBlocker, stageOf } from '../../server/domain/dispute-workflow.ts';
import { englishOf } from '../../server/domain/shared/server-messages.ts';

const data: LetterData = {
  sender: ['Lender', 'P.O. BOX 3608', 'Dublin, OH 43016-0306'],
  date: 'November 20, 2026',
  recipient: ['Ann Lee'],
  name: 'Ann',
  flag: false,
  items: ['one', 'two'],
};

describe('letter templates', () => {
  it('fills placeholders, keeps {{#if}} blocks only when truthy, lists arrays, and names clauses', () => {
    const blocks = parseTemplate(
      '@subject Hi {{name}}\n\n{{#if flag}}\nHidden\n{{/if}}\n\n{{items}}\n\n@clause documents\nYou may ask for the documents.',
      data,
    );
    expect(blocks).toEqual([
      { type: 'subject', text: 'Hi Ann' },
      { type: 'list', items: ['one', 'two'], bullets: true },
      { type: 'paragraph', clause: 'documents', text: 'You may ask for the documents.' },
    ]);
  });

  it('refuses a missing value rather than printing a blank', () => {
    expect(() => parseTemplate('Dear {{nobody}}', data)).toThrow(/nobody/);
  });

  it('reports when a no-error template lost its documents clause (the workflow gates on it)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'letters-'));
    mkdirSync(path.join(dir, 'disputes'));
    writeFileSync(
      path.join(dir, 'disputes', 'no-error.en.txt'),
      '@subject No error\n\nWe found no error.',
    );
    const letter = await renderLetter({
      template: 'disputes/no-error',
      language: 'en',
      data,
      templatesDir: dir,
    });
    expect(letter.clauses).not.toContain('documents');
    expect(letter.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const real = await renderLetter({
      template: 'disputes/no-error',
      language: 'fr',
      data: {
        ...data,
        caseNumber: 'D-000001',
        accountNumber: '1',
        customerName: 'Ann',
        noticeDate: 'x',
        determinationDate: 'y',
        explanation: 'z',
        phoneNumber: '1',
        mailingAddress: 'a',
        hasProvisionalCredit: false,
        lenderName: 'L',
      },
    });
    expect(real.clauses).toContain('documents');
  });
});

describe('workflow gates (pure)', () => {
  const base = {
    noticeOn: '2026-11-20',
    channel: 'phone' as const,
    transactionDates: ['2026-11-05'],
    residenceRegion: 'OH',
    newAccount: false,
    pointOfSale: false,
    foreignInitiated: false,
    writtenConfirmationRequired: true,
  };
  it('lists every reason a case cannot close', () => {
    expect(closeBlockers(base, new Set()).map(englishOf)).toEqual([
      'The acknowledgement letter has not been sent.',
      'No determination has been recorded.',
    ]);
    const noErr = {
      ...base,
      provisionalCreditOn: '2026-11-20',
      provisionalCreditCents: 45_000, // what is left to reverse is counted from the amount
      determination: 'no_error' as const,
      determinationOn: '2026-11-23',
    };
    expect(closeBlockers(noErr, new Set(['acknowledgement'])).map(englishOf)).toEqual([
      'The provisional credit notice has not been sent.',
      'The no-error letter has not been sent.',
      'The provisional credit is still on the account: reverse it (after its notice) or decide to keep it.',
    ]);
    expect(stageOf(noErr)).toBe('results');
    expect(englishOf(letterBlocker('reversal', noErr)!)).toMatch(
      /results letter before the reversal notice/,
    );
    expect(englishOf(letterBlocker('results', noErr)!)).toMatch(/no-error letter/);
  });
});
