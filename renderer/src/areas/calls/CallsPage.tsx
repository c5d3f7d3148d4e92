import CallEndIcon from '@mui/icons-material/CallEnd';
import PhoneInTalkIcon from '@mui/icons-material/PhoneInTalk';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { errorMessage, fieldErrors, useTRPC, type RouterOutputs } from '../../trpc.ts';
import { CustomerSearchBox, type CustomerSearchHit } from '../customers/CustomerSearchBox.tsx';
import { dayLabel as day } from '../../../../shared/date-labels.ts';
import { formatCents as money } from '../../../../shared/money.ts';
import { CustomerTimeline } from './CustomerTimeline.tsx';
import { PortalHelp } from './PortalHelp.tsx';
import { CentreTime } from '../../components/CentreTime.tsx';

type CallView = NonNullable<RouterOutputs['calls']['current']['current']>;
type AccountView = NonNullable<CallView['customer']>['accounts'][number];

/** Refreshes every view a call action changes (the call, the 360, the timeline). */
function useInvalidate() {
  const qc = useQueryClient();
  const trpc = useTRPC();
  return () => {
    void qc.invalidateQueries({ queryKey: trpc.calls.pathKey() });
    void qc.invalidateQueries({ queryKey: trpc.customers.pathKey() });
  };
}

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

function StartCall({ recent }: { recent: RouterOutputs['calls']['current']['recent'] }) {
  const { t, i18n } = useTranslation('calls');
  const trpc = useTRPC();
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
              {day(r.startedAt.slice(0, 10), i18n.language)} · {r.customerName ?? t('unknown')} ·{' '}
              {r.outcome ? t(`outcome.${r.outcome}`) : t(`status.${r.status}`)}
            </Typography>
          ))}
        </Box>
      )}
    </Paper>
  );
}

/** Talk time, counted from the server's "now" (the trainer's clock in training), ticking locally. */
function Elapsed({ from, to, serverNow }: { from: string; to: string | null; serverNow: string }) {
  const [base] = useState(() => ({ server: Date.parse(serverNow), local: Date.now() }));
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    if (to) return;
    const timer = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [to]);
  const now = base.server + (tick - base.local);
  const seconds = Math.max(0, Math.round(((to ? Date.parse(to) : now) - Date.parse(from)) / 1000));
  const mm = Math.floor(seconds / 60);
  const ss = String(seconds % 60).padStart(2, '0');
  return <span style={{ fontVariantNumeric: 'tabular-nums' }}>{`${mm}:${ss}`}</span>;
}

function Card({
  title,
  children,
  right,
}: {
  title: string;
  children: ReactNode;
  right?: ReactNode;
}) {
  return (
    <Paper variant="outlined" component="section" aria-label={title} sx={{ p: 2 }}>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, flex: 1 }}>
          {title}
        </Typography>
        {right}
      </Stack>
      {children}
    </Paper>
  );
}

