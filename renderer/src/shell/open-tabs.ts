/**
 * The workspace tabs (threads, dispute cases, customers the agent has open), as pure functions:
 * which record a route shows, and how opening, closing and cycling change the list. The strip
 * (WorkspaceTabs.tsx) keeps the list in localStorage so a reload restores it.
 */
export type TabKind = 'thread' | 'case' | 'customer';

export interface OpenTab {
  /** `thread:12`, `case:4`, `customer:87`: one tab per record. */
  key: string;
  kind: TabKind;
  id: number;
  /** Where the tab goes back to (path + search, e.g. `/customers/87?account=3`). */
  path: string;
}

const ROUTES: ReadonlyArray<{ kind: TabKind; pattern: RegExp }> = [
  { kind: 'thread', pattern: /^\/messages\/(\d+)\/?$/ },
  { kind: 'case', pattern: /^\/disputes\/(\d+)\/?$/ },
  { kind: 'customer', pattern: /^\/customers\/(\d+)\/?$/ },
];

/** The record a location shows, as a tab, or null for lists and other screens. */
export function tabForLocation(pathname: string, search = ''): OpenTab | null {
  for (const { kind, pattern } of ROUTES) {
    const m = pattern.exec(pathname);
    if (!m) continue;
    const id = Number(m[1]);
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    return { key: `${kind}:${id}`, kind, id, path: pathname + search };
  }
  return null;
}

/** Most tabs kept; opening one more drops the oldest (the agent's working set, not history). */
export const MAX_TABS = 12;

/** Adds the tab (or refreshes its path) keeping the order the agent opened them in. */
export function openTab(tabs: readonly OpenTab[], tab: OpenTab): OpenTab[] {
  const at = tabs.findIndex((t) => t.key === tab.key);
  if (at >= 0) {
    if (tabs[at]!.path === tab.path) return tabs as OpenTab[];
    return tabs.map((t, i) => (i === at ? tab : t));
  }
  const next = [...tabs, tab];
  return next.length > MAX_TABS ? next.slice(next.length - MAX_TABS) : next;
}

/**
 * Closes a tab. When it was the one in view, `goTo` is where to go: the tab to its right, else
 * to its left, else the list of its kind.
 */
export function closeTab(
  tabs: readonly OpenTab[],
  key: string,
  currentKey: string | null,
): { tabs: OpenTab[]; goTo: string | null } {
  const at = tabs.findIndex((t) => t.key === key);
  if (at < 0) return { tabs: [...tabs], goTo: null };
  const closed = tabs[at]!;
  const rest = tabs.filter((t) => t.key !== key);
  if (currentKey !== key) return { tabs: rest, goTo: null };
  const neighbour = rest[at] ?? rest[at - 1];
  return { tabs: rest, goTo: neighbour ? neighbour.path : listPathOf(closed.kind) };
}

/** The tab `step` places after (1) or before (-1) the current one, wrapping round. */
export function cycleTab(
  tabs: readonly OpenTab[],
  currentKey: string | null,
  step: 1 | -1,
): OpenTab | null {
  if (tabs.length === 0) return null;
  const at = tabs.findIndex((t) => t.key === currentKey);
  if (at < 0) return step === 1 ? tabs[0]! : tabs[tabs.length - 1]!;
  return tabs[(at + step + tabs.length) % tabs.length]!;
}

export function listPathOf(kind: TabKind): string {
  return kind === 'thread' ? '/messages' : kind === 'case' ? '/disputes' : '/customers';
}

/** Reads a stored list back, dropping anything that is not a well-formed tab. */
export function parseStoredTabs(raw: string | null): OpenTab[] {
  if (!raw) return [];
  try {
    const value: unknown = JSON.parse(raw);
    if (!Array.isArray(value)) return [];
    const out: OpenTab[] = [];
    for (const item of value) {
      const path = (item as { path?: unknown })?.path;
      if (typeof path !== 'string') continue;
      const [pathname = '', search = ''] = path.split(/(?=\?)/);
      const tab = tabForLocation(pathname, search);
      if (tab && !out.some((t) => t.key === tab.key)) out.push(tab);
    }
    return out.slice(-MAX_TABS);
  } catch {
    return [];
  }
}
