import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useTRPC } from '../../trpc.ts';
import type { AddressForm, Channel, Submitted, Verified } from './intake-types.ts';
import { CustomerStep } from './CustomerStep.tsx';
import { VerifyStep } from './VerifyStep.tsx';
import { AddressStep } from './AddressStep.tsx';
import { EffectsStep } from './EffectsStep.tsx';
import { DoneStep } from './DoneStep.tsx';
import { CustomerSide } from './CustomerSide.tsx';

const STEPS = ['customer', 'verify', 'address', 'effects', 'done'] as const;

/**
 * The intake stepper: customer → verify → new address (normalised live) → effects → apply or
 * submit for approval. Every step is a form, so Enter moves on; the first field of each step
 * takes the focus.
 */
export default function IntakePage() {
  const { t } = useTranslation('addressChanges');
  const trpc = useTRPC();
  const [params] = useSearchParams();
  const fromThread = Number(params.get('fromThread')) || undefined;
  const [customerId, setCustomerId] = useState<number | null>(
    Number(params.get('customerId')) || null,
  );
  // From a call: the caller was verified on the call (calls area); the server re-checks the id.
  const fromCall = Number(params.get('verificationId')) || null;
  const callMethod = params.get('method');
  const [step, setStep] = useState(fromCall && customerId ? 1 : 0);
  const [channel, setChannel] = useState<Channel>(fromThread ? 'message' : 'phone');
  const [verified, setVerified] = useState<Verified | null>(
    fromCall && (callMethod === 'dob_ssn_zip' || callMethod === 'dob_vin' || callMethod === 'vin')
      ? {
          verificationId: fromCall,
          method: callMethod,
          result: 'passed',
          failedBefore: 0,
          attemptedAt: '',
        }
      : null,
  );
  const [requesterId, setRequesterId] = useState<number | null>(null);
  const [address, setAddress] = useState<AddressForm>({
    country: 'US',
    line1: '',
    line2: '',
    city: '',
    region: '',
    postalCode: '',
  });
  const [accountIds, setAccountIds] = useState<number[]>([]);
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [reason, setReason] = useState('');
  const [submitted, setSubmitted] = useState<Submitted | null>(null);
  const context = useQuery({
    ...trpc.addressChanges.context.queryOptions({ customerId: customerId ?? 0 }),
    enabled: customerId !== null,
  });

  useEffect(() => {
    if (!context.data) return;
    setRequesterId((r) => r ?? context.data.customer.id);
    setAccountIds((a) =>
      a.length > 0
        ? a
        : context.data.accounts.filter((x) => x.status === 'active').map((x) => x.id),
    );
    setEffectiveFrom((d) => d || context.data.today);
  }, [context.data]);

  const reset = () => {
    setCustomerId(null);
    setStep(0);
    setVerified(null);
    setRequesterId(null);
    setAddress({ country: 'US', line1: '', line2: '', city: '', region: '', postalCode: '' });
    setAccountIds([]);
    setEffectiveFrom('');
    setReason('');
    setSubmitted(null);
  };

  return (
    <Stack spacing={2}>
      <Paper sx={{ p: 2 }}>
        <Stack direction="row" sx={{ alignItems: 'center', gap: 2, mb: 2 }}>
          <Typography variant="h6" component="h1">
            {t('newChange')}
          </Typography>
          {fromThread && <Chip size="small" label={t('address.fromThread', { id: fromThread })} />}
        </Stack>
        <Stepper activeStep={step} alternativeLabel>
          {STEPS.map((s) => (
            <Step key={s}>
              <StepLabel>{t(`steps.${s}`)}</StepLabel>
            </Step>
          ))}
        </Stepper>
      </Paper>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 8 }}>
          <Paper sx={{ p: 2 }}>
            {step === 0 && (
              <CustomerStep
                selected={context.data ?? null}
                onPick={(id) => {
                  setCustomerId(id);
                  setVerified(null);
                  setRequesterId(null);
                  setAccountIds([]);
                }}
                onNext={() => setStep(1)}
              />
            )}
            {step === 1 && context.data && (
              <VerifyStep
                context={context.data}
                channel={channel}
                setChannel={setChannel}
                requesterId={requesterId ?? context.data.customer.id}
                setRequesterId={setRequesterId}
                verified={verified}
                onVerified={setVerified}
                onBack={() => setStep(0)}
                onNext={() => setStep(2)}
              />
            )}
            {step === 2 && context.data && (
              <AddressStep
                context={context.data}
                address={address}
                setAddress={setAddress}
                accountIds={accountIds}
                setAccountIds={setAccountIds}
                effectiveFrom={effectiveFrom}
                setEffectiveFrom={setEffectiveFrom}
                reason={reason}
                setReason={setReason}
                onBack={() => setStep(1)}
                onNext={() => setStep(3)}
              />
            )}
            {step === 3 && context.data && verified && requesterId && (
              <EffectsStep
                customerId={context.data.customer.id}
                input={{
                  customerId: context.data.customer.id,
                  requesterCustomerId: requesterId,
                  verificationId: verified.verificationId,
                  channel,
                  accountIds,
                  address,
                  effectiveFrom,
                  reason,
                  ...(fromThread ? { fromThreadId: fromThread } : {}),
                }}
                onBack={() => setStep(2)}
                onDone={(r) => {
                  setSubmitted(r);
                  setStep(4);
                }}
              />
            )}
            {step === 4 && submitted && (
              <DoneStep result={submitted} today={context.data?.today ?? ''} onAnother={reset} />
            )}
          </Paper>
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          {context.data && <CustomerSide context={context.data} />}
        </Grid>
      </Grid>
    </Stack>
  );
}
