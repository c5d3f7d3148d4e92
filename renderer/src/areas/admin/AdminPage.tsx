import Paper from '@mui/material/Paper';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { Redirect } from '../../shell/Redirect.tsx';
import { ReasonCodesAdmin } from '../calls/ReasonCodesAdmin.tsx';
import AuthorityAdmin from '../controls/AuthorityAdmin.tsx';
import { useShortcuts } from '../../shell/shortcuts.tsx';
import { AuditLog } from './AuditLog.tsx';
import { CalendarAdmin } from './CalendarAdmin.tsx';
import { SettingsAdmin } from './SettingsAdmin.tsx';
import { UsersAdmin } from './UsersAdmin.tsx';

const TABS = ['users', 'settings', 'authority', 'call-reasons', 'calendar', 'audit'] as const;

export default function AdminPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const current = TABS.find((tab) => location.pathname.startsWith(`/admin/${tab}`)) ?? 'users';
  useShortcuts(
    t('nav.admin'),
    TABS.map((tab, i) => ({
      hotkey: String(i + 1),
      keys: String(i + 1),
      label: t('workspace:keys.tab', { n: i + 1, name: t(`admin.${tab}`) }),
      run: () => void navigate(`/admin/${tab}`),
    })),
  );
  return (
    <>
      <Paper square sx={{ mb: 2 }}>
        <Tabs value={current} onChange={(_e, v: string) => void navigate(`/admin/${v}`)}>
          {TABS.map((tab) => (
            <Tab key={tab} value={tab} label={t(`admin.${tab}`)} />
          ))}
        </Tabs>
      </Paper>
      <Routes>
        <Route path="users" element={<UsersAdmin />} />
        <Route path="settings" element={<SettingsAdmin />} />
        <Route path="authority" element={<AuthorityAdmin />} />
        <Route path="call-reasons" element={<ReasonCodesAdmin />} />
        <Route path="calendar" element={<CalendarAdmin />} />
        <Route path="audit" element={<AuditLog />} />
        <Route path="*" element={<Redirect to="/admin/users" />} />
      </Routes>
    </>
  );
}
