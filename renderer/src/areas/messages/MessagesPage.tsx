import Box from '@mui/material/Box';
import { Route, Routes } from 'react-router';
import { OutboxViewer } from './OutboxViewer.tsx';
import { QueueView } from './QueueView.tsx';
import { ThreadView } from './ThreadView.tsx';

/** /messages (the queue), /messages/:id (a thread), /messages/outbox (e-mail outbox). */
export default function MessagesPage() {
  return (
    <Routes>
      <Route
        index
        element={
          <Box sx={{ height: 'calc(100vh - 120px)', minHeight: 420 }}>
            <QueueView />
          </Box>
        }
      />
      <Route path="outbox" element={<OutboxViewer />} />
      <Route path=":id" element={<ThreadView />} />
    </Routes>
  );
}
