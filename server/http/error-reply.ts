import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import type { FastifyReply } from 'fastify';
import { englishOf, type ServerMessage } from '../domain/shared/server-messages.ts';

/**
 * A plain-HTTP route's error (a letter PDF, a CSV or zip export, the edge's refusals) in the
 * shape of a tRPC error: `{ error: { message, code, data: { code, httpStatus, messageKey,
 * messageParams, … } } }`. `message` is the English (logs, a client without the catalogue); the
 * renderer shows `messageKey` with `messageParams` in the user's language, as for tRPC errors.
 */
export function httpErrorBody(
  code: TRPC_ERROR_CODE_KEY,
  message: ServerMessage,
  extra: { path?: string; domainCode?: string; detail?: unknown } = {},
) {
  return {
    error: {
      message: englishOf(message),
      code: TRPC_ERROR_CODES_BY_KEY[code],
      data: {
        code,
        httpStatus: getHTTPStatusCodeFromError(new TRPCError({ code })),
        path: extra.path ?? null,
        messageKey: message.key,
        messageParams: message.params,
        domainCode: extra.domainCode ?? null,
        fields: null,
        fieldKeys: null,
        detail: extra.detail ?? null,
      },
    },
  };
}

/** Sends {@link httpErrorBody} with its HTTP status. */
export function replyError(
  reply: FastifyReply,
  code: TRPC_ERROR_CODE_KEY,
  message: ServerMessage,
  extra?: Parameters<typeof httpErrorBody>[2],
): FastifyReply {
  const body = httpErrorBody(code, message, extra);
  return reply.code(body.error.data.httpStatus).send(body);
}
