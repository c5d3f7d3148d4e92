import { describe, expect, it } from 'vitest';
import {
  closeTab,
  cycleTab,
  MAX_TABS,
  openTab,
  parseStoredTabs,
  tabForLocation,
  type OpenTab,
} from '../../renderer/src/shell/open-tabs.ts';

const tab = (path: string): OpenTab => {
  const [p = '', s = ''] = path.split(/(?=\?)/);
  const t = tabForLocation(p, s);
  if (!t) throw new Error(path);
  return t;
};

describe('tabForLocation', () => {
  it('knows threads, cases and customers, not lists or other screens', () => {
    expect(tabForLocation('/messages/12')).toEqual({
      key: 'thread:12',
      kind: 'thread',
      id: 12,
      path: '/messages/12',
    });
    expect(tabForLocation('/disputes/4')?.key).toBe('case:4');
    expect(tabForLocation('/customers/87', '?account=3')?.path).toBe('/customers/87?account=3');
    for (const p of [
      '/messages',
      '/messages/outbox',
      '/disputes/new',
      '/customers',
      '/messages/0',
    ]) {
      expect(tabForLocation(p)).toBeNull();
    }
  });
});

describe('openTab / closeTab / cycleTab', () => {
  const a = tab('/messages/1');
  const b = tab('/disputes/2');
  const c = tab('/customers/3');

  it('opens each record once, in the order opened, refreshing its path', () => {
    expect(openTab(openTab([a], b), a)).toEqual([a, b]);
    const moved = tab('/customers/3?account=9');
    expect(openTab([a, c], moved)).toEqual([a, moved]);
  });

  it('keeps at most MAX_TABS, dropping the oldest', () => {
    let tabs: OpenTab[] = [];
    for (let i = 1; i <= MAX_TABS + 2; i++) tabs = openTab(tabs, tab(`/messages/${i}`));
    expect(tabs).toHaveLength(MAX_TABS);
    expect(tabs[0]?.id).toBe(3);
  });

  it('closing the tab in view goes right, else left, else to its list', () => {
    expect(closeTab([a, b, c], b.key, b.key)).toEqual({ tabs: [a, c], goTo: c.path });
    expect(closeTab([a, b, c], c.key, c.key)).toEqual({ tabs: [a, b], goTo: b.path });
    expect(closeTab([b], b.key, b.key)).toEqual({ tabs: [], goTo: '/disputes' });
    expect(closeTab([a, b], a.key, b.key)).toEqual({ tabs: [b], goTo: null });
    expect(closeTab([a], 'thread:99', a.key)).toEqual({ tabs: [a], goTo: null });
  });

  it('cycles forward and back, wrapping; from a list it starts at an end', () => {
    expect(cycleTab([a, b, c], a.key, 1)).toBe(b);
    expect(cycleTab([a, b, c], c.key, 1)).toBe(a);
    expect(cycleTab([a, b, c], a.key, -1)).toBe(c);
    expect(cycleTab([a, b, c], null, 1)).toBe(a);
    expect(cycleTab([a, b, c], null, -1)).toBe(c);
    expect(cycleTab([], null, 1)).toBeNull();
  });
});

describe('parseStoredTabs', () => {
  it('restores well-formed tabs and drops the rest', () => {
    const raw = JSON.stringify([
      { path: '/messages/1' },
      { path: '/admin/users' },
      { path: 5 },
      { path: '/messages/1' },
      { path: '/customers/3?account=9' },
    ]);
    expect(parseStoredTabs(raw).map((t) => t.path)).toEqual([
      '/messages/1',
      '/customers/3?account=9',
    ]);
    expect(parseStoredTabs('not json')).toEqual([]);
    expect(parseStoredTabs(null)).toEqual([]);
    expect(parseStoredTabs('{"a":1}')).toEqual([]);
  });
});
