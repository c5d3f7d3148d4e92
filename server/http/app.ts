import { noteStorageError, storageStatus } from '../ops/storage-health.ts';
import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import fastifyStatic from '@fastify/static';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { LATEST_MIGRATION } from '../../db/migrations/index.ts';
import { createContext, SESSION_COOKIE } from '../trpc/context.ts';
import { httpLoggerOptions } from '../ops/logging.ts';
import {
  DEFAULT_BODY_LIMIT,
  launchTokenAccepted,
  MAX_BATCH_CALLS,
  registerEdgeHandling,
} from './http-edge.ts';
import { registerMessageRoutes } from '../messages/intake-route.ts';
import { parseTrustProxy, secureCookieFor, type TrustProxy } from './proxy.ts';
import { registerDisputeRoutes } from '../disputes/http-routes.ts';
import { appRouter, type AppRouter } from '../router.ts';
import type { AppDeps } from '../trpc/base.ts';
import type { ReadWorkers } from './read-workers.ts';
import { APP_VERSION } from '../ops/version.ts';
import { msg } from '../domain/shared/server-messages.ts';
import { replyError } from './error-reply.ts';

export const LAUNCH_COOKIE = 'cic_launch';
export const LAUNCH_HEADER = 'x-cic-launch-token';

export interface HttpAppOptions {
  /** Built renderer to serve (web mode and embedded desktop mode). */
  staticDir?: string | null;
  /** Embedded desktop mode: every request must carry this per-launch token. */
  launchToken?: string | null;
  logger?: boolean;
  /** Reverse proxies whose X-Forwarded-* headers count (default: env CIC_TRUST_PROXY). */
  trustProxy?: TrustProxy;
  /** Reader threads that answer signed-in queries (server/http/read-workers.ts). */
  readers?: ReadWorkers | null;
}

/**
 * Helmet's middleware, configured once: @fastify/helmet called `helmet(config)` again on every
 * request, parsing the CSP directives each time (≈ 3 % of a request's CPU).
 */
const SECURITY_HEADERS = helmet({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
  crossOriginEmbedderPolicy: false,
});

/**
 * The one HTTP host: tRPC (batching + SSE subscriptions) at /trpc, GET /healthz, and the built
 * renderer with SPA fallback. Workflow areas that need plain HTTP (the customer-portal intake)
 * register their routes through `registerHttpRoutes` below.
 */
export async function buildHttpApp(
  deps: AppDeps,
  options: HttpAppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? httpLoggerOptions : false,
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: DEFAULT_BODY_LIMIT,
    trustProxy: options.trustProxy ?? parseTrustProxy(process.env.CIC_TRUST_PROXY),
  });
  registerEdgeHandling(app, deps);
  await app.register(cookie);
  // The security headers of every response (tests/integration/http-surface.test.ts pins them).
  app.addHook('onRequest', (req, reply, done) =>
    // Helmet passes an Error or nothing (only a directive computed per request can fail).
    SECURITY_HEADERS(req.raw, reply.raw, (error) => done(error as Error | undefined)),
  );

  if (options.launchToken) {
    const token = options.launchToken;
    app.addHook('onRequest', async (req, reply) => {
      const presented = req.headers[LAUNCH_HEADER] ?? req.cookies[LAUNCH_COOKIE];
      if (!launchTokenAccepted(presented, token)) {
        await replyError(reply, 'FORBIDDEN', msg('common.launchTokenRefused'));
      }
    });
  }

  // After the edge checks, cookies, security headers and the launch token: a signed-in query is
  // answered by a reader thread; everything else goes on to the routes below.
  const readers = options.readers;
  if (readers) {
    app.addHook('onRequest', async (req, reply) => {
      if (!readers.serves(req.method, req.url, req.headers)) return;
      const answer = await readers.dispatch(req.url, req.ip, req.headers);
      const { body } = answer;
      return reply
        .code(answer.status)
        .headers(answer.headers)
        .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    });
  }

  app.get('/healthz', async () => ({
    status: 'ok',
    version: APP_VERSION,
    schemaVersion: LATEST_MIGRATION,
    databaseKind: deps.databaseKind,
    now: deps.clock.now().toISOString(),
    // Reads still work on a full disk; the renderer shows staff a banner (DISK_FULL).
    storage: storageStatus(deps),
  }));

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      // A batch carries at most this many calls (400 past it; the renderer's link sends fewer).
      maxBatchSize: MAX_BATCH_CALLS,
      createContext: ({ req, res, info }) =>
        createContext({
          deps,
          sessionToken: req.cookies[SESSION_COOKIE],
          ip: req.ip,
          callsInRequest: info.calls.length,
          setSessionToken: (value) => {
            if (value) {
              void res.setCookie(SESSION_COOKIE, value, {
                httpOnly: true,
                sameSite: 'strict',
                path: '/',
                secure: secureCookieFor(req.protocol),
              });
            } else {
              void res.clearCookie(SESSION_COOKIE, { path: '/' });
            }
          },
        }),
      onError: ({ error, path }) => {
        if (error.code !== 'INTERNAL_SERVER_ERROR') return;
        if (!noteStorageError(deps, error.cause ?? error, `tRPC ${path ?? '?'}`))
          deps.log(`tRPC ${path ?? '?'} failed`, error.cause ?? error);
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  await registerHttpRoutes(app, deps);

  if (options.staticDir && existsSync(options.staticDir)) {
    await app.register(fastifyStatic, { root: options.staticDir, index: ['index.html'] });
    app.setNotFoundHandler(async (req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/trpc') && !req.url.startsWith('/api')) {
        return reply.type('text/html').sendFile('index.html');
      }
      return replyError(reply, 'NOT_FOUND', msg('common.notFound'));
    });
  } else {
    app.get('/', async (_req, reply) =>
      reply
        .type('text/html')
        .send(
          '<!doctype html><title>CIC Desk</title><p>The UI is not built. Run <code>npm run build:renderer</code>.</p>',
        ),
    );
    // Fastify's own 404 is English only ("Route GET:/x not found"): the keyed one instead.
    app.setNotFoundHandler(async (_req, reply) =>
      replyError(reply, 'NOT_FOUND', msg('common.notFound')),
    );
  }
  return app;
}

/** Plain-HTTP routes of workflow areas (each area adds one line). */
async function registerHttpRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await registerMessageRoutes(app, deps);
  await registerDisputeRoutes(app, deps);
}
