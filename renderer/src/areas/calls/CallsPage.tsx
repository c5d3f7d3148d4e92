import Alert from '@mui/material/Alert';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage, useTRPC } from '../../trpc.ts';
import { ActiveCall } from './ActiveCall.tsx';
import { StartCall } from './StartCall.tsx';

/**
 * Phone calls: start one (from a phone-number search, the palette or a customer's 360), verify
 * the caller once, act for them (gated on the verification), end and wrap up before the next.
 */
export default function CallsPage() {
  const { t } = useTranslation('calls');
  const trpc = useTRPC();
  const current = useQuery(trpc.calls.current.queryOptions());
  if (current.isPending) return <CircularProgress aria-label={t('loading')} />;
  if (current.isError)
    return <Alert severity="error">{errorMessage(current.error, t('loading'))}</Alert>;
  const call = current.data.current;
  return (
    <Stack spacing={2} sx={{ maxWidth: 1400 }}>
      {call ? <ActiveCall view={call} /> : <StartCall recent={current.data.recent} />}
    </Stack>
  );
}