function ActiveCall({ view }: { view: CallView }) {
  const { t } = useTranslation('calls');
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const { call, customer } = view;
  const end = useMutation(trpc.calls.end.mutationOptions({ onSuccess: invalidate }));
  const verified = call.verificationResult === 'passed';
  return (
    <Stack direction={{ xs: 'column', lg: 'row' }} sx={{ gap: 2, alignItems: 'flex-start' }}>
      <Stack spacing={2} sx={{ flex: 3, minWidth: 0, width: '100%' }} data-testid="call-panel">
        <Paper sx={{ p: 2 }}>
          <Stack direction="row" sx={{ alignItems: 'center', gap: 1.5, flexWrap: 'wrap' }}>
            <PhoneInTalkIcon color={call.status === 'active' ? 'success' : 'disabled'} />
            <Typography variant="h5" component="h1" sx={{ flex: 1 }}>
              {customer?.displayName ?? t('unknown')}
            </Typography>
            <Chip
              size="small"
              label={t(`status.${call.status}`)}
              color={call.status === 'active' ? 'success' : 'warning'}
              data-testid="call-status"
            />
            <Chip
              size="small"
              icon={verified ? <VerifiedUserIcon /> : undefined}
              label={t(`verification.${call.verificationResult}`)}
              color={
                verified
                  ? 'success'
                  : call.verificationResult === 'not_attempted'
                    ? 'default'
                    : 'error'
              }
              data-testid="call-verification"
            />
            <Typography variant="h6" component="span" aria-label={t('elapsed')}>
              <Elapsed from={call.startedAt} to={call.endedAt} serverNow={view.now} />
            </Typography>
            {call.status === 'active' && (
              <Button
                color="error"
                variant="outlined"
                startIcon={<CallEndIcon />}
                onClick={() => end.mutate({ callId: call.id })}
                disabled={end.isPending}
                data-testid="end-call"
              >
                {t('end')}
              </Button>
            )}
          </Stack>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
            {t(`channel.${call.channel}`)} ·{' '}
            <CentreTime iso={call.startedAt} zone={view.timeZone} style="long" />
            {call.callerPhoneMasked ? ` · ${call.callerPhoneMasked}` : ''}
          </Typography>
        </Paper>
        {!customer && <MatchCaller callId={call.id} />}
        {customer && !verified && <VerifyCaller view={view} />}
        {customer && (
          <Card title={t('actions.title')}>
            {!verified && (
              <Alert severity="info" sx={{ mb: 1 }}>
                {t('actions.gated')}
              </Alert>
            )}
            <Stack spacing={1.5}>
              {customer.accounts.map((a) => (
                <AccountActions key={a.id} view={view} account={a} />
              ))}
              <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap' }}>
                <Tooltip title={verified ? '' : t('actions.verifyFirst')}>
                  <span>
                    <Button
                      variant="outlined"
                      size="small"
                      disabled={!verified}
                      component={RouterLink}
                      to={`/address-changes/new?customerId=${customer.id}&verificationId=${call.verificationId ?? ''}&method=${call.verificationMethod ?? ''}`}
                    >
                      {t('actions.addressChange')}
                    </Button>
                  </span>
                </Tooltip>
                <Button
                  variant="outlined"
                  size="small"
                  component={RouterLink}
                  to={`/disputes/new?customerId=${customer.id}${customer.accounts.length === 1 ? `&accountId=${customer.accounts[0]!.id}` : ''}&noticeAt=${encodeURIComponent(call.startedAt)}`}
                >
                  {t('actions.dispute')}
                </Button>
              </Stack>
            </Stack>
          </Card>
        )}
        {customer && (
          <PortalHelp
            callId={call.id}
            customerId={customer.id}
            verified={verified}
            timeZone={view.timeZone}
          />
        )}
        {view.actions.length > 0 && (
          <Card title={t('actions.done')}>
            {view.actions.map((a) => (
              <Typography key={a.id} variant="body2" data-testid="call-action">
                <CentreTime iso={a.at} zone={view.timeZone} style="time" /> — {a.summary}
              </Typography>
            ))}
          </Card>
        )}
        <WrapUp view={view} />
      </Stack>
      {customer && (
        <Paper sx={{ p: 2, flex: 2, minWidth: 0, width: '100%' }}>
          <CustomerTimeline customerId={customer.id} timeZone={view.timeZone} pageSize={15} />
        </Paper>
      )}
    </Stack>
  );
}

