import {
  createContext,
  useContext,
  useEffect,
  useId,
  useMemo,
  useState,
  type ReactNode,
} from 'react';

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
