import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors, useTRPC } from '../../trpc.ts';
import { CustomerSearchBox } from '../customers/CustomerSearchBox.tsx';
import { Card, useInvalidate } from './CallParts.tsx';
import { useCentreTime } from '../../components/CentreTime.tsx';
import type { CallView } from './call-types.ts';

/** An unknown caller: find their customer record. */
export function MatchCaller({ callId }: { callId: number }) {
  const { t } = useTranslation('calls');
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const match = useMutation(trpc.calls.matchCustomer.mutationOptions({ onSuccess: invalidate }));
  return (
    <Card title={t('match.title')}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('match.intro')}
      </Typography>
      <CustomerSearchBox
        onSelect={(hit) => match.mutate({ callId, customerId: hit.customerId })}
        size="small"
        testId="match-customer-search"
      />
      {match.error && <Alert severity="error">{errorMessage(match.error, t('error'))}</Alert>}
    </Card>
  );
}

/** Verify the caller once (the shared server-side check and lockout). */
export function VerifyCaller({ view }: { view: CallView }) {
  const { t } = useTranslation('calls');
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const customer = view.customer!;
  const [method, setMethod] = useState(customer.methods[0] ?? 'dob_ssn_zip');
  const [answers, setAnswers] = useState({
    dateOfBirth: '',
    ssnLast4: '',
    postalCode: '',
    vin: '',
  });
  const verify = useMutation(
    trpc.calls.verify.mutationOptions({ onSuccess: invalidate, onError: invalidate }),
  );
  const fields = fieldErrors(verify.error);
  const set = (k: keyof typeof answers) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setAnswers((a) => ({ ...a, [k]: e.target.value }));
  const lock = customer.lock;
  const centreTime = useCentreTime();
  return (
    <Card title={t('verify.title')}>
      {lock.locked ? (
        <Alert severity="error">
          {t('verify.locked', {
            until: lock.lockedUntil ? centreTime(lock.lockedUntil, 'time').text : '',
          })}
        </Alert>
      ) : (
        <Stack spacing={1.5}>
          <RadioGroup
            row
            value={method}
            onChange={(e) => setMethod(e.target.value as typeof method)}
          >
            {customer.methods.map((m) => (
              <FormControlLabel
                key={m}
                value={m}
                control={<Radio size="small" />}
                label={t(`verify.methods.${m}`)}
              />
            ))}
          </RadioGroup>
          <Stack direction="row" sx={{ gap: 1.5, flexWrap: 'wrap' }}>
            {method !== 'vin' && (
              <TextField
                size="small"
                type="date"
                label={t('verify.dateOfBirth')}
                value={answers.dateOfBirth}
                onChange={set('dateOfBirth')}
                error={Boolean(fields.dateOfBirth)}
                helperText={fields.dateOfBirth}
                slotProps={{
                  inputLabel: { shrink: true },
                  htmlInput: { 'data-testid': 'verify-dob' },
                }}
              />
            )}
            {method === 'dob_ssn_zip' && (
              <>
                <TextField
                  size="small"
                  label={t('verify.ssnLast4')}
                  value={answers.ssnLast4}
                  onChange={set('ssnLast4')}
                  error={Boolean(fields.ssnLast4)}
                  helperText={fields.ssnLast4}
                  sx={{ width: 140 }}
                  slotProps={{
                    htmlInput: { inputMode: 'numeric', maxLength: 4, 'data-testid': 'verify-ssn' },
                  }}
                />
                <TextField
                  size="small"
                  label={t('verify.postalCode')}
                  value={answers.postalCode}
                  onChange={set('postalCode')}
                  error={Boolean(fields.postalCode)}
                  helperText={fields.postalCode}
                  sx={{ width: 160 }}
                  slotProps={{ htmlInput: { 'data-testid': 'verify-zip' } }}
                />
              </>
            )}
            {method !== 'dob_ssn_zip' && (
              <TextField
                size="small"
                label={t('verify.vin')}
                value={answers.vin}
                onChange={set('vin')}
                error={Boolean(fields.vin)}
                helperText={fields.vin}
                sx={{ width: 260 }}
                slotProps={{ htmlInput: { maxLength: 17, 'data-testid': 'verify-vin' } }}
              />
            )}
          </Stack>
          {verify.error && <Alert severity="error">{errorMessage(verify.error, t('error'))}</Alert>}
          {!verify.error && lock.attemptsLeft < 3 && (
            <Alert severity="warning">
              {t('verify.attemptsLeft', { count: lock.attemptsLeft })}
            </Alert>
          )}
          <Box>
            <Button
              variant="contained"
              startIcon={<VerifiedUserIcon />}
              disabled={verify.isPending}
              onClick={() =>
                verify.mutate({
                  callId: view.call.id,
                  method,
                  ...(method !== 'vin' ? { dateOfBirth: answers.dateOfBirth } : {}),
                  ...(method === 'dob_ssn_zip'
                    ? { ssnLast4: answers.ssnLast4, postalCode: answers.postalCode }
                    : { vin: answers.vin }),
                })
              }
              data-testid="verify-submit"
            >
              {t('verify.submit')}
            </Button>
          </Box>
        </Stack>
      )}
    </Card>
  );
}
