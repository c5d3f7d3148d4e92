import Paper from '@mui/material/Paper';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { Redirect } from '../../shell/Redirect.tsx';
import { useShortcuts } from '../../shell/shortcuts.tsx';
import { BatchEntry } from './BatchEntry.tsx';
import { BatchList } from './BatchList.tsx';
import { BatchProof } from './BatchProof.tsx';
import { ExceptionsQueue } from './ExceptionsQueue.tsx';
import { Reports } from './Reports.tsx';
import { Returns } from './Returns.tsx';

const TABS = ['batches', 'exceptions', 'returns', 'reports'] as const;

/** Mail payments: batches, the exceptions queue, returned items and reports. */
export default function MailPaymentsPage() {
  const { t } = useTranslation('mailPayments');
  const location = useLocation();
  const navigate = useNavigate();
  const current =
    TABS.find((tab) => location.pathname.startsWith(`/mail-payments/${tab}`)) ?? 'batches';
  const proof = /\/proof$/.test(location.pathname);
  const { t: tw } = useTranslation('workspace');
  useShortcuts(
    tw('common:nav.mailPayments'),
    TABS.map((tab, i) => ({
      hotkey: String(i + 1),
      keys: String(i + 1),
      label: tw('keys.tab', { n: i + 1, name: t(`tabs.${tab}`) }),
      run: () => void navigate(`/mail-payments/${tab}`),
    })),
  );
  return (
    <>
      {!proof && (
        <Paper square sx={{ mb: 2, displayPrint: 'none' }}>
          <Tabs value={current} onChange={(_e, v: string) => void navigate(`/mail-payments/${v}`)}>
            {TABS.map((tab) => (
              <Tab key={tab} value={tab} label={t(`tabs.${tab}`)} />
            ))}
          </Tabs>
        </Paper>
      )}
      <Routes>
        <Route path="batches" element={<BatchList />} />
        <Route path="batches/:batchId" element={<BatchEntry />} />
        <Route path="batches/:batchId/proof" element={<BatchProof />} />
        <Route path="exceptions" element={<ExceptionsQueue />} />
        <Route path="exceptions/:itemId" element={<ExceptionsQueue />} />
        <Route path="returns" element={<Returns />} />
        <Route path="reports" element={<Reports />} />
        <Route path="*" element={<Redirect to="/mail-payments/batches" />} />
      </Routes>
    </>
  );
}
