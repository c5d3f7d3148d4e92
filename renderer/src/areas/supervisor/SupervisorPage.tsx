import Paper from '@mui/material/Paper';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { Redirect } from '../../shell/Redirect.tsx';
import { useShortcuts } from '../../shell/shortcuts.tsx';
import { SUPERVISOR_TABS } from './tabs.ts';

function TabLabel({ ns, k }: { ns: string; k: string }) {
  const { t } = useTranslation(ns);
  return <>{t(k)}</>;
}

export default function SupervisorPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const current =
    SUPERVISOR_TABS.find((tab) => location.pathname.startsWith(`/supervisor/${tab.id}`))?.id ??
    SUPERVISOR_TABS[0]?.id;
  const { t } = useTranslation('workspace');
  useShortcuts(
    t('common:nav.supervisor'),
    SUPERVISOR_TABS.slice(0, 9).map((tab, i) => ({
      hotkey: String(i + 1),
      keys: String(i + 1),
      label: t('keys.tab', { n: i + 1, name: t(tab.label[1], { ns: tab.label[0] }) }),
      run: () => void navigate(`/supervisor/${tab.id}`),
    })),
  );
  return (
    <>
      <Paper square sx={{ mb: 2 }}>
        <Tabs
          value={current}
          onChange={(_e, v: string) => void navigate(`/supervisor/${v}`)}
          variant="scrollable"
        >
          {SUPERVISOR_TABS.map((tab) => (
            <Tab
              key={tab.id}
              value={tab.id}
              label={<TabLabel ns={tab.label[0]} k={tab.label[1]} />}
            />
          ))}
        </Tabs>
      </Paper>
      <Suspense>
        <Routes>
          {SUPERVISOR_TABS.map((tab) => (
            <Route key={tab.id} path={`${tab.id}/*`} element={<tab.Component />} />
          ))}
          <Route
            path="*"
            element={<Redirect to={`/supervisor/${SUPERVISOR_TABS[0]?.id ?? 'audit'}`} />}
          />
        </Routes>
      </Suspense>
    </>
  );
}
