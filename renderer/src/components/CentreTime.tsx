import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc.ts';
import { centreTimeText } from './centre-time.ts';

const PC_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The centre's time zone (system.info), cached for the session. */
export function useCentreZone(): string {
  const trpc = useTRPC();
  const info = useQuery({ ...trpc.system.info.queryOptions(), staleTime: Infinity });
  return info.data?.timeZone ?? 'America/New_York';
}

/**
 * A moment shown in centre time, labelled with its zone ("10:00 AM EST"); hovering (or focusing)
 * it shows the same moment in the PC's zone when that differs.
 */
export function CentreTime({ iso, withDate = true }: { iso: string; withDate?: boolean }) {
  const { t, i18n } = useTranslation('workspace');
  const zone = useCentreZone();
  const { text, pcText } = centreTimeText(iso, i18n.language, zone, PC_ZONE, {
    withDate,
    pcLabel: (time) => t('time.pc', { time }),
  });
  const node = (
    <Box component="time" dateTime={iso} sx={{ whiteSpace: 'nowrap' }}>
      {text}
    </Box>
  );
  return pcText ? (
    <Tooltip title={pcText}>
      <Box component="span" tabIndex={0} aria-label={`${text} (${pcText})`}>
        {node}
      </Box>
    </Tooltip>
  ) : (
    node
  );
}
