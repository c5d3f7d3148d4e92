import { TransferError } from './transfer-format.ts';

/** How one database value is written in a dump line and read back (db/transfer.ts). */

export type JsonValue = string | number | boolean | null | { $bytes: string } | { $big: string };

/** A database value as JSON: numbers stay numbers, blobs become base64, dates ISO strings. */
export function encodeValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TransferError(`cannot export the number ${value}`);
    return value;
  }
  if (typeof value === 'bigint') {
    return Number.isSafeInteger(Number(value)) ? Number(value) : { $big: value.toString() };
  }
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (value instanceof Date) return value.toISOString();
  // json/jsonb columns read by pg arrive parsed: store the text the app wrote.
  return JSON.stringify(value);
}

/** The value to insert into a column of the given declared type. */
export function decodeValue(value: JsonValue, type: string | undefined): unknown {
  if (value === null) return null;
  if (typeof value === 'object') {
    if ('$bytes' in value) return Buffer.from(value.$bytes, 'base64');
    return BigInt(value.$big);
  }
  const t = type ?? '';
  if (t === 'boolean') return value === true || value === 1 || value === '1' || value === 't';
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && /^(integer|bigint|smallint|int)/.test(t) && value !== '')
    return Number(value);
  return value;
}
