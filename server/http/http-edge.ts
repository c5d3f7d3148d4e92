import { createHash, timingSafeEqual } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyError, FastifyInstance } from 'fastify';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_COUNT } from '../messages/attachments.ts';
import type { AppDeps } from '../trpc/base.ts';
import { signInThrottle, throttleNow } from '../auth/throttle.ts';
import { englishOf, msg, type ServerMessage } from '../domain/shared/server-messages.ts';
import { httpErrorBody } from './error-reply.ts';

const SIGN_IN_URL = '/trpc/auth.login';

/**
 * What the HTTP host does at its edge, before any procedure runs: body-size limits, the shape
 * of every error that is not a procedure's own (clean JSON, never a stack or SQL), the launch
 * token check of embedded mode and the bind-address decision of web mode.
 */

const MB = 1024 * 1024;

/**
 * The most procedure calls one tRPC request may batch (tRPC refuses more with 400; the
 * renderer's batch link is set to the same, renderer/src/trpc.ts). Sign-in is never batched.
 */
export const MAX_BATCH_CALLS = 10;

/** Body limit of every route that does not declare its own (JSON forms, not files). */
export const DEFAULT_BODY_LIMIT = 1 * MB;

/** Base64 of `files` files of at most ATTACHMENT_MAX_BYTES, plus room for the text. */
function filesBudget(files: number): number {
  return Math.ceil(files * ATTACHMENT_MAX_BYTES * 1.37) + 64 * 1024;
}

/**
 * tRPC procedures that carry files or bulk data, and the most a legitimate call sends; every
 * other procedure is limited to DEFAULT_BODY_LIMIT.
 */
export const TRPC_BODY_LIMITS: Readonly<Record<string, number>> = {
  'messages.reply': filesBudget(ATTACHMENT_MAX_COUNT),
  'disputes.addDocument': filesBudget(1),
  // Up to 10,000 lockbox items of a few hundred characters each.
  'mailPayments.items.importItems': 16 * MB,
};

const TRPC_MAX_BODY = Math.max(DEFAULT_BODY_LIMIT, ...Object.values(TRPC_BODY_LIMITS));

/**
 * The body limit of a tRPC request for the procedure path in its URL (`a.b`, or `a.b,c.d`
 * for a batch: the sum, capped at the largest single limit).
 */
export function trpcBodyLimit(procedurePath: string): number {
  const procedures = procedurePath.split(',').filter(Boolean);
  if (procedures.length === 0) return DEFAULT_BODY_LIMIT;
  const sum = procedures.reduce((n, p) => n + (TRPC_BODY_LIMITS[p] ?? DEFAULT_BODY_LIMIT), 0);
  return Math.min(sum, TRPC_MAX_BODY);
}

