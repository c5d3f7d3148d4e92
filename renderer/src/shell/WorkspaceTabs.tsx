import CloseIcon from '@mui/icons-material/Close';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Tooltip from '@mui/material/Tooltip';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import {
  closeTab,
  cycleTab,
  openTab,
  parseStoredTabs,
  tabForLocation,
  type OpenTab,
} from './open-tabs.ts';
import { useShortcutHelp } from './shortcuts.tsx';

interface TabsState {
  tabs: OpenTab[];
  titles: Record<string, string>;
  setTitle: (key: string, title: string) => void;
  close: (key: string) => void;
}

const TabsContext = createContext<TabsState | null>(null);

const storageKey = (userId: number) => `cic.tabs.${userId}`;
const titlesKey = (userId: number) => `cic.tabTitles.${userId}`;

function readTitles(userId: number): Record<string, string> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(titlesKey(userId)) ?? '{}');
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(
        Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
    }
  } catch {
    /* a damaged entry: start without titles */
  }
  return {};
}

/**
 * The agent's open records (threads, cases, customers) as tabs, like a Zendesk workspace.
 * Opening a record's route adds its tab; the list survives a reload (localStorage, per user);
 * Ctrl+W closes the tab in view, Ctrl+Tab / Ctrl+Shift+Tab cycle. Back and forward are the
 * router's history: a tab is just a route.
 */
export function WorkspaceTabsProvider({
  userId,
  children,
}: {
  userId: number;
  children: ReactNode;
}) {
  const { t } = useTranslation('workspace');
  const location = useLocation();
  const navigate = useNavigate();
  const [tabs, setTabs] = useState<OpenTab[]>(() =>
    parseStoredTabs(localStorage.getItem(storageKey(userId))),
  );
  const [titles, setTitles] = useState<Record<string, string>>(() => readTitles(userId));
  const current = tabForLocation(location.pathname, location.search);

  useEffect(() => {
    if (current) setTabs((list) => openTab(list, current));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follow the route only
  }, [current?.key, current?.path]);
  useEffect(() => {
    localStorage.setItem(storageKey(userId), JSON.stringify(tabs.map((x) => ({ path: x.path }))));
  }, [tabs, userId]);
  useEffect(() => {
    const kept = Object.fromEntries(
      Object.entries(titles).filter(([key]) => tabs.some((x) => x.key === key)),
    );
    localStorage.setItem(titlesKey(userId), JSON.stringify(kept));
  }, [titles, tabs, userId]);

  // The keys read the latest tabs through a ref and the tab in view from the address bar: the
  // router renders a navigation in a transition, so React's location can lag a fast keypress.
  const latest = useRef({ tabs });
  latest.current = { tabs };
  const keyInView = () =>
    tabForLocation(window.location.pathname, window.location.search)?.key ?? null;
  const close = useCallback(
    (key: string) => {
      const now = latest.current;
      const result = closeTab(now.tabs, key, keyInView());
      setTabs(result.tabs);
      if (result.goTo) void navigate(result.goTo);
    },
    [navigate],
  );
  const setTitle = useCallback(
    (key: string, title: string) =>
      setTitles((m) => (m[key] === title ? m : { ...m, [key]: title })),
    [],
  );
  const cycle = useCallback(
    (step: 1 | -1) => {
      const to = cycleTab(latest.current.tabs, keyInView(), step);
      if (to) void navigate(to.path);
    },
    [navigate],
  );

  const opts = { preventDefault: true, enableOnFormTags: true } as const;
  useHotkeys(
    'mod+w',
    () => {
      const key = keyInView();
      if (key) close(key);
    },
    opts,
    [close],
  );
  useHotkeys('ctrl+tab', () => cycle(1), opts, [cycle]);
  useHotkeys('ctrl+shift+tab', () => cycle(-1), opts, [cycle]);
  useShortcutHelp(t('tabs.group'), [
    { keys: 'Ctrl+Tab', label: t('tabs.next') },
    { keys: 'Ctrl+Shift+Tab', label: t('tabs.previous') },
    { keys: 'Ctrl+W', label: t('tabs.close') },
    { keys: 'Alt+← / Alt+→', label: t('tabs.history') },
  ]);

  const value = useMemo(() => ({ tabs, titles, setTitle, close }), [tabs, titles, setTitle, close]);
  return <TabsContext.Provider value={value}>{children}</TabsContext.Provider>;
}

/** A record screen names its tab (customer name, subject…) once it has loaded. */
export function useTabTitle(key: string, title: string | null | undefined): void {
  const setTitle = useContext(TabsContext)?.setTitle;
  useEffect(() => {
    if (title) setTitle?.(key, title);
  }, [key, title, setTitle]);
}

export function tabReference(tab: Pick<OpenTab, 'kind' | 'id'>): string {
  if (tab.kind === 'thread') return `SM-${tab.id}`;
  if (tab.kind === 'case') return `D-${String(tab.id).padStart(6, '0')}`;
  return `#${tab.id}`;
}

/** The strip of open tabs above the screen in view. */
export function WorkspaceTabStrip() {
  const { t } = useTranslation('workspace');
  const ctx = useContext(TabsContext);
  const location = useLocation();
  const navigate = useNavigate();
  if (!ctx || ctx.tabs.length === 0) return null;
  const current = tabForLocation(location.pathname, location.search)?.key ?? false;
  return (
    <Box
      component="nav"
      aria-label={t('tabs.label')}
      sx={{
        borderBottom: 1,
        borderColor: 'divider',
        bgcolor: 'background.paper',
        px: 1,
        display: 'flex',
        alignItems: 'center',
      }}
    >
      <Tabs
        value={current}
        variant="scrollable"
        scrollButtons="auto"
        onChange={(_e, key: string) => {
          const tab = ctx.tabs.find((x) => x.key === key);
          if (tab) void navigate(tab.path);
        }}
        sx={{
          flex: 1,
          minWidth: 0,
          minHeight: 36,
          '& .MuiTab-root': { minHeight: 36, py: 0, textTransform: 'none' },
        }}
      >
        {ctx.tabs.map((tab) => {
          const title = ctx.titles[tab.key];
          const label = `${t(`tabs.kind.${tab.kind}`)} ${tabReference(tab)}${title ? ` · ${title}` : ''}`;
          return (
            <Tab
              key={tab.key}
              value={tab.key}
              data-testid="workspace-tab"
              sx={{ maxWidth: 280 }}
              label={label}
            />
          );
        })}
      </Tabs>
      {current && (
        <Tooltip title={`${t('tabs.close')} (Ctrl+W)`}>
          <IconButton size="small" aria-label={t('tabs.close')} onClick={() => ctx.close(current)}>
            <CloseIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      )}
    </Box>
  );
}
