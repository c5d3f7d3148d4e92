import { useCallback, useState } from 'react';

/**
 * A fresh idempotency key (server/trpc/idempotency.ts): one per user action, sent with every try of
 * that action, so a retry after a lost answer replays the first result instead of doing it twice.
 *
 * @example
 * post.mutate({ batchId, idempotencyKey: newRequestKey() }); // only for a one-off action
 */
export function newRequestKey(): string {
  // randomUUID exists only in secure contexts; plain http to a central server is not one.
  const secure = crypto as Partial<Pick<Crypto, 'randomUUID'>>;
  if (secure.randomUUID) return secure.randomUUID.call(crypto);
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A key made when the form mounts, kept across retries, and renewed once the action succeeded
 * (so the next action is a new request).
 *
 * @example
 * const [replyKey, renewReplyKey] = useRequestKey();
 * reply.mutate({ ...input, idempotencyKey: replyKey }, { onSuccess: renewReplyKey });
 */
export function useRequestKey(): [key: string, renew: () => void] {
  const [key, setKey] = useState(newRequestKey);
  const renew = useCallback(() => setKey(newRequestKey()), []);
  return [key, renew];
}
