import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

type Mode = 'light' | 'dark';

interface Preferences {
  mode: Mode;
  setMode: (mode: Mode) => void;
}

const PreferencesContext = createContext<Preferences | null>(null);

/** Per-workstation preferences kept in localStorage (theme); language follows the user. */
export function PreferencesProvider({ children }: { children: (mode: Mode) => ReactNode }) {
  const [mode, setModeState] = useState<Mode>(() =>
    localStorage.getItem('cic.theme') === 'dark' ? 'dark' : 'light',
  );
  const value = useMemo(
    () => ({
      mode,
      setMode: (m: Mode) => {
        localStorage.setItem('cic.theme', m);
        setModeState(m);
      },
    }),
    [mode],
  );
  return <PreferencesContext.Provider value={value}>{children(mode)}</PreferencesContext.Provider>;
}

export function usePreferences(): Preferences {
  const ctx = useContext(PreferencesContext);
  if (!ctx) throw new Error('usePreferences outside PreferencesProvider');
  return ctx;
}
