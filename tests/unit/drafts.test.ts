import { beforeEach, describe, expect, it } from 'vitest';
import { clearDrafts, draftKey } from '../../renderer/src/drafts.ts';

/** The browser's sessionStorage, as far as drafts use it. */
class MemoryStorage {
  #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  key(i: number) {
    return [...this.#items.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.#items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.#items.set(k, v);
  }
  removeItem(k: string) {
    this.#items.delete(k);
  }
}

beforeEach(() => {
  (globalThis as { sessionStorage?: unknown }).sessionStorage = new MemoryStorage();
});

describe('reply drafts', () => {
  it('are keyed by user: another user of the browser never reads them', () => {
    sessionStorage.setItem(draftKey(1, 'thread.42'), 'Dear customer, your SSN ends 1234');
    expect(sessionStorage.getItem(draftKey(2, 'thread.42'))).toBeNull();
  });

  it('are all cleared on sign-out; other storage stays', () => {
    sessionStorage.setItem(draftKey(1, 'thread.42'), 'a');
    sessionStorage.setItem(draftKey(1, 'thread.43'), 'b');
    sessionStorage.setItem(draftKey(2, 'thread.42'), 'c');
    sessionStorage.setItem('cic.other', 'kept');
    clearDrafts();
    expect(sessionStorage.length).toBe(1);
    expect(sessionStorage.getItem('cic.other')).toBe('kept');
  });

  it("when someone signs in, everyone else's drafts go and theirs stay", () => {
    sessionStorage.setItem(draftKey(1, 'thread.42'), 'a');
    sessionStorage.setItem(draftKey(12, 'thread.42'), 'not user 1');
    sessionStorage.setItem(draftKey(2, 'thread.7'), 'b');
    clearDrafts(1);
    expect(sessionStorage.getItem(draftKey(1, 'thread.42'))).toBe('a');
    expect(sessionStorage.getItem(draftKey(12, 'thread.42'))).toBeNull();
    expect(sessionStorage.getItem(draftKey(2, 'thread.7'))).toBeNull();
  });
});
