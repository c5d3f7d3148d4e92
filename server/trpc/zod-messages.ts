import { z, type ZodError } from 'zod';
import {
  englishOf,
  msg,
  type ServerMessage,
  type ServerMessageKey,
} from '../domain/shared/server-messages.ts';
import en from '../domain/shared/locales/en/server.json' with { type: 'json' };

/**
 * zod's field errors in the user's language. A schema's own message is a catalogue key
 * (`.min(1, fieldKey('fields.enterUsername'))`); zod's standard messages become
 * `zod.<code>` keys with the issue's numbers, so the screen says "Trop court…" in French.
 * A message that is neither (plain English in a schema not converted yet) stays as it is.
 */

/** A schema's custom message, as a key of the `server` catalogue (`fields.…`). */
export { fieldKey } from '../domain/shared/server-messages.ts';

function isCatalogueKey(text: string): text is ServerMessageKey {
  if (!/^[a-z][\w]*\.[\w.]+$/i.test(text)) return false;
  let node: unknown = en;
  for (const part of text.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === 'string';
}

type Issue = z.core.$ZodIssue;
const standard = z.locales.en().localeError;

function isStandardMessage(issue: Issue): boolean {
  // invalid_type's standard text names the received type, which needs the (unreported) input.
  if (issue.code === 'invalid_type') return issue.message.startsWith('Invalid input: expected ');
  const text = standard(issue as never);
  return (typeof text === 'string' ? text : text?.message) === issue.message;
}

const SIZED = new Set(['string', 'array', 'set', 'file', 'map']);

/** The keyed form of a standard zod issue (the codes a form can meet). */
function standardMessage(issue: Issue): ServerMessage {
  switch (issue.code) {
    case 'too_small': {
      const sized = SIZED.has(issue.origin) ? issue.origin : 'number';
      if (sized === 'string' && Number(issue.minimum) === 1) return msg('zod.required');
      return msg(
        `zod.tooSmall.${sized === 'string' ? 'string' : sized === 'number' ? 'number' : 'items'}`,
        {
          limit: Number(issue.minimum),
        },
      );
    }
    case 'too_big': {
      const sized = SIZED.has(issue.origin) ? issue.origin : 'number';
      return msg(
        `zod.tooBig.${sized === 'string' ? 'string' : sized === 'number' ? 'number' : 'items'}`,
        {
          limit: Number(issue.maximum),
        },
      );
    }
    case 'invalid_type':
      return issue.message.endsWith('received undefined')
        ? msg('zod.required')
        : msg('zod.invalidType');
    case 'invalid_value':
      return msg('zod.invalidValue');
    case 'invalid_format':
      return issue.format === 'email' ? msg('zod.invalidEmail') : msg('zod.invalidFormat');
    case 'not_multiple_of':
      return msg('zod.notMultipleOf', { divisor: Number(issue.divisor) });
    case 'unrecognized_keys':
      return msg('zod.unrecognizedKeys', { keys: issue.keys.join(', ') });
    default:
      return msg('zod.invalid');
  }
}

/** The message of one issue: keyed when the catalogue can say it, else its text. */
export function zodIssueMessage(issue: Issue): ServerMessage | null {
  if (isCatalogueKey(issue.message)) return msg(issue.message);
  if (isStandardMessage(issue)) return standardMessage(issue);
  return null;
}

/** One issue's text in English (the CLI, logs): a schema's key read out, else zod's text. */
export function zodIssueEnglish(issue: Issue): string {
  return isCatalogueKey(issue.message) ? englishOf(msg(issue.message)) : issue.message;
}

/** A zod error's field messages, in English (logs, tests) and keyed (the screen). */
export function zodFields(error: ZodError): {
  english: Record<string, string>;
  keyed: Record<string, ServerMessage>;
} {
  const english: Record<string, string> = {};
  const keyed: Record<string, ServerMessage> = {};
  for (const issue of error.issues) {
    const field = issue.path.join('.') || '_';
    const message = zodIssueMessage(issue);
    english[field] = message && isCatalogueKey(issue.message) ? englishOf(message) : issue.message;
    if (message) keyed[field] = message;
  }
  return { english, keyed };
}
