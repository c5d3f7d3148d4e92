import {
  englishOf,
  type MessageParams,
  type ServerMessage,
  type ServerMessageKey,
} from './shared/server-messages.ts';

export { msg, englishOf, type ServerMessage, type UserText } from './shared/server-messages.ts';

/**
 * Domain errors: the only errors a router lets reach the UI. The tRPC layer maps each `code`
 * to a tRPC error code in one place (server/trpc/base.ts); anything else becomes a generic
 * INTERNAL_SERVER_ERROR with no SQL or stack in the message.
 */
export type DomainErrorCode =
  | 'VALIDATION' // input is well-formed but breaks a business rule
  | 'NOT_FOUND'
  | 'CONFLICT' // stale version, duplicate, already done
  | 'FORBIDDEN' // signed in but not allowed
  | 'UNAUTHENTICATED'
  | 'LOCKED' // account or verification locked
  | 'PRECONDITION'; // a gate: the step cannot happen yet

export interface DomainErrorOptions {
  /** Field-level messages, keyed by input field path, for forms (`msg(…)` only). */
  fields?: Record<string, ServerMessage>;
  /**
   * Keep the writes made before the error (e.g. a failed-login counter). Without it the
   * mutation's transaction rolls back and the database is exactly as it was.
   */
  commit?: boolean;
  /** Extra machine-readable detail for the UI (e.g. the newer version of a thread). */
  detail?: unknown;
}

/**
 * `message` is a translatable message (`msg('messages.threadTaken', { owner })`, keys in
 * server/domain/shared/locales/<lang>/server.json): the screen shows it in the user's language
 * and `message` holds its English for logs. Plain text is refused by the types: what a user
 * reads is always a key of the catalogue, with its French.
 */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  /** Field-level messages in English (logs, tests); `fieldMessages` holds the keyed ones. */
  readonly fields: Record<string, string> | undefined;
  readonly fieldMessages: Record<string, ServerMessage> | undefined;
  readonly commit: boolean;
  readonly detail: unknown;
  /** The message's key in the `server` catalogue. */
  readonly messageKey: ServerMessageKey;
  readonly messageParams: MessageParams;

  constructor(code: DomainErrorCode, message: ServerMessage, options: DomainErrorOptions = {}) {
    super(englishOf(message));
    this.messageKey = message.key;
    this.messageParams = message.params;
    this.name = 'DomainError';
    this.code = code;
    this.fields = options.fields
      ? Object.fromEntries(Object.entries(options.fields).map(([k, v]) => [k, englishOf(v)]))
      : undefined;
    this.fieldMessages =
      options.fields && Object.keys(options.fields).length > 0 ? options.fields : undefined;
    this.commit = options.commit ?? false;
    this.detail = options.detail;
  }
}

/** Throws a VALIDATION DomainError unless `condition` holds. */
export function ensure(
  condition: unknown,
  message: ServerMessage,
  field?: string,
): asserts condition {
  if (!condition) {
    throw new DomainError('VALIDATION', message, field ? { fields: { [field]: message } } : {});
  }
}
