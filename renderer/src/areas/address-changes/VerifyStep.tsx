import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import FormHelperText from '@mui/material/FormHelperText';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors, useTRPC } from '../../trpc.ts';
import type { Channel, Context, Verified } from './intake-types.ts';
import { useCentreTime } from '../../components/CentreTime.tsx';

export function VerifyStep(props: {
  context: Context;
  channel: Channel;
  setChannel: (c: Channel) => void;
  requesterId: number;
  setRequesterId: (id: number) => void;
  verified: Verified | null;
  onVerified: (v: Verified | null) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation('addressChanges');
  const centreTime = useCentreTime();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { context } = props;
  const [method, setMethod] = useState(context.methods[0] ?? 'dob_ssn_zip');
  const [answers, setAnswers] = useState({
    dateOfBirth: '',
    ssnLast4: '',
    postalCode: '',
    vin: '',
  });
  const verify = useMutation(
    trpc.addressChanges.verify.mutationOptions({
      onSuccess: (v) => props.onVerified(v),
      onSettled: () =>
        void queryClient.invalidateQueries({ queryKey: trpc.addressChanges.context.queryKey() }),
    }),
  );
  const fields = fieldErrors(verify.error);
  const set = (k: keyof typeof answers) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setAnswers({ ...answers, [k]: e.target.value });
  const lock = context.lock;
  return (
    <Stack
      component="form"
      spacing={2}
      onSubmit={(e) => {
        e.preventDefault();
        if (props.verified) return props.onNext();
        verify.mutate({
          customerId: props.requesterId,
          channel: props.channel,
          method,
          ...(method !== 'vin' && { dateOfBirth: answers.dateOfBirth }),
          ...(method === 'dob_ssn_zip' && {
            ssnLast4: answers.ssnLast4,
            postalCode: answers.postalCode,
          }),
          ...(method !== 'dob_ssn_zip' && { vin: answers.vin }),
        });
      }}
    >
      <Typography variant="body2" color="text.secondary">
        {t('verify.hint')}
      </Typography>
      <Stack direction="row" spacing={2}>
        <TextField
          select
          label={t('verify.channel')}
          value={props.channel}
          onChange={(e) => props.setChannel(e.target.value as Channel)}
          sx={{ minWidth: 180 }}
        >
          {(['phone', 'message', 'mail'] as const).map((c) => (
            <MenuItem key={c} value={c}>
              {t(`channels.${c}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label={t('verify.requester')}
          value={props.requesterId}
          onChange={(e) => {
            props.setRequesterId(Number(e.target.value));
            props.onVerified(null);
          }}
          sx={{ minWidth: 240 }}
        >
          {context.people.map((p) => (
            <MenuItem key={p.id} value={p.id}>
              {p.displayName}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label={t('verify.method')}
          value={method}
          onChange={(e) => setMethod(e.target.value as typeof method)}
          sx={{ minWidth: 280 }}
          slotProps={{ htmlInput: { 'data-testid': 'verify-method' } }}
        >
          {context.methods.map((m) => (
            <MenuItem key={m} value={m}>
              {t(`verify.methods.${m}`)}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {!props.verified && (
        <Stack direction="row" spacing={2}>
          {method !== 'vin' && (
            <TextField
              type="date"
              label={t('verify.dateOfBirth')}
              value={answers.dateOfBirth}
              onChange={set('dateOfBirth')}
              autoFocus
              slotProps={{ inputLabel: { shrink: true } }}
              error={Boolean(fields.dateOfBirth)}
              helperText={fields.dateOfBirth}
            />
          )}
          {method === 'dob_ssn_zip' && (
            <>
              <TextField
                label={t('verify.ssnLast4')}
                value={answers.ssnLast4}
                onChange={set('ssnLast4')}
                autoComplete="off"
                slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 4 } }}
                error={Boolean(fields.ssnLast4)}
                helperText={fields.ssnLast4}
              />
              <TextField
                label={t('verify.postalCode')}
                value={answers.postalCode}
                onChange={set('postalCode')}
                autoComplete="off"
                error={Boolean(fields.postalCode)}
                helperText={fields.postalCode}
              />
            </>
          )}
          {method !== 'dob_ssn_zip' && (
            <TextField
              label={t('verify.vin')}
              value={answers.vin}
              onChange={set('vin')}
              autoComplete="off"
              autoFocus={method === 'vin'}
              sx={{ minWidth: 260 }}
              error={Boolean(fields.vin)}
              helperText={fields.vin}
            />
          )}
        </Stack>
      )}
      {lock.locked && lock.lockedUntil && !props.verified && (
        <Alert severity="error" data-testid="verify-locked">
          {t('verify.locked', { time: centreTime(lock.lockedUntil, 'time').text })}
        </Alert>
      )}
      {verify.error && (
        <Alert severity="error" data-testid="verify-error">
          {errorMessage(verify.error, t('verify.submit'))}
        </Alert>
      )}
      {!lock.locked && !props.verified && !verify.error && lock.attemptsLeft < 3 && (
        <FormHelperText>{t('verify.attemptsLeft', { count: lock.attemptsLeft })}</FormHelperText>
      )}
      {props.verified && (
        <Alert
          severity={props.verified.failedBefore > 0 ? 'warning' : 'success'}
          data-testid="verify-passed"
        >
          {t('verify.passed', { method: t(`verify.methods.${props.verified.method}`) })}
          {props.verified.failedBefore > 0 &&
            ` ${t('verify.failedBefore', { count: props.verified.failedBefore })}`}
        </Alert>
      )}
      <Stack direction="row" spacing={1}>
        <Button onClick={props.onBack}>{t('effects.back')}</Button>
        <Button type="submit" variant="contained" disabled={verify.isPending}>
          {props.verified ? t('customer.continue') : t('verify.submit')}
        </Button>
      </Stack>
    </Stack>
  );
}
