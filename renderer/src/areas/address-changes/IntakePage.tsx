import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Grid from '@mui/material/Grid';
import List from '@mui/material/List';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounce } from 'use-debounce';
import { CustomerSearchBox } from '../customers/index.ts';
import { useNavigate, useSearchParams } from 'react-router';
import {
  errorMessage,
  fieldErrors,
  useTRPC,
  type RouterInputs,
  type RouterOutputs,
} from '../../trpc.ts';
import { AddressBlock, FlagList, formatMoney, LetterList, StatusChip } from './shared.tsx';

type Context = RouterOutputs['addressChanges']['context'];
type Verified = RouterOutputs['addressChanges']['verify'];
type Submitted = RouterOutputs['addressChanges']['submit'];
type Channel = 'phone' | 'message' | 'mail';
type AddressForm = RouterInputs['addressChanges']['normalize']['address'];

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

function CustomerStep({
  selected,
  onPick,
  onNext,
}: {
  selected: Context | null;
  onPick: (id: number) => void;
  onNext: () => void;
}) {
  const { t } = useTranslation('addressChanges');
  return (
    <Stack
      component="form"
      spacing={2}
      onSubmit={(e) => {
        e.preventDefault();
        if (selected) onNext();
      }}
    >
      <CustomerSearchBox
        autoFocus
        clearOnSelect={false}
        label={t('search.label')}
        onSelect={(hit) => onPick(hit.customerId)}
      />
      {selected && (
        <Alert severity="success" data-testid="selected-customer">
          {selected.customer.displayName}
        </Alert>
      )}
      <Box>
        <Button type="submit" variant="contained" disabled={!selected}>
          {t('customer.continue')}
        </Button>
      </Box>
    </Stack>
  );
}

