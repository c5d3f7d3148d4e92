import { z } from 'zod';
import { settingSchemas, type SettingKey } from '../../../../server/domain/shared/lender-config.ts';
import {
  schemaMessageText,
  type Translator,
} from '../../../../server/domain/shared/server-messages.ts';

/**
 * The lender-settings form's model, pure: field errors from the very zod schema the server
 * validates with (server/domain/shared/lender-config.ts), keyed by dotted path as the server reports them.
 */
export type Path = ReadonlyArray<string | number>;
export type FieldErrors = Record<string, string>;

export const keyOf = (path: Path) => path.join('.');

/**
 * The schema's field errors for a value, in the user's language: zod's own French messages, and
 * the schema's own (catalogue keys, `fieldKey(…)`) translated by `translator` (English without it).
 */
export function validateSetting(
  key: SettingKey,
  value: unknown,
  lang: string,
  translator?: Translator,
): FieldErrors {
  const result = settingSchemas[key].safeParse(
    value,
    lang.startsWith('fr') ? { error: z.locales.fr().localeError } : undefined,
  );
  if (result.success) return {};
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const k = keyOf(issue.path as Path) || key;
    errors[k] ??= schemaMessageText(issue.message, translator);
  }
  return errors;
}

/** Immutable set at a path. */
export function setIn(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...(root as unknown[])];
    copy[head as number] = setIn(copy[head as number], rest, value);
    return copy;
  }
  const obj = (root ?? {}) as Record<string, unknown>;
  return { ...obj, [head!]: setIn(obj[head as string], rest, value) };
}

/** A blank value a new array entry starts from. */
export function emptyOf(schema: z.ZodType): unknown {
  if (schema instanceof z.ZodDefault) return emptyOf(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodNullable) return null;
  if (schema instanceof z.ZodObject)
    return Object.fromEntries(
      Object.entries(schema.shape).map(([k, s]) => [k, emptyOf(s as z.ZodType)]),
    );
  if (schema instanceof z.ZodNumber) return 0;
  if (schema instanceof z.ZodEnum) return schema.options[0];
  if (schema instanceof z.ZodArray) return [];
  if (schema instanceof z.ZodRecord) return {};
  if (schema instanceof z.ZodBoolean) return false;
  return '';
}
