import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import { useQuery } from '@tanstack/react-query';
import { useCallback, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../trpc.ts';
import {
  centreTimeText,
  type CentreTimeStyle,
  type CentreTimeText,
} from '../../../server/domain/shared/centre-time.ts';

const PC_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The centre's time zone (system.info), cached for the session. */
export function useCentreZone(): string {
  const trpc = useTRPC();
  const info = useQuery({ ...trpc.system.info.queryOptions(), staleTime: Infinity });
  return info.data?.timeZone ?? 'America/New_York';
}

/**
 * The one formatter for moments on screen: `centreTime(iso, style)` gives the centre-time text
 * with its zone label and, when the PC's zone differs, the PC-time text for a hover. Use
 * <CentreTime> where the time stands alone; use this hook where the time sits inside a sentence
 * (and put `pcText` on the sentence's tooltip with <PcTimeHover>).
 */
export function useCentreTime(zoneOverride?: string) {
  const { t, i18n } = useTranslation('workspace');
  const centreZone = useCentreZone();
  const zone = zoneOverride ?? centreZone;
  return useCallback(
    (iso: string, style: CentreTimeStyle = 'short'): CentreTimeText =>
      centreTimeText(iso, i18n.language, zone, PC_ZONE, {
        style,
        pcLabel: (time) => t('time.pc', { time }),
      }),
    [i18n.language, zone, t],
  );
}

/** Shows the PC-zone time on hover/focus of a sentence that contains a centre time. */
export function PcTimeHover({
  pcText,
  children,
}: {
  pcText: string | null | undefined;
  children: ReactElement;
}) {
  return pcText ? (
    <Tooltip title={pcText} describeChild>
      {children}
    </Tooltip>
  ) : (
    children
  );
}

/**
 * A moment shown in centre time, labelled with its zone ("10:00 AM EST"); hovering (or focusing)
 * it shows the same moment in the PC's zone when that differs.
 */
export function CentreTime({
  iso,
  withDate = true,
  style,
  zone,
  focusable = true,
}: {
  iso: string | null | undefined;
  /** @deprecated use style */
  withDate?: boolean;
  style?: CentreTimeStyle;
  /** A zone other than the centre's (the training clock's zone). */
  zone?: string;
  /** false in long lists (a tab stop per row is too many; hover still works). */
  focusable?: boolean;
}) {
  const format = useCentreTime(zone);
  if (!iso) return <>—</>;
  const { text, pcText } = format(iso, style ?? (withDate ? 'short' : 'time'));
  return (
    <PcTimeHover pcText={pcText}>
      <Box
        component="time"
        dateTime={iso}
        tabIndex={pcText && focusable ? 0 : undefined}
        sx={{ whiteSpace: 'nowrap' }}
      >
        {text}
      </Box>
    </PcTimeHover>
  );
}
