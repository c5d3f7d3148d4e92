import AttachFileIcon from '@mui/icons-material/AttachFile';
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { CentreTime } from '../../components/CentreTime.tsx';
import type { RouterOutputs } from '../../trpc.ts';
import { useServerFile } from '../../server-file.ts';

type Message = RouterOutputs['messages']['thread']['messages'][number];

/** One message of a conversation: who, when (centre time), the text; `fresh` marks one that arrived while the agent was writing. */
export function MessageBubble({ m, fresh }: { m: Message; fresh: boolean }) {
  const { t } = useTranslation('messages');
  // Attachments are fetched by the page: a refusal shows here, in the agent's language.
  const file = useServerFile();
  const who =
    m.direction === 'inbound'
      ? t('thread.inbound')
      : t(`thread.${m.direction}`, { name: m.authorName ?? '?' });
  const colors = {
    inbound: { bgcolor: 'background.paper', borderColor: 'divider' },
    outbound: { bgcolor: 'rgba(25,118,210,0.07)', borderColor: 'primary.light' },
    note: { bgcolor: 'rgba(237,108,2,0.08)', borderColor: 'warning.light' },
  }[m.direction];
  return (
    <Paper
      variant="outlined"
      data-testid="message"
      data-direction={m.direction}
      sx={{
        p: 1.25,
        ml: m.direction === 'inbound' ? 0 : 6,
        mr: m.direction === 'inbound' ? 6 : 0,
        ...colors,
        borderWidth: fresh ? 2 : 1,
        borderColor: fresh ? 'warning.main' : colors.borderColor,
      }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline', mb: 0.5 }}>
        <Typography variant="caption" sx={{ fontWeight: 700 }}>
          {who}
        </Typography>
        <Typography variant="caption" sx={{ color: 'text.secondary' }}>
          <CentreTime iso={m.createdAt} />
        </Typography>
        {fresh && (
          <Chip
            size="small"
            color="warning"
            label={t('thread.newMessage')}
            sx={{ height: 18, fontSize: 10 }}
          />
        )}
      </Stack>
      <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
        {m.body}
      </Typography>
      {m.attachments.length > 0 && (
        <Stack direction="row" spacing={1} sx={{ mt: 0.75, flexWrap: 'wrap' }}>
          {m.attachments.map((a) => (
            <Chip
              key={a.id}
              size="small"
              icon={<AttachFileIcon />}
              onClick={() => void file.download(`/api/messages/attachments/${a.id}`)}
              clickable
              label={`${a.filename} (${Math.ceil(a.sizeBytes / 1024)} KB)`}
            />
          ))}
        </Stack>
      )}
      {file.error && (
        <Alert severity="error" sx={{ mt: 0.75 }} onClose={file.clearError}>
          {file.error}
        </Alert>
      )}
    </Paper>
  );
}
