import Box from '@mui/material/Box';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../trpc.ts';
import { centreTimeText } from '../../../../server/domain/shared/centre-time.ts';

/**
 * The trainer's clock as the TRAINING banner shows it ("Clock Mon, Nov 23, 2026, 9:30 AM ·
 * paused"), so nobody in the class wonders what "today" is. Pass it as the banner's `right`.
 */
export function TrainingClockChip() {
  const { t, i18n } = useTranslation('training');
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.training.status.queryOptions(), refetchInterval: 30_000 });
  const s = status.data;
  if (!s?.training) return null;
  return (
    <Box component="span" data-testid="training-clock" sx={{ fontWeight: 600 }}>
      {t('chip.label', {
        time: centreTimeText(s.now, i18n.language, s.timeZone, s.timeZone, {
          style: 'long',
          pcLabel: String,
        }).text,
      })}
      {s.clock && !s.clock.running ? ` · ${t('chip.paused')}` : ''}
    </Box>
  );
}
