import { Route, Routes } from 'react-router';
import { DisputeCase } from './DisputeCase.tsx';
import { DisputeIntake } from './DisputeIntake.tsx';
import { DisputeList } from './DisputeList.tsx';

/** The disputes area: work list, intake (phone, mail, secure-message hand-off) and the case. */
export default function DisputesPage() {
  return (
    <Routes>
      <Route index element={<DisputeList />} />
      <Route path="new" element={<DisputeIntake />} />
      <Route path=":id" element={<DisputeCase />} />
    </Routes>
  );
}
