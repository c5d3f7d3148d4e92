import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';

const IntakePage = lazy(() => import('./IntakePage.tsx'));
const ChangeDetail = lazy(() => import('./ChangeDetail.tsx'));

/** /address-changes → intake; /address-changes/new?fromThread=&customerId= (hand-off); /address-changes/:id. */
export default function AddressChangesPage() {
  return (
    <Suspense>
      <Routes>
        <Route index element={<Navigate to="new" replace />} />
        <Route path="new" element={<IntakePage />} />
        <Route path=":id" element={<ChangeDetail />} />
      </Routes>
    </Suspense>
  );
}
