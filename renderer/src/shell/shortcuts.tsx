import {
  createContext,
  useContext,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useHotkeys } from 'react-hotkeys-hook';

/** A line of the `?` sheet: keys as shown (e.g. "Ctrl+K") and what they do (already translated). */
export interface ShortcutHelp {
  keys: string;
  label: string;
}

interface Registry {
  entries: Array<{ group: string; items: ShortcutHelp[] }>;
  register: (id: string, group: string, items: ShortcutHelp[]) => void;
  unregister: (id: string) => void;
}

const ShortcutContext = createContext<Registry | null>(null);

/**
 * Components bind their keys with react-hotkeys-hook's `useHotkeys`, and describe them with
 * `useShortcutHelp` so the `?` sheet always lists exactly the shortcuts of the screen in view.
 */
export function ShortcutProvider({ children }: { children: ReactNode }) {
  const [map, setMap] = useState<Map<string, { group: string; items: ShortcutHelp[] }>>(new Map());
  const value = useMemo<Registry>(
    () => ({
      entries: [...map.values()],
      register: (id, group, items) => setMap((m) => new Map(m).set(id, { group, items })),
      unregister: (id) =>
        setMap((m) => {
          const next = new Map(m);
          next.delete(id);
          return next;
        }),
    }),
    [map],
  );
  return <ShortcutContext.Provider value={value}>{children}</ShortcutContext.Provider>;
}

export function useShortcutHelp(group: string, items: ShortcutHelp[]): void {
  const ctx = useContext(ShortcutContext);
  const id = useId();
  const key = JSON.stringify(items);
  const register = ctx?.register;
  const unregister = ctx?.unregister;
  useEffect(() => {
    register?.(id, group, JSON.parse(key) as ShortcutHelp[]);
    return () => unregister?.(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-register only when the content changes
  }, [id, group, key]);
}

export function useShortcutEntries(): Registry['entries'] {
  return useContext(ShortcutContext)?.entries ?? [];
}

/** One screen shortcut: the react-hotkeys-hook combination, how the `?` sheet shows it, and what it does. */
export interface Shortcut extends ShortcutHelp {
  hotkey: string;
  run: () => void;
  /** Also while typing in a field (e.g. Ctrl+Enter to submit). Default: not in fields. */
  inFields?: boolean;
}

/**
 * Binds a screen's shortcuts and lists them in the `?` sheet under `group`, in one call, so a
 * key is never bound without being shown (or shown without being bound). `false` entries are
 * skipped (a shortcut that does not apply in the current state).
 */
export function useShortcuts(group: string, list: ReadonlyArray<Shortcut | false | null>): void {
  const items = list.filter((x): x is Shortcut => Boolean(x));
  const latest = useRef(items);
  useLayoutEffect(() => {
    latest.current = items;
  });
  const plain = items.filter((i) => !i.inFields).map((i) => i.hotkey.trim());
  const fields = items.filter((i) => i.inFields).map((i) => i.hotkey.trim());
  const run = (_e: KeyboardEvent, handler: { hotkey: string }) =>
    latest.current.find((i) => i.hotkey.trim() === handler.hotkey)?.run();
  useHotkeys(plain.join(','), run, { enabled: plain.length > 0, preventDefault: true }, [
    plain.join(','),
  ]);
  useHotkeys(
    fields.join(','),
    run,
    { enabled: fields.length > 0, preventDefault: true, enableOnFormTags: true },
    [fields.join(',')],
  );
  useShortcutHelp(
    group,
    items.map(({ keys, label }) => ({ keys, label })),
  );
}

/** Ctrl+Enter on a form screen: submits the form the focus is in, exactly as its button would. */
export function submitFocusedForm(): void {
  const active = document.activeElement;
  const form = active instanceof HTMLElement ? active.closest('form') : null;
  form?.requestSubmit();
}
