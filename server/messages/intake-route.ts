import { createHash, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { appendAudit } from '../../db/repositories/audit.ts';
import { findAttachment } from '../../db/repositories/messages.ts';
import { resolveSession, SESSION_COOKIE } from '../trpc/context.ts';
import { DomainError, msg } from '../domain/errors.ts';
import type { AppDeps } from '../trpc/base.ts';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_MAX_COUNT,
  attachmentPath,
  attachmentsRoot,
  checkAttachments,
  storeAttachments,
} from './attachments.ts';
import { loadMessagingConfig } from './config.ts';
import { receiveCustomerMessage } from './receive-customer-message.ts';

/**
 * Plain-HTTP routes of the messages area:
 *
 * - `POST /api/portal/messages` — the customer portal's intake (API key, JSON). See
 *   docs/portal-intake.md for the contract and an example.
 * - `GET /api/messages/attachments/:id` — an attachment, to signed-in staff only.
 */
export const TRAINING_PORTAL_KEY = 'training-portal-key';

const intakeSchema = z.strictObject({
  customerId: z.number().int().positive(),
  accountNumber: z
    .string()
    .regex(/^\d{10}$/, '10 digits')
    .optional(),
  topic: z.string().min(1).max(60).optional(),
  threadId: z.number().int().positive().optional(),
  text: z.string().trim().min(1, 'Write a message').max(10_000, 'At most 10,000 characters'),
  attachments: z
    .array(
      z.strictObject({ filename: z.string().min(1).max(255), contentBase64: z.string().min(1) }),
    )
    .max(ATTACHMENT_MAX_COUNT)
    .default([]),
});

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Keys the portal may present: CIC_PORTAL_API_KEYS (comma-separated), plus the training key in a training database. */
export function portalKeys(
  deps: Pick<AppDeps, 'databaseKind'>,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const keys = (env.CIC_PORTAL_API_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k.length >= 16);
  if (deps.databaseKind === 'training') keys.push(TRAINING_PORTAL_KEY);
  return keys;
}

/** Constant-time check of a presented key against every configured one. */
export function keyAccepted(presented: string | undefined, keys: readonly string[]): boolean {
  if (!presented) return false;
  const p = digest(presented);
  let ok = false;
  for (const k of keys) ok = timingSafeEqual(p, digest(k)) || ok;
  return ok;
}

const STATUS: Record<DomainError['code'], number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  LOCKED: 429,
  PRECONDITION: 412,
};

function sendError(
  reply: FastifyReply,
  status: number,
  error: string,
  message: string,
  fields?: Record<string, string>,
) {
  return reply.code(status).send({ error, message, ...(fields ? { fields } : {}) });
}

export async function registerMessageRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post(
    '/api/portal/messages',
    // Five attachments of 10 MB in base64, plus the text.
    { bodyLimit: Math.ceil(ATTACHMENT_MAX_COUNT * ATTACHMENT_MAX_BYTES * 1.37) + 64 * 1024 },
    async (req, reply) => {
      const header =
        req.headers['x-portal-key'] ?? req.headers.authorization?.replace(/^Bearer\s+/i, '');
      if (!keyAccepted(typeof header === 'string' ? header : undefined, portalKeys(deps))) {
        return sendError(
          reply,
          401,
          'unauthorized',
          'A valid portal API key is required (header X-Portal-Key).',
        );
      }
      const parsed = intakeSchema.safeParse(req.body);
      if (!parsed.success) {
        const fields = Object.fromEntries(
          parsed.error.issues.map((i) => [i.path.join('.') || '_', i.message]),
        );
        return sendError(reply, 400, 'invalid', 'Some fields are not valid.', fields);
      }
      const input = parsed.data;
      if (input.threadId === undefined && (!input.topic || !input.accountNumber)) {
        return sendError(
          reply,
          400,
          'invalid',
          'A new message needs a topic and an account number.',
          {
            ...(input.topic ? {} : { topic: 'Required for a new message' }),
            ...(input.accountNumber ? {} : { accountNumber: 'Required for a new message' }),
          },
        );
      }
      try {
        // Every file is checked before anything is written; a bad one refuses the whole message.
        const checked = await checkAttachments(
          input.attachments.map((a) => ({
            filename: a.filename,
            data: Buffer.from(a.contentBase64, 'base64'),
          })),
        );
        const now = deps.clock.now();
        const result = await deps.db.transaction().execute(async (trx) => {
          const cfg = await loadMessagingConfig(trx);
          let accountId: number | null = null;
          if (input.accountNumber) {
            const account = await trx
              .selectFrom('accounts')
              .select('id')
              .where('account_number', '=', input.accountNumber)
              .executeTakeFirst();
            if (!account) {
              throw new DomainError('VALIDATION', msg('messages.notCustomersAccount'), {
                fields: { accountNumber: msg('fields.notCustomersAccount') },
              });
            }
            accountId = account.id;
          }
          const received = await receiveCustomerMessage(trx, cfg, now, {
            customerId: input.customerId,
            accountId,
            topic: input.topic ?? null,
            threadId: input.threadId ?? null,
            text: input.text,
            attachments: checked.map(({ data: _data, ...meta }) => meta),
          });
          await appendAudit(
            trx,
            { id: null, username: 'portal', address: req.ip },
            now.toISOString(),
            {
              action: received.created ? 'message.thread.receive' : 'message.reply.receive',
              entityType: 'message_thread',
              entityId: received.threadId,
              after: {
                messageId: received.messageId,
                topic: input.topic ?? null,
                attachments: checked.map((c) => ({ name: c.filename, sha256: c.sha256 })),
              },
            },
          );
          // Written inside the transaction: a failed write rolls the message back too.
          storeAttachments(attachmentsRoot(deps.dataDir), checked);
          return received;
        });
        deps.events.emit('changed', { area: 'messages', id: result.threadId });
        return reply.code(201).send({
          threadId: result.threadId,
          messageId: result.messageId,
          reference: `SM-${result.threadId}`,
          receivedAt: now.toISOString(),
        });
      } catch (error) {
        if (error instanceof DomainError) {
          return sendError(
            reply,
            STATUS[error.code],
            error.code.toLowerCase(),
            error.message,
            error.fields,
          );
        }
        deps.log('portal intake failed', error);
        return sendError(
          reply,
          500,
          'failed',
          'The message could not be received. Nothing was stored; please try again.',
        );
      }
    },
  );

  app.get<{ Params: { id: string } }>('/api/messages/attachments/:id', async (req, reply) => {
    const session = await resolveSession(deps, req.cookies[SESSION_COOKIE], deps.clock.now());
    if (!session) return sendError(reply, 401, 'unauthorized', 'Sign in to open attachments.');
    const id = Number(req.params.id);
    const file = Number.isSafeInteger(id) && id > 0 ? await findAttachment(deps.db, id) : null;
    const path = file ? attachmentPath(attachmentsRoot(deps.dataDir), file.sha256) : null;
    if (!file || !path || !existsSync(path))
      return sendError(reply, 404, 'not_found', 'No such attachment.');
    const inline = req.query && (req.query as Record<string, string>).inline === '1';
    return reply
      .header('content-type', file.mimeType)
      .header('x-content-type-options', 'nosniff')
      .header(
        'content-security-policy',
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      )
      .header(
        'content-disposition',
        `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      )
      .send(createReadStream(path));
  });
}