function MatchCaller({ callId }: { callId: number }) {
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

function VerifyCaller({ view }: { view: CallView }) {
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
  return (
    <Card title={t('verify.title')}>
      {lock.locked ? (
        <Alert severity="error">{t('verify.locked', { until: lock.lockedUntil })}</Alert>
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

function AccountActions({ view, account }: { view: CallView; account: AccountView }) {
  const { t, i18n } = useTranslation('calls');
  const lang = i18n.language;
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const verified = view.call.verificationResult === 'passed';
  const [confirm, setConfirm] = useState(false);
  const cancel = useMutation(
    trpc.calls.cancelEasyPay.mutationOptions({
      onSuccess: () => {
        setConfirm(false);
        invalidate();
      },
    }),
  );
  const balance = useMutation(
    trpc.calls.discloseBalance.mutationOptions({ onSuccess: invalidate }),
  );
  const c = account.easyPay.cancellation;
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }} data-testid={`call-account-${account.accountNumber}`}>
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography sx={{ fontFamily: 'monospace', fontWeight: 600 }}>
          {account.accountNumber}
        </Typography>
        <Chip size="small" label={t(`accountType.${account.type}`)} />
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
          {account.vehicle}
        </Typography>
        <Tooltip title={verified ? '' : t('actions.verifyFirst')}>
          <span>
            <Button
              size="small"
              disabled={!verified || balance.isPending}
              onClick={() => balance.mutate({ callId: view.call.id, accountId: account.id })}
            >
              {t('actions.balance')}
            </Button>
          </span>
        </Tooltip>
      </Stack>
      {balance.data && (
        <Typography variant="body2" sx={{ mt: 0.5 }} data-testid="balance-disclosed">
          {t('actions.balanceText', {
            due: money(balance.data.summary.amountDueCents, lang),
            date: day(balance.data.summary.nextDueDate, lang),
            balance: money(balance.data.summary.balanceCents, lang),
          })}
        </Typography>
      )}
      {balance.error && <Alert severity="error">{errorMessage(balance.error, t('error'))}</Alert>}
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, mt: 1, flexWrap: 'wrap' }}>
        <Typography variant="body2" sx={{ flex: 1 }}>
          {account.easyPay.enrolled && c
            ? t('easypay.enrolled', { bank: account.easyPay.bankAccountMasked ?? '' }) +
              ' ' +
              (c.goesAhead
                ? t('easypay.goesAhead', {
                    debit: day(c.goesAhead.debitDate, lang),
                    by: day(c.goesAhead.cancelBy, lang),
                  }) + ' '
                : '') +
              (c.stops
                ? t('easypay.wouldStop', {
                    debit: day(c.stops.debitDate, lang),
                    by: day(c.stops.cancelBy, lang),
                  })
                : '')
            : t('easypay.notEnrolled')}
        </Typography>
        {account.easyPay.enrolled && c && (
          <Tooltip title={verified ? '' : t('actions.verifyFirst')}>
            <span>
              <Button
                size="small"
                color="warning"
                variant="outlined"
                disabled={!verified}
                onClick={() => setConfirm(true)}
                data-testid="cancel-easypay"
              >
                {t('easypay.cancel')}
              </Button>
            </span>
          </Tooltip>
        )}
      </Stack>
      {cancel.data && (
        <Alert severity="success" sx={{ mt: 1 }} data-testid="easypay-cancelled">
          {(cancel.data.cancellation.goesAhead
            ? t('easypay.doneGoesAhead', {
                debit: day(cancel.data.cancellation.goesAhead.debitDate, lang),
              }) + ' '
            : '') +
            (cancel.data.cancellation.stops
              ? t('easypay.doneStops', {
                  debit: day(cancel.data.cancellation.stops.debitDate, lang),
                  due: day(cancel.data.cancellation.stops.dueDate, lang),
                })
              : t('easypay.doneNone'))}
        </Alert>
      )}
      {c && (
        <ConfirmDialog
          open={confirm}
          title={t('easypay.confirmTitle')}
          confirmLabel={t('easypay.cancel')}
          danger
          busy={cancel.isPending}
          error={cancel.error ? errorMessage(cancel.error, t('error')) : null}
          onCancel={() => setConfirm(false)}
          onConfirm={() => cancel.mutate({ callId: view.call.id, accountId: account.id })}
          facts={[
            [t('easypay.account'), account.accountNumber],
            [t('easypay.bank'), account.easyPay.bankAccountMasked ?? '—'],
            [t('easypay.stops'), c.stops ? day(c.stops.debitDate, lang) : '—'],
            [
              t('easypay.stillTaken'),
              c.goesAhead ? day(c.goesAhead.debitDate, lang) : t('easypay.none'),
            ],
          ]}
        />
      )}
    </Paper>
  );
}