function VerifyStep(props: {
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
  const { t, i18n } = useTranslation('addressChanges');
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
          {t('verify.locked', { time: new Date(lock.lockedUntil).toLocaleString(i18n.language) })}
        </Alert>
      )}
      {verify.error && (
        <Alert severity="error" data-testid="verify-error">
          {errorMessage(verify.error, t('verify.submit'))}
        </Alert>
      )}
      {!lock.locked && !props.verified && !verify.error && lock.attemptsLeft < 3 && (
        <FormHelperText>{t('verify.attemptsLeft', { n: lock.attemptsLeft })}</FormHelperText>
      )}
      {props.verified && (
        <Alert
          severity={props.verified.failedBefore > 0 ? 'warning' : 'success'}
          data-testid="verify-passed"
        >
          {t('verify.passed', { method: t(`verify.methods.${props.verified.method}`) })}
          {props.verified.failedBefore > 0 &&
            ` ${t('verify.failedBefore', { n: props.verified.failedBefore })}`}
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

function AddressStep(props: {
  context: Context;
  address: AddressForm;
  setAddress: (a: AddressForm) => void;
  accountIds: number[];
  setAccountIds: (ids: number[]) => void;
  effectiveFrom: string;
  setEffectiveFrom: (d: string) => void;
  reason: string;
  setReason: (r: string) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation('addressChanges');
  const trpc = useTRPC();
  const { address } = props;
  const [debounced] = useDebounce(address, 250);
  const normalized = useQuery({
    ...trpc.addressChanges.normalize.queryOptions({ address: debounced }),
    enabled: debounced.line1.trim() !== '' || debounced.postalCode.trim() !== '',
    placeholderData: keepPreviousData,
  });
  const result = normalized.data;
  const errs: Record<string, string | undefined> = result && !result.ok ? result.fields : {};
  const set = (k: keyof AddressForm) => (e: React.ChangeEvent<HTMLInputElement>) =>
    props.setAddress({ ...address, [k]: e.target.value });
  const us = address.country === 'US';
  const fresh = debounced === address;
  const ready =
    Boolean(result?.ok) &&
    fresh &&
    props.accountIds.length > 0 &&
    props.reason.trim().length >= 3 &&
    props.effectiveFrom >= props.context.today;
  return (
    <Stack
      component="form"
      spacing={2}
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) props.onNext();
      }}
    >
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, sm: 4 }}>
          <TextField
            select
            fullWidth
            label={t('address.country')}
            value={address.country}
            onChange={(e) =>
              props.setAddress({ ...address, country: e.target.value as 'US' | 'CA' })
            }
          >
            <MenuItem value="US">{t('address.US')}</MenuItem>
            <MenuItem value="CA">{t('address.CA')}</MenuItem>
          </TextField>
        </Grid>
        <Grid size={{ xs: 12, sm: 8 }}>
          <TextField
            fullWidth
            autoFocus
            label={t('address.line1')}
            value={address.line1}
            onChange={set('line1')}
            error={Boolean(errs.line1)}
            helperText={errs.line1}
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 4 }}>
          <TextField
            fullWidth
            label={t('address.line2')}
            value={address.line2 ?? ''}
            onChange={set('line2')}
            error={Boolean(errs.line2)}
            helperText={errs.line2}
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 3 }}>
          <TextField
            fullWidth
            label={t('address.city')}
            value={address.city}
            onChange={set('city')}
            error={Boolean(errs.city)}
            helperText={errs.city}
          />
        </Grid>
        <Grid size={{ xs: 6, sm: 2 }}>
          <TextField
            fullWidth
            label={us ? t('address.regionUS') : t('address.regionCA')}
            value={address.region}
            onChange={set('region')}
            error={Boolean(errs.region)}
            helperText={errs.region}
          />
        </Grid>
        <Grid size={{ xs: 6, sm: 3 }}>
          <TextField
            fullWidth
            label={us ? t('address.postalUS') : t('address.postalCA')}
            value={address.postalCode}
            onChange={set('postalCode')}
            error={Boolean(errs.postalCode)}
            helperText={errs.postalCode}
          />
        </Grid>
      </Grid>
      <Paper
        variant="outlined"
        sx={{ p: 1.5, bgcolor: 'action.hover' }}
        data-testid="normalized-preview"
      >
        <Typography variant="overline">{t('address.normalized')}</Typography>
        {result?.ok ? (
          <AddressBlock address={result.address} testId="normalized-address" />
        ) : (
          <Typography color="text.secondary">{t('address.invalid')}</Typography>
        )}
      </Paper>
      <FormGroup>
        <FormLabel>{t('address.accounts')}</FormLabel>
        {props.context.accounts.map((a) => (
          <FormControlLabel
            key={a.id}
            control={
              <Checkbox
                checked={props.accountIds.includes(a.id)}
                onChange={(e) =>
                  props.setAccountIds(
                    e.target.checked
                      ? [...props.accountIds, a.id]
                      : props.accountIds.filter((x) => x !== a.id),
                  )
                }
              />
            }
            label={`${a.accountNumber} · ${a.type} · ${a.vehicle} · ${a.status}`}
          />
        ))}
      </FormGroup>
      <Stack direction="row" spacing={2}>
        <TextField
          type="date"
          label={t('address.effectiveFrom')}
          value={props.effectiveFrom}
          onChange={(e) => props.setEffectiveFrom(e.target.value)}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { min: props.context.today } }}
        />
        <TextField
          label={t('address.reason')}
          value={props.reason}
          onChange={(e) => props.setReason(e.target.value)}
          sx={{ flex: 1 }}
        />
      </Stack>
      <Stack direction="row" spacing={1}>
        <Button onClick={props.onBack}>{t('effects.back')}</Button>
        <Button type="submit" variant="contained" disabled={!ready}>
          {t('address.preview')}
        </Button>
      </Stack>
    </Stack>
  );
}

