import { clearDrafts } from '../drafts.ts';
import KeyboardIcon from '@mui/icons-material/Keyboard';
import LogoutIcon from '@mui/icons-material/Logout';
import DarkModeIcon from '@mui/icons-material/DarkMode';
import LightModeIcon from '@mui/icons-material/LightMode';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Toolbar from '@mui/material/Toolbar';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useIsFetching, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { Suspense, useMemo, useState } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes, useNavigate } from 'react-router';
import { Redirect } from './Redirect.tsx';
import { areasFor } from '../areas/index.tsx';
import { usePreferences } from '../preferences.tsx';
import { useTRPC, type SignedInUser } from '../trpc.ts';
import { AccountMenu } from './AccountMenu.tsx';
import { CommandPalette, type Command } from './CommandPalette.tsx';
import { ComingSoon } from './ComingSoon.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { ShortcutProvider, useShortcutHelp } from './shortcuts.tsx';
import { ShortcutSheet } from './ShortcutSheet.tsx';
import { TrainingBanner } from './TrainingBanner.tsx';
import { PaletteActionProvider } from './palette-actions.tsx';
import { WorkspaceTabsProvider, WorkspaceTabStrip } from './WorkspaceTabs.tsx';
import { TrainingClockChip } from '../areas/training/index.ts';
import { refreshLive } from './live-refresh.ts';

const DRAWER_WIDTH = 212;

export function Shell({ user }: { user: SignedInUser }) {
  return (
    <ShortcutProvider>
      <PaletteActionProvider>
        <WorkspaceTabsProvider userId={user.id}>
          <ShellFrame user={user} />
        </WorkspaceTabsProvider>
      </PaletteActionProvider>
    </ShortcutProvider>
  );
}

/**
 * Keeps every screen current: the server announces which area changed; we refetch it. Changes
 * made while the feed was not connected (before it first connects, or while it reconnects after
 * a network blip or a server restart) are announced to nobody, so every (re)connection refetches
 * what is on screen: the server listens before it says `connected` (server/system/router.ts).
 */
function LiveUpdates() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useSubscription(
    trpc.system.changes.subscriptionOptions(undefined, {
      onStarted: () => void refreshLive(queryClient),
      onData: (event) => {
        if (event.area === 'clock' || event.area === 'all') {
          void refreshLive(queryClient);
          return;
        }
        void refreshLive(queryClient, (q) => {
          const head = q.queryKey[0];
          return Array.isArray(head) && head[0] === event.area;
        });
      },
    }),
  );
  return null;
}

