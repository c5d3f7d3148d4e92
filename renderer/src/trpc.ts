import { QueryClient } from '@tanstack/react-query';
import {
  createTRPCClient,
  httpBatchLink,
  httpLink,
  httpSubscriptionLink,
  splitLink,
  TRPCClientError,
} from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../server/router.ts';
import {
  serverMessageText,
  translateMessage,
  type ServerMessage,
} from '../../server/domain/shared/server-messages.ts';
import i18n from './i18n.ts';
import { bidiLink } from './bidi.ts';

export type { AppRouter };

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** Set by the Electron preload (embedded/connected desktop); absent in a plain browser. */
interface DesktopBridge {
  serverUrl?: string;
  launchToken?: string;
}
const bridge = (globalThis as { cicDesk?: DesktopBridge }).cicDesk;
const base = bridge?.serverUrl ? bridge.serverUrl.replace(/\/$/, '') : '';
const launchHeaders: Record<string, string> = bridge?.launchToken
  ? { 'x-cic-launch-token': bridge.launchToken }
  : {};

/** A plain-HTTP route of the desk server (letter PDFs, exports), with the desk's credentials. */
export function serverFetch(path: string): Promise<Response> {
  return fetch(`${base}${path}`, { credentials: 'include', headers: launchHeaders });
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => {
          // Business errors (404, 403, validation) do not get better by asking again.
          if (
            error instanceof TRPCClientError &&
            error.data?.httpStatus &&
            error.data.httpStatus < 500
          ) {
            return false;
          }
          return count < 2;
        },
      },
    },
  });
}

/** The server refuses batches of more calls (server/http-edge.ts MAX_BATCH_CALLS). */
const MAX_BATCH_CALLS = 10;

export function makeTrpcClient() {
  const http = {
    url: `${base}/trpc`,
    headers: () => launchHeaders,
    fetch: (url: URL | RequestInfo, options?: RequestInit) =>
      fetch(url, { ...options, credentials: 'include' }),
  };
  return createTRPCClient<AppRouter>({
    links: [
      bidiLink,
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: `${base}/trpc` }),
        // Sign-in travels alone: the server refuses it inside a batch.
        false: splitLink({
          condition: (op) => op.path === 'auth.login',
          true: httpLink(http),
          false: httpBatchLink({ ...http, maxItems: MAX_BATCH_CALLS }),
        }),
      }),
    ],
  });
}

/** The renderer's i18next, as the shared server-message helpers take it. */
export const translator = {
  exists: (key: string) => i18n.exists(key),
  t: (key: string, params: Record<string, unknown>) => i18n.t(key, params),
};

/**
 * The message to show for any failed call, in the user's language: the server sends a message
 * key with parameters (server/domain/shared/locales/<lang>/server.json); a message it sends as plain text (not
 * converted yet) is shown as it is; an offline notice when the server cannot be reached.
 */
export function errorMessage(error: unknown, offlineText: string): string {
  if (error instanceof TRPCClientError) {
    if (!error.data && /fetch|network/i.test(error.message)) return offlineText;
    return serverMessageText(
      error.message,
      error.data as Parameters<typeof serverMessageText>[1],
      translator,
    );
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Field-level errors (`{ field: message }`) from a failed mutation, for forms, in the user's
 * language: the keyed ones (`fieldKeys`, zod's and the server's) translated, else the text sent.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (error instanceof TRPCClientError) {
    const data = error.data as
      | {
          fields?: Record<string, string> | null;
          fieldKeys?: Record<string, ServerMessage> | null;
        }
      | undefined;
    const fields = { ...data?.fields };
    for (const [field, message] of Object.entries(data?.fieldKeys ?? {})) {
      fields[field] = translateMessage(message, translator) ?? fields[field] ?? message.key;
    }
    return fields;
  }
  return {};
}

import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type SignedInUser = NonNullable<RouterOutputs['auth']['me']>;
export type Role = SignedInUser['role'];
