/**
 * Unsent drafts (a reply being typed) live in sessionStorage so a reload keeps them. They are
 * keyed by the signed-in user and cleared when nobody is signed in any more (sign-out, an
 * expired session) or someone else signs in: a draft never shows to the next user of the
 * same browser.
 */
const PREFIX = 'cic.draft.';

/** The storage key of one draft of one user (`name`: e.g. `thread.42`). */
export function draftKey(userId: number, name: string): string {
  return `${PREFIX}${userId}.${name}`;
}

/** Removes every draft, or every draft but those of `keepUserId`. */
export function clearDrafts(keepUserId?: number): void {
  const keep = keepUserId === undefined ? null : `${PREFIX}${keepUserId}.`;
  const keys: string[] = [];
  for (let i = 0; i < sessionStorage.length; i++) {
    const key = sessionStorage.key(i);
    if (key?.startsWith(PREFIX) && !(keep && key.startsWith(keep))) keys.push(key);
  }
  for (const key of keys) sessionStorage.removeItem(key);
}
