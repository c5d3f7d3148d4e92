import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { refreshLive } from '../../renderer/src/shell/live-refresh.ts';

/**
 * A live change announced while a screen's first load is still in flight: the load may have read
 * the "database" before the change, so the refresh must read again (react-query's
 * invalidateQueries alone hands back the fetch in flight for a query without data).
 */
function server() {
  let version = 0;
  const gates: Array<() => void> = [];
  return {
    change: () => void (version += 1),
    /** Reads now, answers when released (a slow first load). */
    read: async () => {
      const seen = version;
      await new Promise<void>((release) => gates.push(release));
      return seen;
    },
    releaseAll: () => gates.splice(0).forEach((release) => release()),
    get waiting() {
      return gates.length;
    },
  };
}

function screen(client: QueryClient, key: string, read: () => Promise<number>) {
  const observer = new QueryObserver(client, { queryKey: [[key, 'list']], queryFn: read });
  const unsubscribe = observer.subscribe(() => {});
  return { data: () => observer.getCurrentResult().data, unsubscribe };
}

describe('refreshLive', () => {
  it('reads again after a change that came while the first load was in flight', async () => {
    const db = server();
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const queue = screen(client, 'messages', db.read);
    await vi.waitFor(() => expect(db.waiting).toBe(1)); // the first load has read version 0
    db.change();
    const refreshed = refreshLive(client, (q) => (q.queryKey[0] as string[])[0] === 'messages');
    await vi.waitFor(() => expect(db.waiting).toBe(2)); // a second read, after the change
    db.releaseAll();
    await refreshed;
    await vi.waitFor(() => expect(queue.data()).toBe(1));
    queue.unsubscribe();
  });

  it('leaves other areas and awaited downloads alone', async () => {
    const db = server();
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const other = screen(client, 'disputes', db.read);
    const download = client.fetchQuery({ queryKey: [['messages', 'csv']], queryFn: db.read });
    await vi.waitFor(() => expect(db.waiting).toBe(2));
    await refreshLive(client, (q) => (q.queryKey[0] as string[])[0] === 'messages');
    expect(db.waiting).toBe(2); // nothing cancelled, nothing read again
    db.releaseAll();
    await expect(download).resolves.toBe(0);
    await vi.waitFor(() => expect(other.data()).toBe(0));
    other.unsubscribe();
  });
});
