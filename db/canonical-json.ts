/**
 * Canonical JSON: the one serialisation used wherever a value is hashed (the audit hash chain,
 * db/repositories/audit.ts; idempotency input hashes, server/trpc/idempotency.ts).
 *
 * Same output as JSON.stringify (toJSON honoured, undefined/functions left out of objects and
 * null in arrays, non-finite numbers as null) except that object keys are written in Unicode
 * code-point order at every level — never `localeCompare`, which depends on the machine's
 * locale, and never the engine's own order, which puts integer-like keys ("2", "10") first.
 */
export function canonicalJson(value: unknown): string | undefined {
  return write(value, '');
}

/** Orders strings by Unicode code point (UTF-16 order differs above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function write(input: unknown, key: string): string | undefined {
  let value = input;
  if (value !== null && typeof value === 'object' && 'toJSON' in value) {
    const toJSON = (value as { toJSON: unknown }).toJSON;
    if (typeof toJSON === 'function') value = (toJSON as (k: string) => unknown).call(value, key);
  }
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'bigint':
      throw new TypeError('canonicalJson: a BigInt has no JSON form');
    case 'object':
      break;
    default:
      return undefined; // undefined, function, symbol
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, i) => write(item, String(i)) ?? 'null').join(',')}]`;
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    return write(value.valueOf(), key);
  }
  const parts: string[] = [];
  for (const k of Object.keys(value).sort(compareCodePoints)) {
    const text = write((value as Record<string, unknown>)[k], k);
    if (text !== undefined) parts.push(`${JSON.stringify(k)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}
