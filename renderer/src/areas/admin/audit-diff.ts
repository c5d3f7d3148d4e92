/**
 * An audit record's change as rows a person can read: each field that differs between the
 * before and after JSON, flattened to dotted paths ("address.line1"), with both values as text.
 * Lists of records are compared entry by entry ("lockboxes.2.city"). Fields present on one
 * side only show as added or removed. Pure; tested in tests/unit.
 */
export interface DiffRow {
  field: string;
  before: string | null;
  after: string | null;
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  // A list of records (lockboxes, topics) is compared entry by entry, numbered from 1:
  // "lockboxes.2.postalCode", not one long JSON text that differs somewhere.
  if (Array.isArray(value) && value.some((x) => x !== null && typeof x === 'object')) {
    if (value.length === 0 && prefix) out.set(prefix, '—');
    value.forEach((v, i) => flatten(v, prefix ? `${prefix}.${i + 1}` : String(i + 1), out));
    return;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out.set(prefix, '{}');
    for (const [key, v] of entries) flatten(v, prefix ? `${prefix}.${key}` : key, out);
    return;
  }
  const text =
    value === null || value === undefined
      ? '—'
      : typeof value === 'string'
        ? value
        : Array.isArray(value)
          ? value.join(', ')
          : String(value);
  out.set(prefix || 'value', text);
}

function parse(json: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (json === null || json === '') return out;
  try {
    flatten(JSON.parse(json) as unknown, '', out);
  } catch {
    out.set('value', json);
  }
  return out;
}

export function auditDiff(beforeJson: string | null, afterJson: string | null): DiffRow[] {
  const before = parse(beforeJson);
  const after = parse(afterJson);
  const fields = [...new Set([...before.keys(), ...after.keys()])];
  const rows: DiffRow[] = [];
  for (const field of fields) {
    const b = before.get(field) ?? null;
    const a = after.get(field) ?? null;
    if (b === a) continue;
    rows.push({ field, before: b, after: a });
  }
  return rows;
}

/** i18next nests on dots: the label of "message.thread.claim" is under "message_thread_claim". */
export const auditCodeKey = (code: string): string => code.replaceAll('.', '_');