function ShellFrame({ user }: { user: SignedInUser }) {
  const { t } = useTranslation();
  const { t: tw } = useTranslation('workspace');
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { mode, setMode } = usePreferences();
  const info = useQuery(trpc.system.info.queryOptions());
  const fetching = useIsFetching();
  const areas = useMemo(() => areasFor(user.role), [user.role]);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [sheetOpen, setSheetOpen] = useState(false);
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: async () => {
        // Forget everything the previous user saw, then ask the server who is here (nobody).
        clearDrafts();
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0]?.toString() !== 'auth,me' });
        await queryClient.resetQueries({ queryKey: trpc.auth.me.queryKey() });
        void navigate('/');
      },
    }),
  );

  useHotkeys('mod+k', () => setPaletteOpen(true), { preventDefault: true, enableOnFormTags: true });
  // `?` is Shift+/ on most layouts: match the produced character, whatever modifier made it.
  useHotkeys('shift+?, ?', () => setSheetOpen(true), { useKey: true, preventDefault: true });
  useHotkeys(
    areas.map((_a, i) => `alt+${i + 1}`).join(','),
    (_e, handler) => {
      const n = Number(handler.keys?.[0]);
      const area = areas[n - 1];
      if (area) void navigate(`/${area.path}`);
    },
    { preventDefault: true, enableOnFormTags: true },
    [areas],
  );
  useShortcutHelp(t('appName'), [
    { keys: 'Ctrl+K', label: t('shortcut.palette') },
    { keys: '?', label: t('shortcut.help') },
    {
      keys: `Alt+1 … Alt+${areas.length}`,
      label: t('shortcut.goArea', { n: '1…' + areas.length }),
    },
    { keys: 'Esc', label: t('shortcut.close') },
  ]);

  const commands: Command[] = [
    ...areas.map((a) => ({
      id: `go-${a.id}`,
      group: t('appName'),
      label: t(`nav.${a.key}`),
      run: () => void navigate(`/${a.path}`),
    })),
    {
      id: 'start-call',
      group: t('appName'),
      label: t('shell.startCall'),
      run: () => void navigate('/calls'),
    },
    {
      id: 'theme',
      group: t('shell.theme'),
      label: mode === 'light' ? t('shell.dark') : t('shell.light'),
      run: () => setMode(mode === 'light' ? 'dark' : 'light'),
    },
    {
      id: 'shortcuts',
      group: t('appName'),
      label: t('shell.shortcuts'),
      run: () => setSheetOpen(true),
    },
    {
      id: 'sign-out',
      group: t('appName'),
      label: t('shell.signOut'),
      run: () => logout.mutate({}),
    },
  ];

  const training = info.data?.databaseKind === 'training';
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100vh' }}>
      <Box
        component="a"
        href="#main"
        onClick={(e: React.MouseEvent) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
        sx={{
          position: 'absolute',
          left: 8,
          top: -48,
          zIndex: 2000,
          p: 1,
          bgcolor: 'background.paper',
          color: 'primary.main',
          '&:focus': { top: 8 },
        }}
      >
        {tw('skip')}
      </Box>
      <LiveUpdates />
      {training && <TrainingBanner right={<TrainingClockChip />} />}
      <AppBar position="static" elevation={0} color="primary">
        <Toolbar variant="dense" sx={{ gap: 1.5 }}>
          <Typography variant="h6" component="div" sx={{ fontWeight: 700, fontSize: 17 }}>
            {t('appName')}
          </Typography>
          <Typography variant="body2" sx={{ opacity: 0.8 }}>
            {info.data?.lenderName}
          </Typography>
          <Box sx={{ flex: 1 }} />
          <Tooltip title={`${t('shell.commandPalette')} (Ctrl+K)`}>
            <Chip
              label="Ctrl+K"
              size="small"
              onClick={() => setPaletteOpen(true)}
              sx={{ color: 'inherit', borderColor: 'rgba(255,255,255,0.5)' }}
              variant="outlined"
            />
          </Tooltip>
          <Tooltip title={`${t('shell.shortcuts')} (?)`}>
            <IconButton
              color="inherit"
              onClick={() => setSheetOpen(true)}
              aria-label={t('shell.shortcuts')}
            >
              <KeyboardIcon fontSize="small" />
            </IconButton>
          </Tooltip>
          <Tooltip title={t('shell.theme')}>
            <IconButton
              color="inherit"
              onClick={() => setMode(mode === 'light' ? 'dark' : 'light')}
              aria-label={t('shell.theme')}
            >
              {mode === 'light' ? (
                <DarkModeIcon fontSize="small" />
              ) : (
                <LightModeIcon fontSize="small" />
              )}
            </IconButton>
          </Tooltip>
          <Box sx={{ bgcolor: 'background.paper', borderRadius: 1 }}>
            <LanguageSwitch signedIn />
          </Box>
          <AccountMenu user={user} />
          <Tooltip title={t('shell.signOut')}>
            <IconButton
              color="inherit"
              onClick={() => logout.mutate({})}
              aria-label={t('shell.signOut')}
            >
              <LogoutIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        </Toolbar>
      </AppBar>
      <Box sx={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <Drawer
          variant="permanent"
          sx={{
            width: DRAWER_WIDTH,
            flexShrink: 0,
            '& .MuiDrawer-paper': { width: DRAWER_WIDTH, position: 'relative' },
          }}
        >
          <List component="nav" aria-label={tw('areas')} dense>
            {areas.map((a, i) => (
              <ListItemButton
                key={a.id}
                component={NavLink}
                to={`/${a.path}`}
                title={`Alt+${i + 1}`}
                sx={{ '&.active': { bgcolor: 'action.selected', fontWeight: 700 } }}
              >
                <ListItemIcon sx={{ minWidth: 36 }}>{a.icon}</ListItemIcon>
                <ListItemText primary={t(`nav.${a.key}`)} />
              </ListItemButton>
            ))}
          </List>
        </Drawer>
        <Box sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          <WorkspaceTabStrip />
          <Box
            component="main"
            id="main"
            tabIndex={-1}
            // Busy while the screen's data is on its way: assistive technology waits for it
            // before announcing, and the tests judge a screen (colours, contrast) only once it
            // is complete — a button still disabled for want of data looks disabled.
            aria-busy={fetching > 0}
            sx={{ flex: 1, minWidth: 0, overflow: 'auto', p: 2, '&:focus': { outline: 'none' } }}
          >
            <Suspense fallback={<CircularProgress aria-label={t('common.loading')} />}>
              <Routes>
                {areas.map((a) => (
                  <Route
                    key={a.id}
                    path={`/${a.path}/*`}
                    element={a.Page ? <a.Page /> : <ComingSoon areaKey={a.key} />}
                  />
                ))}
                <Route path="*" element={<Redirect to={`/${areas[0]?.path ?? ''}`} />} />
              </Routes>
            </Suspense>
          </Box>
        </Box>
      </Box>
      <CommandPalette
        open={paletteOpen}
        onClose={() => setPaletteOpen(false)}
        commands={commands}
      />
      <ShortcutSheet open={sheetOpen} onClose={() => setSheetOpen(false)} />
    </Box>
  );
}
