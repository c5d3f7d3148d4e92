import { inspect } from 'node:util';
import type { FastifyServerOptions } from 'fastify';

/**
 * What the server prints never carries a secret: passwords, TOTP secrets and codes, session
 * tokens, API keys, SSNs or full account / bank-account numbers.
 *
 * Two layers: the HTTP request log only ever records method, path (never the query string, where
 * tRPC GET requests carry their input), status and timing; and every line the server's own
 * `log()` prints goes through `redactSecrets`, which masks anything shaped like a secret even if
 * a future error message includes one.
 */

const SECRET_KEYS =
  'password|currentPassword|newPassword|passwd|secret|manualKey|qrDataUrl|token|' +
  'sessionToken|cookie|set-cookie|authorization|x-portal-key|x-cic-launch-token|ssn\\w*|' +
  'accountNumber|account_number|bankAccount|easypay_bank_account|routingNumber|value';

const RULES: ReadonlyArray<[RegExp, string]> = [
  // key: value / "key":"value" / key=value where the key names a secret
  [
    new RegExp(
      `((?:"|'|\\b)(?:${SECRET_KEYS})(?:"|')?\\s*[:=]\\s*)("(?:[^"\\\\]|\\\\.)*"|'[^']*'|[^\\s,;&}\\]]+)`,
      'gi',
    ),
    '$1[redacted]',
  ],
  // one-time codes: only a 6-digit value (error codes such as code: 'LOCKED' stay readable)
  [/((?:"|'|\b)code(?:"|')?\s*[:=]\s*)(["']?)\d{6}\2/gi, '$1[redacted]'],
  [/otpauth:\/\/\S+/gi, 'otpauth://[redacted]'],
  [/data:image\/[a-z]+;base64,[A-Za-z0-9+/=]+/g, 'data:[redacted]'],
  // SSNs, with or without separators
  [/\b\d{3}[- ]\d{2}[- ]\d{4}\b/g, '[ssn]'],
  // account, bank-account and card numbers: any run of 8+ digits keeps only its last 4
  [/\b\d{4,15}(\d{4})\b/g, '…$1'],
  // session tokens (256-bit base64url) and TOTP secrets (160-bit base32)
  [/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, '[token]'],
  [/\b[A-Z2-7]{32}\b/g, '[secret]'],
  [/\b(?:[A-Z2-7]{4} ){7}[A-Z2-7]{4}\b/g, '[secret]'],
];

/** Masks anything in `text` shaped like a secret (see RULES). */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}

/** One line of the server log: the message and, when given, the error (stack included). */
export function formatLogLine(message: string, error?: unknown): string {
  const detail = error === undefined || error === '' ? '' : ` ${inspect(error, { depth: 4 })}`;
  return redactSecrets(`[cic-desk] ${message}${detail}`);
}

/** The path of a request URL without its query string (tRPC GET inputs live there). */
export function pathOnly(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}

interface RequestLike {
  method?: string;
  url?: string;
  ip?: string;
}
interface ReplyLike {
  statusCode?: number;
}

/**
 * Fastify's logger when request logging is on (CIC_HTTP_LOG=1): method, path and status only;
 * headers (cookies, API keys, launch token) and bodies are never serialised.
 */
export const httpLoggerOptions: NonNullable<FastifyServerOptions['logger']> = {
  level: 'info',
  redact: {
    paths: [
      'req.headers.cookie',
      'req.headers.authorization',
      'req.headers["x-portal-key"]',
      'req.headers["x-cic-launch-token"]',
      'res.headers["set-cookie"]',
    ],
    censor: '[redacted]',
  },
  serializers: {
    req: (req: RequestLike) => ({ method: req.method, url: pathOnly(req.url), ip: req.ip }),
    res: (res: ReplyLike) => ({ statusCode: res.statusCode }),
    err: (err: Error) => ({
      type: err.name,
      message: redactSecrets(err.message),
      stack: redactSecrets(err.stack ?? ''),
    }),
  },
};
