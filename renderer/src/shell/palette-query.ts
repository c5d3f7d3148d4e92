/**
 * What a palette query can name directly, as a pure function: a thread reference (SM-12), a
 * dispute case number (D-000012), a batch number (B-7), or a bare number that could be any of
 * them. Everything else goes to the customer search (the same one as the search box).
 */
export interface PaletteQuery {
  threadId: number | null;
  caseId: number | null;
  batchId: number | null;
  /** Text for the customer search (≥ 2 characters), or null. */
  customerText: string | null;
  /** Lower-cased text to match commands and topics against. */
  text: string;
}

const MAX_ID = 999_999_999;

function idOf(digits: string | undefined): number | null {
  if (!digits) return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) && n > 0 && n <= MAX_ID ? n : null;
}

export function parsePaletteQuery(raw: string): PaletteQuery {
  const text = raw.trim();
  const compact = text.replace(/[\s#]/g, '');
  const thread = /^sm-?(\d{1,9})$/i.exec(compact);
  const dispute = /^d-?(\d{1,9})$/i.exec(compact);
  const batch = /^b-?(\d{1,9})$/i.exec(compact);
  const bare = /^(\d{1,9})$/.exec(compact);
  return {
    threadId: idOf(thread?.[1] ?? bare?.[1]),
    caseId: idOf(dispute?.[1] ?? bare?.[1]),
    batchId: idOf(batch?.[1] ?? bare?.[1]),
    customerText: !thread && !dispute && !batch && text.length >= 2 ? text : null,
    text: text.toLowerCase(),
  };
}

/** Accent- and case-insensitive "contains", for commands and topic labels. */
export function matchesText(label: string, text: string): boolean {
  if (!text) return true;
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return fold(label).includes(fold(text));
}
