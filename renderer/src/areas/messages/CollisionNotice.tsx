import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { StaleDetail } from './shared.tsx';

/**
 * Someone else changed the thread: with `stale` the send was refused (what changed, by whom,
 * the newer messages); without it the thread changed live while the agent was reading.
 */
export function CollisionNotice({
  stale,
  threadState,
  onAcknowledge,
}: {
  stale: StaleDetail | null;
  threadState: string;
  onAcknowledge: () => void;
}) {
  const { t } = useTranslation('messages');
  return (
    <Alert
      severity={stale ? 'error' : 'warning'}
      data-testid="collision-notice"
      action={
        <Button color="inherit" size="small" onClick={onAcknowledge}>
          {t('collision.ack')}
        </Button>
      }
    >
      <AlertTitle>{t('collision.title')}</AlertTitle>
      {stale ? t('collision.stopped') : t('collision.changedLive')}
      {stale && (
        <Typography variant="body2" sx={{ mt: 0.5 }}>
          {t('collision.state', {
            state: t(`states.${stale.state ?? threadState}`),
            owner: stale.assigneeName ?? t('collision.nobody'),
          })}
        </Typography>
      )}
      {stale?.newer && stale.newer.length > 0 && (
        <Box sx={{ mt: 1 }}>
          <Typography variant="caption" sx={{ fontWeight: 700 }}>
            {t('collision.newer')}
          </Typography>
          {stale.newer.map((m) => (
            <Typography
              key={m.id}
              variant="body2"
              sx={{
                whiteSpace: 'pre-wrap',
                borderLeft: 3,
                borderColor: 'warning.main',
                pl: 1,
                my: 0.5,
              }}
            >
              <b>
                {m.direction === 'inbound'
                  ? t('thread.inbound')
                  : t(`thread.${m.direction}`, { name: m.authorName ?? '?' })}
                :
              </b>{' '}
              {m.body}
            </Typography>
          ))}
        </Box>
      )}
    </Alert>
  );
}
