import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditCodeKey } from '../../renderer/src/areas/admin/audit-diff.ts';
import en from '../../renderer/src/locales/en/workspace.json' with { type: 'json' };
import fr from '../../renderer/src/locales/fr/workspace.json' with { type: 'json' };

const root = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Every audit action and record type the server writes as a literal. */
function codes(field: 'action' | 'entityType'): string[] {
  const found = new Set<string>();
  const pattern = new RegExp(`\\b${field}: '([a-zA-Z0-9_.-]+)'`, 'g');
  for (const file of [...sources('server'), ...sources('db')]) {
    for (const m of readFileSync(file, 'utf8').matchAll(pattern)) found.add(m[1]!);
  }
  return [...found].sort();
}

describe('the audit log names every action and record in words, in English and French', () => {
  const labels = (l: typeof en, kind: 'action' | 'entity') =>
    (l.audit as unknown as Record<string, Record<string, string>>)[kind]!;

  it.each([
    ['action', 'action'],
    ['entityType', 'entity'],
  ] as const)('%s', (field, kind) => {
    const written = codes(field);
    expect(written.length).toBeGreaterThan(kind === 'action' ? 50 : 10);
    for (const [lang, locale] of [
      ['en', en],
      ['fr', fr],
    ] as const) {
      const missing = written.filter((c) => !labels(locale, kind)[auditCodeKey(c)]);
      expect(missing, `${lang}: audit.${kind} labels missing`).toEqual([]);
    }
  });
});
