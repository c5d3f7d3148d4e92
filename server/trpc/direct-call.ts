/**
 * The common tRPC calls answered without the Fetch API round trip (issue 20).
 *
 * tRPC's HTTP adapters turn every request into a Fetch `Request` (URL, Headers, AbortController)
 * and every answer into a `Response` whose body is a web stream that fastify then pipes back to
 * the socket. For the desk's calls — a query (GET) or a mutation (POST, JSON body), alone or in a
 * non-streaming batch — that machinery cost ≈ 0.2–0.4 ms of CPU per request at the large scale,
 * ten times the procedure call itself (`auth.me`: 0.03 ms through a caller, 0.29–0.48 ms over
 * `app.inject`). This runs the same procedures with the same context, error formatter,
 * `onError`, status codes and body as tRPC's `resolveResponse` (non-streaming branch, tRPC
 * 11.22), using tRPC's own helpers for the error shape, status and transformer.
 *
 * Anything else — a subscription, a streaming (`jsonl`) batch, a method that does not match the
 * procedure, an unknown procedure, an input that is not JSON, another content type, a URL-encoded
 * path, connection params — returns `null` BEFORE anything runs, and the caller hands the request
 * to tRPC's own handler, which answers it exactly as before (including its lazy input errors).
 */
import type { AnyTRPCProcedure, AnyTRPCRouter } from '@trpc/server';
import {
  getErrorShape,
  getHTTPStatusCode,
  getTRPCErrorFromUnknown,
  transformTRPCResponse,
  TRPCError,
} from '@trpc/server/unstable-core-do-not-import';

export interface DirectRequest {
  method: string;
  /** What follows the endpoint: `area.proc`, or `a.b,c.d` with `batch=1`. */
  path: string;
  /** The `batch` query parameter. */
  batch: string | undefined;
  /** The `input` query parameter (GET). */
  input: string | undefined;
  /** True when the query string carries anything but `batch` and `input`. */
  otherParams: boolean;
  /** The raw JSON text of a POST body. */
  body: string | undefined;
  contentType: string | undefined;
  accept: string | undefined;
  trpcAccept: string | undefined;
}

export interface DirectAnswer {
  status: number;
  /** Headers tRPC sets on such an answer. */
  headers: Record<string, string>;
  body: string;
}

export interface DirectOptions<Ctx> {
  router: AnyTRPCRouter;
  maxBatchSize: number;
  createContext: (callCount: number) => Promise<Ctx>;
  onError?: (opts: {
    error: TRPCError;
    path: string;
    input: unknown;
    ctx: Ctx | undefined;
    type: 'query' | 'mutation';
  }) => void;
}

const ANSWER_HEADERS = { vary: 'trpc-accept, accept', 'content-type': 'application/json' };

function isJsonContentType(contentType: string | undefined): boolean {
  return contentType?.toLowerCase().split(';', 1)[0]?.trim() === 'application/json';
}

function isStreamLike(value: unknown): boolean {
  return (
    value instanceof ReadableStream ||
    (typeof value === 'object' && value !== null && Symbol.asyncIterator in value)
  );
}

/** The procedures of a request, or null when tRPC's own handler must answer it. */
function plan(router: AnyTRPCRouter, req: DirectRequest, maxBatchSize: number) {
  if (req.method !== 'GET' && req.method !== 'POST') return null;
  if (req.otherParams || req.trpcAccept !== undefined) return null;
  if (req.accept?.split(',').some((t) => t.trim() === 'application/jsonl')) return null;
  if (req.method === 'POST' && !isJsonContentType(req.contentType)) return null;
  if (req.path.includes('%')) return null;
  const isBatch = req.batch === '1';
  const paths = isBatch ? req.path.split(',') : [req.path];
  if (paths.length > maxBatchSize) return null;
  const type = req.method === 'GET' ? 'query' : 'mutation';
  const procedures = router._def.procedures as Record<string, AnyTRPCProcedure | undefined>;
  const calls: Array<{ path: string; procedure: AnyTRPCProcedure }> = [];
  for (const path of paths) {
    const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
    if (!procedure || procedure._def.type !== type) return null;
    calls.push({ path, procedure });
  }
  // Inputs are parsed now (tRPC parses them lazily, inside the procedure): one that is not JSON
  // goes to tRPC, which fails it at the same point as before.
  const text = req.method === 'GET' ? req.input : req.body;
  let parsed: unknown;
  if (req.method === 'GET' && !text) parsed = undefined;
  else {
    try {
      parsed = JSON.parse(text ?? '');
    } catch {
      return null;
    }
  }
  const deserialize = (v: unknown) =>
    (router._def._config.transformer.input.deserialize as (x: unknown) => unknown)(v);
  const inputs: unknown[] = [];
  if (parsed !== undefined) {
    if (!isBatch) inputs[0] = deserialize(parsed);
    else {
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
      const byIndex = parsed as Record<string, unknown>;
      paths.forEach((_, i) => {
        if (byIndex[i] !== undefined) inputs[i] = deserialize(byIndex[i]);
      });
    }
  }
  return { isBatch, type, calls, inputs } as const;
}

/**
 * Answers a tRPC query or mutation request, or returns null (before running anything) when it
 * is not one this path handles: then hand it to tRPC's adapter.
 */
export async function answerDirect<Ctx>(
  req: DirectRequest,
  opts: DirectOptions<Ctx>,
): Promise<DirectAnswer | null> {
  const p = plan(opts.router, req, opts.maxBatchSize);
  if (!p) return null;
  const config = opts.router._def._config;
  let ctx: Ctx | undefined;
  let ctxError: TRPCError | undefined;
  try {
    ctx = await opts.createContext(p.calls.length);
  } catch (cause) {
    ctxError = getTRPCErrorFromUnknown(cause);
  }
  // As tRPC's memoised inputs: once any call has read them, every call's error carries its input.
  let read = false;
  const items = await Promise.all(
    p.calls.map(async ({ path, procedure }, batchIndex) => {
      try {
        if (ctxError) throw ctxError;
        const data: unknown = await procedure({
          path,
          getRawInput: async () => {
            read = true;
            return p.inputs[batchIndex];
          },
          ctx,
          type: p.type,
          signal: undefined,
          batchIndex,
        });
        if (isStreamLike(data)) {
          throw new TRPCError({
            code: 'UNSUPPORTED_MEDIA_TYPE',
            message:
              'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
          });
        }
        return { result: { data } };
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        const input = read ? p.inputs[batchIndex] : undefined;
        opts.onError?.({ error, path, input, ctx, type: p.type });
        return { error: getErrorShape({ config, ctx, error, input, path, type: p.type }) };
      }
    }),
  );
  const untransformed = p.isBatch ? items : items[0]!;
  return {
    status: getHTTPStatusCode(untransformed),
    headers: ANSWER_HEADERS,
    body: JSON.stringify(transformTRPCResponse(config, untransformed)),
  };
}