function EffectsStep({
  customerId,
  input,
  onBack,
  onDone,
}: {
  customerId: number;
  input: RouterInputs['addressChanges']['submit'];
  onBack: () => void;
  onDone: (r: Submitted) => void;
}) {
  const { t, i18n } = useTranslation('addressChanges');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const preview = useQuery(
    trpc.addressChanges.preview.queryOptions({
      customerId,
      requesterCustomerId: input.requesterCustomerId,
      accountIds: input.accountIds,
      address: input.address,
      verificationId: input.verificationId,
    }),
  );
  const submit = useMutation(
    trpc.addressChanges.submit.mutationOptions({
      onSuccess: (r) => {
        void queryClient.invalidateQueries({ queryKey: trpc.addressChanges.context.queryKey() });
        onDone(r);
      },
    }),
  );
  const p = preview.data;
  const money = (c: number | null) => formatMoney(c, i18n.language);
  const rows = useMemo(() => p?.effects.lockboxes ?? [], [p]);
  if (preview.error) return <Alert severity="error">{errorMessage(preview.error, '')}</Alert>;
  if (!p) return null;
  const e = p.effects;
  return (
    <Stack
      component="form"
      spacing={2}
      data-testid="effects"
      onSubmit={(ev) => {
        ev.preventDefault();
        submit.mutate(input);
      }}
    >
      <Typography variant="h6">{t('effects.title')}</Typography>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, sm: 6 }}>
          <Typography variant="overline">{t('detail.old')}</Typography>
          <AddressBlock address={p.currentAddress} />
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <Typography variant="overline">{t('detail.new')}</Typography>
          <AddressBlock address={p.address} />
        </Grid>
      </Grid>
      {p.sameAsCurrent && <Alert severity="info">{t('address.same')}</Alert>}
      <Table size="small">
        <TableBody>
          <TableRow>
            <TableCell component="th" sx={{ width: 260 }}>
              {t('effects.fee')}
            </TableCell>
            <TableCell data-testid="effect-fee">
              {e.fee.changed ? (
                <strong>
                  {money(e.fee.beforeCents)} ({e.fromRegion ?? '—'}) → {money(e.fee.afterCents)} (
                  {e.toRegion})
                </strong>
              ) : (
                t('effects.feeSame', { fee: money(e.fee.afterCents) })
              )}
            </TableCell>
          </TableRow>
          <TableRow>
            <TableCell component="th">{t('effects.ma')}</TableCell>
            <TableCell data-testid="effect-ma">
              {e.massachusettsRule.change === 'starts' && <strong>{t('effects.maStarts')}</strong>}
              {e.massachusettsRule.change === 'stops' && <strong>{t('effects.maStops')}</strong>}
              {e.massachusettsRule.change === 'none' &&
                t('effects.maNone', {
                  state: e.massachusettsRule.after ? t('effects.on') : t('effects.off'),
                })}
            </TableCell>
          </TableRow>
          <TableRow>
            <TableCell component="th">{t('effects.lease')}</TableCell>
            <TableCell data-testid="effect-lease">
              {e.leaseNotices.length === 0
                ? t('effects.leaseNone')
                : e.leaseNotices.map((n) => (
                    <div key={n.accountId}>
                      {t('effects.leaseNotice', {
                        account: n.accountNumber,
                        from: n.fromRegion ?? '—',
                        to: n.toRegion,
                      })}
                    </div>
                  ))}
            </TableCell>
          </TableRow>
          <TableRow>
            <TableCell component="th">{t('effects.disputes')}</TableCell>
            <TableCell>
              {e.openDisputes.length === 0
                ? t('effects.noneOpen')
                : e.openDisputes.map((d) => `#${d.id} ${d.label}`).join(' · ')}
            </TableCell>
          </TableRow>
          <TableRow>
            <TableCell component="th">{t('effects.messages')}</TableCell>
            <TableCell>
              {e.openMessages.length === 0
                ? t('effects.noneOpen')
                : e.openMessages.map((d) => `#${d.id} ${d.label}`).join(' · ')}
            </TableCell>
          </TableRow>
        </TableBody>
      </Table>
      <Typography variant="subtitle2">{t('effects.lockbox')}</Typography>
      <Table size="small" data-testid="effect-lockboxes">
        <TableHead>
          <TableRow>
            <TableCell>{t('effects.account')}</TableCell>
            <TableCell>{t('effects.before')}</TableCell>
            <TableCell>{t('effects.after')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((l) => (
            <TableRow key={l.accountId}>
              <TableCell>
                {l.accountNumber} · {l.accountType}
              </TableCell>
              <TableCell>
                {l.before
                  ? `${l.before.poBox}, ${l.before.city} ${l.before.region} ${l.before.postalCode}`
                  : '—'}
              </TableCell>
              <TableCell sx={{ fontWeight: l.changed ? 700 : 400 }}>
                {l.after.payee}, {l.after.poBox}, {l.after.city} {l.after.region}{' '}
                {l.after.postalCode}
                {l.changed && (
                  <Chip size="small" color="warning" label={t('effects.changed')} sx={{ ml: 1 }} />
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Divider />
      {p.redFlags.length > 0 ? (
        <Alert severity="warning" data-testid="needs-approval">
          <strong>{t('effects.flagsTitle')}</strong>
          <FlagList flags={p.redFlags} dense />
        </Alert>
      ) : (
        <Alert severity="success">{t('effects.noFlags')}</Alert>
      )}
      {submit.error && <Alert severity="error">{errorMessage(submit.error, '')}</Alert>}
      <Stack direction="row" spacing={1}>
        <Button onClick={onBack}>{t('effects.back')}</Button>
        <Button
          type="submit"
          variant="contained"
          color={p.needsApproval ? 'warning' : 'primary'}
          disabled={submit.isPending}
          autoFocus
        >
          {p.needsApproval ? t('effects.submitForApproval') : t('effects.apply')}
        </Button>
      </Stack>
    </Stack>
  );
}

function DoneStep({
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

/** The customer's side panel: current address, history, flags, changes, payoff/title requests. */
function CustomerSide({ context }: { context: Context }) {
  const { t } = useTranslation('addressChanges');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<'payoff' | 'title'>('payoff');
  const [accountId, setAccountId] = useState<number | ''>('');
  const record = useMutation(
    trpc.addressChanges.recordRequest.mutationOptions({
      onSuccess: () =>
        void queryClient.invalidateQueries({ queryKey: trpc.addressChanges.context.queryKey() }),
    }),
  );
  return (
    <Stack spacing={2}>
      <Paper sx={{ p: 2 }} data-testid="customer-side">
        <Typography variant="subtitle1" sx={{ fontWeight: 700 }}>
          {context.customer.displayName}
        </Typography>
        <Typography variant="overline">{t('customer.current')}</Typography>
        <AddressBlock address={context.currentAddress} testId="current-address" />
        {context.flags.length > 0 && (
          <Box sx={{ mt: 1 }}>
            <Typography variant="overline">{t('customer.flags')}</Typography>
            {context.flags.map((f) => (
              <Alert
                key={f.id}
                severity="error"
                sx={{ mb: 0.5 }}
                data-testid={`customer-flag-${f.kind}`}
              >
                {f.note ?? f.kind}
              </Alert>
            ))}
          </Box>
        )}
        <Typography variant="overline" component="div" sx={{ mt: 1 }}>
          {t('customer.history')}
        </Typography>
        <List dense disablePadding data-testid="address-history">
          {context.history.map((h) => {
            const current =
              h.effectiveFrom <= context.today &&
              (h.effectiveTo === null || h.effectiveTo > context.today);
            const future = h.effectiveFrom > context.today;
            return (
              <ListItemText
                key={h.id}
                sx={{ opacity: current || future ? 1 : 0.6 }}
                primary={`${h.line1}${h.line2 ? `, ${h.line2}` : ''}, ${h.city} ${h.region} ${h.postalCode}`}
                secondary={`${h.effectiveFrom} → ${h.effectiveTo ?? '…'} · ${current ? t('customer.current_badge') : future ? t('customer.future_badge', { date: h.effectiveFrom }) : t('customer.past_badge', { date: h.effectiveTo ?? '' })} · ${h.source}`}
              />
            );
          })}
        </List>
        {context.changes.length > 0 && (
          <>
            <Typography variant="overline" component="div" sx={{ mt: 1 }}>
              {t('customer.changes')}
            </Typography>
            {context.changes.map((c) => (
              <Stack key={c.id} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <Typography variant="body2">
                  #{c.id} · {c.requestedOn} · {c.address.city} {c.address.region}
                </Typography>
                <StatusChip
                  status={c.status}
                  effectiveFrom={c.effectiveFrom}
                  today={context.today}
                />
              </Stack>
            ))}
          </>
        )}
      </Paper>
      <Paper
        sx={{ p: 2 }}
        component="form"
        onSubmit={(e: React.FormEvent) => {
          e.preventDefault();
          record.mutate({
            customerId: context.customer.id,
            kind,
            channel: 'phone',
            ...(accountId ? { accountId } : {}),
          });
        }}
      >
        <Typography variant="overline">{t('customer.recordRequest')}</Typography>
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          <TextField
            select
            size="small"
            label={t('request.kind')}
            value={kind}
            onChange={(e) => setKind(e.target.value as 'payoff' | 'title')}
          >
            <MenuItem value="payoff">{t('request.payoff')}</MenuItem>
            <MenuItem value="title">{t('request.title')}</MenuItem>
          </TextField>
          <TextField
            select
            size="small"
            label={t('request.account')}
            value={accountId}
            onChange={(e) => setAccountId(Number(e.target.value))}
            sx={{ minWidth: 140 }}
          >
            {context.accounts.map((a) => (
              <MenuItem key={a.id} value={a.id}>
                {a.accountNumber}
              </MenuItem>
            ))}
          </TextField>
          <Button type="submit" disabled={record.isPending}>
            {t('request.save')}
          </Button>
        </Stack>
        {record.data && (
          <Alert
            severity={record.data.suspectedChanges.length > 0 ? 'warning' : 'success'}
            sx={{ mt: 1 }}
          >
            {record.data.suspectedChanges.length > 0
              ? t('request.suspected', { ids: record.data.suspectedChanges.join(', #') })
              : t('request.saved')}
          </Alert>
        )}
        {record.error && <Alert severity="error">{errorMessage(record.error, '')}</Alert>}
        {context.requests.length > 0 && (
          <List dense disablePadding>
            {context.requests.map((r) => (
              <ListItemText key={r.id} primary={`${r.requestedOn} · ${t(`request.${r.kind}`)}`} />
            ))}
          </List>
        )}
      </Paper>
    </Stack>
  );
}
