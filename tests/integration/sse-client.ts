/**
 * A tRPC subscription over HTTP (server-sent events), read the way the renderer's EventSource
 * does: `GET /trpc/<path>?input=…` with the session cookie; every `data:` block without an
 * `event:` is a yielded value. Used by the multi-instance tests.
 */
export function subscribe(base: string, proc: string, cookie: string, input?: unknown) {
  const abort = new AbortController();
  const received: Array<{ at: number; data: unknown }> = [];
  const waiters: Array<() => void> = [];
  let connected: () => void = () => {};
  const ready = new Promise<void>((resolve) => (connected = resolve));
  const done = (async () => {
    const url = `${base}/trpc/${proc}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;
    const res = await fetch(url, {
      headers: { cookie, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    if (res.status !== 200 || !res.body) throw new Error(`subscription ${proc}: ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = new Map<string, string>();
        for (const line of block.split('\n')) {
          const colon = line.indexOf(':');
          if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
        }
        if (fields.get('event') === 'connected') connected();
        if (!fields.has('event') && fields.has('data')) {
          received.push({ at: performance.now(), data: JSON.parse(fields.get('data')!) });
          for (const w of waiters.splice(0)) w();
        }
      }
    }
  })().catch((e: unknown) => {
    if (!abort.signal.aborted) throw e;
  });
  return {
    received,
    ready,
    /** Resolves with the first payload (from index `from` on) that matches, or rejects. */
    async next(
      match: (data: unknown) => boolean,
      from: number,
      timeoutMs: number,
    ): Promise<{ at: number; data: unknown; index: number }> {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const index = received.findIndex((r, i) => i >= from && match(r.data));
        if (index >= 0) return { ...received[index]!, index };
        const left = deadline - performance.now();
        if (left <= 0) throw new Error(`${proc}: nothing matching within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          // eslint-disable-next-line no-restricted-syntax -- the deadline of a wait that the next event ends early
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: async () => {
      abort.abort();
      await done;
    },
  };
}
