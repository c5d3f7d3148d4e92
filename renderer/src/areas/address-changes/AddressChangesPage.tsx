import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useNavigate } from 'react-router';
import { Redirect } from '../../shell/Redirect.tsx';
import { submitFocusedForm, useShortcuts } from '../../shell/shortcuts.tsx';

const IntakePage = lazy(() => import('./IntakePage.tsx'));
const ChangeDetail = lazy(() => import('./ChangeDetail.tsx'));

/** /address-changes → intake; /address-changes/new?fromThread=&customerId= (hand-off); /address-changes/:id. */
export default function AddressChangesPage() {
  const { t } = useTranslation('workspace');
  const navigate = useNavigate();
  useShortcuts(t('common:nav.addressChanges'), [
    {
      hotkey: 'n',
      keys: 'N',
      label: t('keys.newChange'),
      run: () => void navigate('/address-changes/new'),
    },
    {
      hotkey: 'mod+enter',
      keys: 'Ctrl+Enter',
      label: t('keys.submitStep'),
      inFields: true,
      run: submitFocusedForm,
    },
  ]);
  return (
    <Suspense>
      <Routes>
        <Route index element={<Redirect to="/address-changes/new" />} />
        <Route path="new" element={<IntakePage />} />
        <Route path=":id" element={<ChangeDetail />} />
      </Routes>
    </Suspense>
  );
}
