import { useTranslation } from 'react-i18next';
import { Route, Routes, useNavigate } from 'react-router';
import { submitFocusedForm, useShortcuts } from '../../shell/shortcuts.tsx';
import { DisputeCase } from './DisputeCase.tsx';
import { DisputeIntake } from './DisputeIntake.tsx';
import { DisputeList } from './DisputeList.tsx';

/** The disputes area: work list, intake (phone, mail, secure-message hand-off) and the case. */
export default function DisputesPage() {
  const { t } = useTranslation('workspace');
  const navigate = useNavigate();
  useShortcuts(t('common:nav.disputes'), [
    {
      hotkey: 'n',
      keys: 'N',
      label: t('keys.newDispute'),
      run: () => void navigate('/disputes/new'),
    },
    { hotkey: 'l', keys: 'L', label: t('keys.disputeList'), run: () => void navigate('/disputes') },
    {
      hotkey: 'mod+enter',
      keys: 'Ctrl+Enter',
      label: t('keys.submitStep'),
      inFields: true,
      run: submitFocusedForm,
    },
  ]);
  return (
    <Routes>
      <Route index element={<DisputeList />} />
      <Route path="new" element={<DisputeIntake />} />
      <Route path=":id" element={<DisputeCase />} />
    </Routes>
  );
}
