import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCentreZone } from '../../components/CentreTime.tsx';
import { fromLocalInput, toLocalInput } from './datetime-local.ts';

/** Correcting when the notice was received (with a reason); the case's clocks are recomputed. */
export function NoticeCorrection({
  noticeAt: initial,
  pending,
  onCorrect,
}: {
  noticeAt: string;
  pending: boolean;
  onCorrect: (noticeAt: string, reason: string) => void;
}) {
  const { t } = useTranslation('disputes');
  const centreZone = useCentreZone();
  const [noticeAt, setNoticeAt] = useState(() => toLocalInput(initial, centreZone));
  const [noticeWhy, setNoticeWhy] = useState('');
  const noticeIso = fromLocalInput(noticeAt, centreZone);
  return (
    <Stack
      direction="row"
      spacing={1}
      sx={{ alignItems: 'center', flexWrap: 'wrap' }}
      useFlexGap
      data-testid="notice-panel"
    >
      <Typography sx={{ minWidth: 220 }}>{t('case.correctNotice')}</Typography>
      <TextField
        type="datetime-local"
        size="small"
        label={t('intake.noticeAt')}
        value={noticeAt}
        onChange={(e) => setNoticeAt(e.target.value)}
        slotProps={{ inputLabel: { shrink: true } }}
      />
      <TextField
        size="small"
        label={t('case.correctionReason')}
        value={noticeWhy}
        onChange={(e) => setNoticeWhy(e.target.value)}
        sx={{ flex: 1, minWidth: 200 }}
      />
      <Button
        variant="outlined"
        disabled={!noticeIso || noticeWhy.trim().length < 10 || pending}
        onClick={() => noticeIso && onCorrect(noticeIso, noticeWhy)}
      >
        {t('case.correct')}
      </Button>
    </Stack>
  );
}