function formatBytes(bytes: number): string {
  return bytes >= MB ? `${Math.round(bytes / MB)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** Methods whose requests Fastify never reads a body for. */
const BODYLESS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

class BodyTooLarge extends Error {
  readonly statusCode = 413;
  readonly code = 'FST_ERR_CTP_BODY_TOO_LARGE';
  readonly limit: number;
  constructor(limit: number) {
    super('Request body is too large');
    this.limit = limit;
  }
}

/**
 * Clean JSON for the errors the edge raises (Fastify's parser, limits, routing): a code, the
 * English `message`, and its key and parameters (`messageKey`, `messageParams`) for a screen
 * to show in the user's language.
 */
const EDGE_ERRORS: Record<string, { error: string; message: (limit: number) => ServerMessage }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    error: 'payload_too_large',
    message: (limit) => msg('common.requestTooLarge', { size: formatBytes(limit) }),
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    error: 'malformed_json',
    message: () => msg('common.malformedJson'),
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    error: 'malformed_json',
    message: () => msg('common.emptyJson'),
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    error: 'unsupported_media_type',
    message: () => msg('common.unsupportedMediaType'),
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    error: 'bad_request',
    message: () => msg('common.badContentLength'),
  },
};

function edgeError(error: string, message: ServerMessage) {
  return {
    error,
    message: englishOf(message),
    messageKey: message.key,
    messageParams: message.params,
  };
}

const STATUS_ERRORS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'timeout',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

/**
 * Registers the edge handling on a fresh Fastify instance (before any plugin or route, so
 * every route inherits it).
 */
export function registerEdgeHandling(
  app: FastifyInstance,
  deps: Pick<AppDeps, 'log' | 'db' | 'clock'>,
): void {
  // A sign-in from an address in backoff is answered here, before the body is read or tRPC
  // runs, and only after a hold (up to the backoff, at most a few seconds): a flood's
  // connections wait on a timer instead of taking turns on the event loop
  // (server/auth/throttle.ts).
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'POST' || !req.url.startsWith(SIGN_IN_URL)) return;
    const throttle = signInThrottle(deps);
    const waitMs = throttle.byAddress.waitMs(req.ip, throttleNow(deps));
    if (waitMs <= 0) return;
    let heldMs = 0;
    if (throttle.held < throttle.limits.edgeHoldMaxRequests) {
      throttle.held += 1;
      heldMs = throttle.limits.edgeHoldMaxMs;
      try {
        await sleep(heldMs);
      } finally {
        throttle.held -= 1;
      }
    }
    const seconds = Math.max(0, Math.ceil((waitMs - heldMs) / 1000));
    const { error } = httpErrorBody(
      'TOO_MANY_REQUESTS',
      msg('common.tooManySignIns', { seconds }),
      {
        path: 'auth.login',
        domainCode: 'LOCKED',
        detail: { retryAfterSeconds: seconds },
      },
    );
    await reply
      .code(429)
      .header('retry-after', String(seconds))
      .send(req.url.includes('batch=1') ? [{ error }] : { error });
  });

  // tRPC serves every procedure from one route: it gets the largest limit here and the
  // per-procedure one is enforced while the body streams in (preParsing below).
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/trpc/')) route.bodyLimit = TRPC_MAX_BODY;
  });

  app.addHook('preParsing', async (req, _reply, payload) => {
    // GET and HEAD carry no body Fastify would read (the queries: most requests).
    if (BODYLESS.has(req.method) || !req.url.startsWith('/trpc/')) return payload;
    const path = (req.params as { path?: string } | undefined)?.path ?? '';
    const limit = trpcBodyLimit(path);
    const declared = req.headers['content-length'];
    if (declared !== undefined) {
      // A declared length frames the body: Node's HTTP parser delivers no byte past it (and
      // Fastify refuses a body whose length differs), so only the declaration needs checking.
      if (Number(declared) > limit) throw new BodyTooLarge(limit);
      return payload;
    }
    // Chunked (no length declared): the bytes are counted as they stream in.
    let seen = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        seen += chunk.length;
        if (seen > limit) done(new BodyTooLarge(limit));
        else done(null, chunk);
      },
    });
    // Not stream.pipeline: on the error it destroys the request itself, and the connection can
    // go before the 413 is written (whether it does depended on a tick). The request is only
    // unpiped: Node's server discards what is left of it once the answer has gone out.
    const source = payload as Readable;
    source.on('error', (error) => counted.destroy(error));
    counted.on('error', () => source.unpipe(counted));
    source.pipe(counted);
    return counted;
  });

  app.setErrorHandler((error: FastifyError & { limit?: number }, req, reply) => {
    const status =
      typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600
        ? error.statusCode
        : 500;
    if (status >= 500) {
      deps.log(`${req.method} ${req.url.split('?')[0]} failed`, error);
      return reply.code(status).send(edgeError('failed', msg('common.requestFailed')));
    }
    const known = EDGE_ERRORS[error.code];
    const limit = error.limit ?? req.routeOptions.bodyLimit ?? DEFAULT_BODY_LIMIT;
    return reply
      .code(status)
      .send(
        edgeError(
          known?.error ?? STATUS_ERRORS[status] ?? 'bad_request',
          known?.message(limit) ?? msg('common.unreadable'),
        ),
      );
  });
}

/** Whether a presented launch token is the expected one (constant time; arrays refused). */
export function launchTokenAccepted(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string' || presented.length === 0) return false;
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|localhost|::ffff:127(\.\d{1,3}){3})$/i;

/**
 * The address web mode listens on: `--host`, else `CIC_HOST`, else loopback. Anything else is
 * an explicit decision, reported as `exposed` (the server warns: put TLS in front of it).
 */
export function bindHost(
  cliHost: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): { host: string; exposed: boolean } {
  const host = cliHost?.trim() || env.CIC_HOST?.trim() || '127.0.0.1';
  return { host, exposed: !LOOPBACK.test(host) };
}
