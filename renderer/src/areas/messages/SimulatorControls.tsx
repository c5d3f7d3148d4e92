import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../trpc.ts';

/** Trainer: start or stop customers "writing in" at a chosen rate (training databases only). */
export function SimulatorControls() {
  const { t } = useTranslation('messages');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery({
    ...trpc.messages.simulator.status.queryOptions({}),
    refetchInterval: 5_000,
  });
  const [rate, setRate] = useState(60);
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: trpc.messages.simulator.status.queryKey() });
  const start = useMutation(trpc.messages.simulator.start.mutationOptions({ onSuccess: refresh }));
  const stop = useMutation(trpc.messages.simulator.stop.mutationOptions({ onSuccess: refresh }));
  if (!status.data?.available) return null;
  return (
    <Stack
      direction="row"
      spacing={1}
      sx={{ alignItems: 'center' }}
      aria-label={t('simulator.title')}
    >
      {status.data.running ? (
        <>
          <Typography variant="body2" sx={{ color: 'success.main' }}>
            {t('simulator.running', { rate: status.data.perHour, count: status.data.delivered })}
            {' · '}
            {t('simulator.portalTroubles', { count: status.data.portalTroubles })}
          </Typography>
          <Button size="small" color="warning" variant="outlined" onClick={() => stop.mutate({})}>
            {t('simulator.stop')}
          </Button>
        </>
      ) : (
        <>
          <TextField
            size="small"
            type="number"
            label={t('simulator.rate')}
            value={rate}
            onChange={(e) => setRate(Math.max(1, Math.min(3600, Number(e.target.value) || 1)))}
            sx={{ width: 130 }}
          />
          <Button size="small" variant="outlined" onClick={() => start.mutate({ perHour: rate })}>
            {t('simulator.start')}
          </Button>
        </>
      )}
    </Stack>
  );
}
