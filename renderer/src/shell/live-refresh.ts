import type { Query, QueryClient } from '@tanstack/react-query';

/**
 * Refetches what a live change touched (all queries without a predicate), so that what is on
 * screen is read AFTER the change.
 *
 * `invalidateQueries` alone is not enough: a query still on its first load (no data yet) is
 * not refetched, react-query hands back the fetch already in flight, and that fetch may have
 * read the database before the change (a message that arrived while the queue was loading
 * stayed missing until the next poll, a minute later). Those first loads are cancelled first,
 * then everything matching is refetched. Only queries shown on screen (`active`) are cancelled:
 * an awaited `fetchQuery` (a download) is never cut.
 */
export async function refreshLive(
  queryClient: QueryClient,
  predicate: (query: Query) => boolean = () => true,
): Promise<void> {
  await queryClient.cancelQueries({
    type: 'active',
    fetchStatus: 'fetching',
    predicate: (q) => q.state.data === undefined && predicate(q),
  });
  await queryClient.invalidateQueries({ predicate });
}
