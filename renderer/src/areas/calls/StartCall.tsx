import PhoneInTalkIcon from '@mui/icons-material/PhoneInTalk';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorMessage, fieldErrors, useTRPC, type RouterOutputs } from '../../trpc.ts';
import { CustomerSearchBox, type CustomerSearchHit } from '../customers/CustomerSearchBox.tsx';
import { centreDateOf } from '../../../../server/domain/shared/centre-date.ts';
import { dayLabel as day } from '../../../../server/domain/shared/date-labels.ts';
import { useCentreZone } from '../../components/CentreTime.tsx';
import { useInvalidate } from './CallParts.tsx';

/** No call open: start one for a customer found by search or phone, or for an unknown caller. */
export function StartCall({ recent }: { recent: RouterOutputs['calls']['current']['recent'] }) {
  const { t, i18n } = useTranslation('calls');
  const trpc = useTRPC();
  const centreZone = useCentreZone();
  const invalidate = useInvalidate();
  const [params] = useSearchParams();
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [picked, setPicked] = useState<{ id: number; name: string } | null>(null);
  const [phone, setPhone] = useState('');
  const preset = Number(params.get('customer')) || null;
  const presetView = useQuery({
    ...trpc.customers.get360.queryOptions({ customerId: preset ?? 0 }),
    enabled: preset !== null && picked === null,
  });
  useEffect(() => {
    if (presetView.data && !picked)
      setPicked({ id: presetView.data.customer.id, name: presetView.data.customer.displayName });
  }, [presetView.data, picked]);
  const start = useMutation(trpc.calls.start.mutationOptions({ onSuccess: invalidate }));
  const fields = fieldErrors(start.error);
  const onPick = (hit: CustomerSearchHit) =>
    setPicked({ id: hit.customerId, name: hit.displayName });

  return (
    <Paper sx={{ p: 3, maxWidth: 900 }}>
      <Typography variant="h5" component="h1" gutterBottom>
        {t('start.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('start.intro')}
      </Typography>
      <Stack spacing={2}>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={direction}
          onChange={(_e, v: 'in' | 'out' | null) => v && setDirection(v)}
          aria-label={t('start.direction')}
        >
          <ToggleButton value="in">{t('start.inbound')}</ToggleButton>
          <ToggleButton value="out">{t('start.outbound')}</ToggleButton>
        </ToggleButtonGroup>
        <TextField
          label={t('start.callerPhone')}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          size="small"
          sx={{ maxWidth: 280 }}
          error={Boolean(fields.callerPhone)}
          helperText={fields.callerPhone ?? t('start.callerPhoneHint')}
          slotProps={{ htmlInput: { 'data-testid': 'caller-phone' } }}
        />
        <CustomerSearchBox
          onSelect={onPick}
          label={t('start.search')}
          testId="call-customer-search"
          clearOnSelect
        />
        {picked ? (
          <Alert
            severity="info"
            action={
              <Button size="small" onClick={() => setPicked(null)}>
                {t('start.clear')}
              </Button>
            }
          >
            {t('start.picked', { name: picked.name })}
          </Alert>
        ) : (
          <Typography variant="body2" color="text.secondary">
            {t('start.unknownCaller')}
          </Typography>
        )}
        {start.error && !fields.callerPhone && (
          <Alert severity="error">{errorMessage(start.error, t('error'))}</Alert>
        )}
        <Box>
          <Button
            variant="contained"
            startIcon={<PhoneInTalkIcon />}
            disabled={start.isPending}
            onClick={() =>
              start.mutate({
                direction,
                customerId: picked?.id ?? null,
                callerPhone: phone.trim() === '' ? null : phone,
              })
            }
            data-testid="start-call"
          >
            {t('start.submit')}
          </Button>
        </Box>
      </Stack>
      {recent.length > 0 && (
        <Box sx={{ mt: 3 }}>
          <Typography variant="overline" component="h2" color="text.secondary">
            {t('start.recent')}
          </Typography>
          {recent.map((r) => (
            <Typography key={r.id} variant="body2">
              {day(centreDateOf(r.startedAt, centreZone), i18n.language)} ·{' '}
              {r.customerName ?? t('unknown')} ·{' '}
              {r.outcome ? t(`outcome.${r.outcome}`) : t(`status.${r.status}`)}
            </Typography>
          ))}
        </Box>
      )}
    </Paper>
  );
}
