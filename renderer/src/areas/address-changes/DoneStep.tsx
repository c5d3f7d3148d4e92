import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { FlagList, LetterList, StatusChip } from './shared.tsx';
import type { Submitted } from './intake-types.ts';

export function DoneStep({
  result,
  today,
  onAnother,
}: {
  result: Submitted;
  today: string;
  onAnother: () => void;
}) {
  const { t } = useTranslation('addressChanges');
  const navigate = useNavigate();
  return (
    <Stack spacing={2} data-testid="done">
      <Alert severity={result.status === 'applied' ? 'success' : 'warning'}>
        {result.status === 'applied'
          ? t('done.applied', { id: result.id, date: result.effectiveFrom })
          : t('done.pending', { id: result.id })}{' '}
        <StatusChip status={result.status} effectiveFrom={result.effectiveFrom} today={today} />
      </Alert>
      {result.redFlags.length > 0 && <FlagList flags={result.redFlags} />}
      {result.letters.length > 0 && (
        <>
          <Typography variant="subtitle2">{t('done.letters')}</Typography>
          <LetterList letters={result.letters} />
        </>
      )}
      <Stack direction="row" spacing={1}>
        <Button variant="contained" onClick={onAnother} autoFocus>
          {t('done.another')}
        </Button>
        <Button onClick={() => void navigate(`/address-changes/${result.id}`)}>
          {t('done.view')}
        </Button>
      </Stack>
    </Stack>
  );
}