const OUTCOMES = ['resolved', 'follow_up', 'callback', 'transferred', 'no_action'] as const;

function WrapUp({ view }: { view: CallView }) {
  const { t, i18n } = useTranslation('calls');
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const [reasons, setReasons] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('resolved');
  const [followUpOn, setFollowUpOn] = useState('');
  const [notes, setNotes] = useState('');
  const wrap = useMutation(trpc.calls.wrapUp.mutationOptions({ onSuccess: invalidate }));
  const fields = fieldErrors(wrap.error);
  const fr = i18n.language.startsWith('fr');
  return (
    <Card
      title={t('wrap.title')}
      right={
        view.call.status === 'wrap_up' ? (
          <Chip size="small" color="warning" label={t('wrap.required')} />
        ) : undefined
      }
    >
      <Stack spacing={1.5}>
        <Box>
          <Typography
            variant="body2"
            color={fields.reasons ? 'error' : 'text.secondary'}
            sx={{ mb: 0.5 }}
          >
            {fields.reasons ?? t('wrap.reasons')}
          </Typography>
          <Stack direction="row" sx={{ gap: 0.75, flexWrap: 'wrap' }}>
            {view.reasonCodes.map((r) => {
              const on = reasons.includes(r.code);
              return (
                <Chip
                  key={r.code}
                  label={fr ? r.labelFr : r.labelEn}
                  color={on ? 'primary' : 'default'}
                  variant={on ? 'filled' : 'outlined'}
                  aria-pressed={on}
                  data-testid={`reason-${r.code}`}
                  onClick={() =>
                    setReasons((x) => (on ? x.filter((c) => c !== r.code) : [...x, r.code]))
                  }
                />
              );
            })}
          </Stack>
        </Box>
        <Stack direction="row" sx={{ gap: 1.5, flexWrap: 'wrap' }}>
          <TextField
            select
            size="small"
            label={t('wrap.outcome')}
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as (typeof OUTCOMES)[number])}
            sx={{ minWidth: 200 }}
            slotProps={{ htmlInput: { 'data-testid': 'wrap-outcome' } }}
          >
            {OUTCOMES.map((o) => (
              <MenuItem key={o} value={o}>
                {t(`outcome.${o}`)}
              </MenuItem>
            ))}
          </TextField>
          {(outcome === 'follow_up' || outcome === 'callback') && (
            <TextField
              size="small"
              type="date"
              label={t('wrap.followUpOn')}
              value={followUpOn}
              onChange={(e) => setFollowUpOn(e.target.value)}
              error={Boolean(fields.followUpOn)}
              helperText={fields.followUpOn}
              slotProps={{ inputLabel: { shrink: true } }}
            />
          )}
        </Stack>
        <TextField
          size="small"
          multiline
          minRows={2}
          label={t('wrap.notes')}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'wrap-notes' } }}
        />
        {wrap.error && !fields.reasons && !fields.followUpOn && (
          <Alert severity="error">{errorMessage(wrap.error, t('error'))}</Alert>
        )}
        <Box>
          <Button
            variant="contained"
            onClick={() =>
              wrap.mutate({
                callId: view.call.id,
                reasons,
                outcome,
                followUpOn: followUpOn || null,
                notes: notes.trim() || null,
              })
            }
            disabled={wrap.isPending}
            data-testid="wrap-up"
          >
            {view.call.status === 'active' ? t('wrap.endAndSubmit') : t('wrap.submit')}
          </Button>
        </Box>
      </Stack>
    </Card>
  );
}
