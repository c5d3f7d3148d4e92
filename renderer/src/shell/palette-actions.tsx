import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';

/** A command the screen in view offers in the palette ("Claim this thread", "Post batch"…). */
export interface PaletteAction {
  id: string;
  label: string;
  run: () => void;
}

interface Registry {
  actions: PaletteAction[];
  register: (owner: string, actions: PaletteAction[]) => void;
  unregister: (owner: string) => void;
}

const PaletteActionContext = createContext<Registry | null>(null);

export function PaletteActionProvider({ children }: { children: ReactNode }) {
  const [map, setMap] = useState<Map<string, PaletteAction[]>>(new Map());
  // register/unregister never change identity: a screen re-registering on every provider
  // render would loop (React error #185).
  const register = useCallback(
    (owner: string, actions: PaletteAction[]) => setMap((m) => new Map(m).set(owner, actions)),
    [],
  );
  const unregister = useCallback(
    (owner: string) =>
      setMap((m) => {
        if (!m.has(owner)) return m;
        const next = new Map(m);
        next.delete(owner);
        return next;
      }),
    [],
  );
  const value = useMemo<Registry>(
    () => ({ actions: [...map.values()].flat(), register, unregister }),
    [map, register, unregister],
  );
  return <PaletteActionContext.Provider value={value}>{children}</PaletteActionContext.Provider>;
}

/**
 * Offers the screen's actions in the palette while it is mounted. `run` always calls the
 * latest closure, so callers need not memoise.
 */
export function usePaletteActions(actions: Array<PaletteAction | false | null | undefined>): void {
  const ctx = useContext(PaletteActionContext);
  const owner = useId();
  const list = actions.filter((a): a is PaletteAction => Boolean(a));
  const latest = useRef(list);
  useEffect(() => {
    latest.current = list;
  });
  const signature = list.map((a) => `${a.id}\u0000${a.label}`).join('\u0001');
  const register = ctx?.register;
  const unregister = ctx?.unregister;
  useEffect(() => {
    const ids = signature ? signature.split('\u0001').map((s) => s.split('\u0000')) : [];
    register?.(
      owner,
      ids.map(([id = '', label = '']) => ({
        id,
        label,
        run: () => latest.current.find((a) => a.id === id)?.run(),
      })),
    );
    return () => unregister?.(owner);
  }, [owner, signature, register, unregister]);
}

export function usePaletteActionList(): PaletteAction[] {
  return useContext(PaletteActionContext)?.actions ?? [];
}
