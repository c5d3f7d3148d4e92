import type { TRPCLink } from '@trpc/client';
// eslint-disable-next-line no-restricted-imports -- tRPC's link helper (package @trpc/server), not app server code
import { observable } from '@trpc/server/observable';
import type { AppRouter } from '../../server/router.ts';

/**
 * Bidirectional control characters (embeddings and overrides U+202A–U+202E, isolates
 * U+2066–U+2069, the marks U+200E/U+200F and the Arabic letter mark U+061C). In text a customer
 * wrote they can make the agent read something else than what is there (U+202E shows
 * "invoice‮fdp.exe" as "invoiceexe.pdf"). Shown, each becomes a visible U+FFFD instead, so the
 * text reads in its stored order and the agent sees that something was there.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
export const BIDI_REPLACEMENT = '\uFFFD';

/** One string with its bidirectional controls made harmless (and visible). */
export function neutralizeBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, BIDI_REPLACEMENT);
}

/** Every string in a server answer (objects, arrays, nested), the rest unchanged. */
export function neutralizeBidiDeep<T>(value: T): T {
  if (typeof value === 'string') return neutralizeBidi(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => neutralizeBidiDeep(v)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = neutralizeBidiDeep(v);
    return out as T;
  }
  return value;
}

/**
 * The one place the renderer applies it: every answer and live event from the server passes
 * this link before any screen shows it, so message bodies, subjects, names and every other
 * customer-provided text are covered, including screens written later.
 */
export const bidiLink: TRPCLink<AppRouter> =
  () =>
  ({ next, op }) =>
    observable((observer) => {
      const subscription = next(op).subscribe({
        next: (value) =>
          observer.next(
            'data' in value.result
              ? {
                  ...value,
                  result: {
                    ...value.result,
                    data: neutralizeBidiDeep(value.result.data),
                  } as typeof value.result,
                }
              : value,
          ),
        error: (error) => observer.error(error),
        complete: () => observer.complete(),
      });
      return () => subscription.unsubscribe();
    });
