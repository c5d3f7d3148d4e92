import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Grid from '@mui/material/Grid';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useCentreZone } from '../../components/CentreTime.tsx';
import { WhyDisabled } from '../../components/WhyDisabled.tsx';
import { errorMessage, fieldErrors, useTRPC, type RouterInputs } from '../../trpc.ts';
import { Customer360Panel, CustomerSearchBox } from '../customers/index.ts';
import { dayLabel as day } from '../../../../server/domain/shared/date-labels.ts';
import { parseAmountToCents as toCents } from '../../../../server/domain/shared/money.ts';
import { IntakeClockPreview } from './IntakeClockPreview.tsx';
import { IntakeTransactions, type TxDraft } from './IntakeTransactions.tsx';
import { fromLocalInput, toLocalInput } from './datetime-local.ts';

type Channel = 'phone' | 'secure_message' | 'mail';
type ErrorType = RouterInputs['disputes']['create']['errorType'];
const ERROR_TYPES: ErrorType[] = [
  'duplicate_debit',
  'wrong_amount',
  'after_cancellation',
  'unauthorized',
  'not_received',
  'other',
];

export function DisputeIntake() {
  const { t, i18n } = useTranslation('disputes');
  const lang = i18n.language;
  const trpc = useTRPC();
  const centreZone = useCentreZone();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const fromThread = params.get('fromThread') ? Number(params.get('fromThread')) : null;
  // From a call: the notice was received when the call started.
  const callNoticeAt = params.get('noticeAt');
  const fromCall = params.get('callId') ? Number(params.get('callId')) : null;
  const [customerId, setCustomerId] = useState<number | null>(
    params.get('customerId') ? Number(params.get('customerId')) : null,
  );
  const [accountId, setAccountId] = useState<number | null>(
    params.get('accountId') ? Number(params.get('accountId')) : null,
  );
  const [channel, setChannel] = useState<Channel>(fromThread ? 'secure_message' : 'phone');
  // No default: the agent chooses the error type.
  const [errorType, setErrorType] = useState<ErrorType | ''>('');
  const [reason, setReason] = useState('');
  const [customerReason, setCustomerReason] = useState('');
  const [reasonReviewed, setReasonReviewed] = useState(false);
  // When the notice was received: empty means "now" on the server's clock (a call); a letter
  // must have its received stamp entered; a hand-off carries the message's received time.
  const [noticeAt, setNoticeAt] = useState(() =>
    callNoticeAt ? toLocalInput(callNoticeAt, centreZone) : '',
  );
  const handOff = useQuery({
    ...trpc.disputes.handOff.queryOptions({ threadId: fromThread ?? 0 }),
    enabled: fromThread !== null,
  });
  const [prefilled, setPrefilled] = useState(false);
  const [statementOn, setStatementOn] = useState('');
  const [txs, setTxs] = useState<TxDraft[]>([
    { transactionOn: '', amount: '', description: '', ledgerEntryId: null },
  ]);
  const [newAccount, setNewAccount] = useState<boolean | null>(null);
  const [pointOfSale, setPointOfSale] = useState(false);
  const [foreign, setForeign] = useState(false);
  const [confirmation, setConfirmation] = useState<boolean | null>(null);

  useEffect(() => {
    const h = handOff.data;
    if (!h || prefilled) return;
    setPrefilled(true);
    setCustomerId(h.customerId);
    if (h.accountId) setAccountId(h.accountId);
    setNoticeAt(toLocalInput(h.noticeAt, centreZone));
    setCustomerReason(h.reason);
    setReason(t('intake.handOffNote', { id: fromThread }));
    if (h.transactions.length > 0)
      setTxs(
        h.transactions.map((x) => ({
          transactionOn: x.transactionOn,
          amount: (x.amountCents / 100).toFixed(2),
          description: x.description,
          ledgerEntryId: x.ledgerEntryId,
        })),
      );
  }, [handOff.data, prefilled, fromThread, t, centreZone]);

  const noticeIso = fromLocalInput(noticeAt, centreZone);
  const c360 = useQuery({
    ...trpc.customers.get360.queryOptions({ customerId: customerId ?? 0 }),
    enabled: customerId !== null,
  });
  const accounts = c360.data?.accounts ?? [];
  const effectiveAccount = accountId ?? (accounts.length === 1 ? (accounts[0]?.id ?? null) : null);
  const validTxs = txs.filter(
    (x) => x.transactionOn && toCents(x.amount) && x.description.trim().length >= 2,
  );
  const previewInput = {
    customerId: customerId ?? 0,
    accountId: effectiveAccount ?? 0,
    channel,
    ...(errorType ? { errorType } : {}),
    ...(noticeIso ? { noticeAt: noticeIso } : {}),
    ...(statementOn ? { statementOn } : {}),
    ...(newAccount !== null ? { newAccount } : {}),
    pointOfSale,
    foreignInitiated: foreign,
    ...(confirmation !== null ? { writtenConfirmationRequired: confirmation } : {}),
    ...(validTxs.length > 0
      ? {
          transactions: validTxs.map((x) => ({
            transactionOn: x.transactionOn,
            amountCents: toCents(x.amount) ?? 0,
            description: x.description.trim(),
          })),
        }
      : {}),
  };
  const preview = useQuery({
    ...trpc.disputes.intakePreview.queryOptions(previewInput),
    enabled: customerId !== null && effectiveAccount !== null,
    placeholderData: keepPreviousData,
  });
  const create = useMutation(
    trpc.disputes.create.mutationOptions({ onSuccess: (r) => void navigate(`/disputes/${r.id}`) }),
  );
  const fields = fieldErrors(create.error);
  const p = preview.data;
  const wcRequired = confirmation ?? channel === 'phone';

  const missing = [
    ...(customerId ? [] : [t('intake.missing.customer')]),
    ...(!customerId || effectiveAccount ? [] : [t('intake.missing.account')]),
    ...(errorType ? [] : [t('intake.missing.errorType')]),
    ...(noticeIso || channel !== 'mail' ? [] : [t('intake.missing.noticeAt')]),
    ...(customerReason.trim() === '' || reasonReviewed ? [] : [t('intake.missing.reviewed')]),
  ];
  const ready = missing.length === 0;
  const submit = () => {
    if (!customerId || !effectiveAccount || !errorType || !ready) return;
    create.mutate({
      customerId,
      accountId: effectiveAccount,
      channel,
      errorType,
      ...(noticeIso ? { noticeAt: noticeIso } : {}),
      reason,
      ...(customerReason.trim() ? { customerReason: customerReason.trim() } : {}),
      ...(statementOn ? { statementOn } : {}),
      transactions: txs.map((x) => ({
        transactionOn: x.transactionOn,
        amountCents: toCents(x.amount) ?? 0,
        description: x.description.trim(),
        ...(x.ledgerEntryId ? { ledgerEntryId: x.ledgerEntryId } : {}),
      })),
      ...(newAccount !== null ? { newAccount } : {}),
      pointOfSale,
      foreignInitiated: foreign,
      writtenConfirmationRequired: wcRequired,
      ...(fromThread ? { fromThreadId: fromThread } : {}),
      ...(fromCall ? { fromCallId: fromCall } : {}),
    });
  };

  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, lg: 8 }}>
        <Paper sx={{ p: 2 }}>
          <Stack
            spacing={2}
            component="form"
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <Typography variant="h5" sx={{ flex: 1 }}>
                {t('intake.title')}
              </Typography>
              {fromThread && (
                <Chip color="info" label={t('intake.fromThread', { id: fromThread })} />
              )}
            </Stack>
            {customerId === null ? (
              <CustomerSearchBox
                autoFocus
                label={t('intake.searchLabel')}
                testId="dispute-customer-search"
                onSelect={(hit) => {
                  setCustomerId(hit.customerId);
                  setAccountId(
                    hit.accountId ??
                      (hit.accounts.length === 1 ? (hit.accounts[0]?.id ?? null) : null),
                  );
                }}
              />
            ) : (
              <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
                <Typography variant="h6" data-testid="intake-customer">
                  {c360.data?.customer.displayName ?? '…'}
                </Typography>
                <TextField
                  select
                  size="small"
                  label={t('intake.account')}
                  value={effectiveAccount ?? ''}
                  onChange={(e) => setAccountId(Number(e.target.value))}
                  sx={{ minWidth: 220 }}
                  error={Boolean(fields.accountId)}
                  helperText={fields.accountId}
                  slotProps={{ htmlInput: { 'data-testid': 'intake-account' } }}
                >
                  {accounts.map((a) => (
                    <MenuItem key={a.id} value={a.id}>
                      {a.accountNumber}
                    </MenuItem>
                  ))}
                </TextField>
                <Button
                  size="small"
                  onClick={() => {
                    setCustomerId(null);
                    setAccountId(null);
                  }}
                >
                  ✕
                </Button>
              </Stack>
            )}
            <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
              <TextField
                select
                label={t('intake.channel')}
                value={channel}
                onChange={(e) => setChannel(e.target.value as Channel)}
                sx={{ minWidth: 180 }}
              >
                {(['phone', 'secure_message', 'mail'] as const).map((c) => (
                  <MenuItem key={c} value={c}>
                    {t(`channel.${c}`)}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                type="datetime-local"
                label={channel === 'mail' ? t('intake.noticeAtMail') : t('intake.noticeAt')}
                value={noticeAt}
                onChange={(e) => setNoticeAt(e.target.value)}
                required={channel === 'mail'}
                error={Boolean(fields.noticeAt)}
                helperText={
                  fields.noticeAt ??
                  (p
                    ? t(noticeIso ? 'intake.noticeOn' : 'intake.noticeNow', {
                        date: day(p.noticeOn, lang),
                      })
                    : ' ')
                }
                slotProps={{
                  inputLabel: { shrink: true },
                  htmlInput: { 'data-testid': 'intake-notice-at' },
                }}
              />
              <TextField
                select
                required
                label={t('intake.errorType')}
                value={errorType}
                onChange={(e) => setErrorType(e.target.value as ErrorType)}
                sx={{ minWidth: 240 }}
                error={Boolean(fields.errorType)}
                slotProps={{ htmlInput: { 'data-testid': 'intake-error-type' } }}
              >
                {ERROR_TYPES.map((c) => (
                  <MenuItem key={c} value={c}>
                    {t(`errorType.${c}`)}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                type="date"
                label={t('intake.statementOn')}
                value={statementOn}
                onChange={(e) => setStatementOn(e.target.value)}
                slotProps={{ inputLabel: { shrink: true } }}
              />
            </Stack>
            <TextField
              label={t('intake.reason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              multiline
              minRows={2}
              required
              error={Boolean(fields.reason)}
              helperText={fields.reason ?? t('intake.reasonHelp')}
            />
            <TextField
              label={t('intake.customerReason')}
              value={customerReason}
              onChange={(e) => {
                setCustomerReason(e.target.value);
                setReasonReviewed(false);
              }}
              multiline
              minRows={2}
              error={Boolean(fields.customerReason)}
              helperText={fields.customerReason ?? t('intake.customerReasonHelp')}
            />
            {customerReason.trim() !== '' && (
              <FormControlLabel
                control={
                  <Checkbox
                    checked={reasonReviewed}
                    onChange={(e) => setReasonReviewed(e.target.checked)}
                  />
                }
                label={t('intake.customerReasonReviewed')}
              />
            )}
            <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
              {t('intake.transactions')}
            </Typography>
            <IntakeTransactions
              txs={txs}
              setTxs={setTxs}
              fields={fields}
              recentDebits={p?.recentDebits ?? []}
            />
            <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap' }}>
              <FormControlLabel
                control={
                  <Checkbox
                    checked={newAccount ?? p?.suggestedNewAccount ?? false}
                    onChange={(e) => setNewAccount(e.target.checked)}
                  />
                }
                label={t('intake.newAccount')}
              />
              <FormControlLabel
                control={
                  <Checkbox
                    checked={pointOfSale}
                    onChange={(e) => setPointOfSale(e.target.checked)}
                  />
                }
                label={t('intake.pointOfSale')}
              />
              <FormControlLabel
                control={
                  <Checkbox checked={foreign} onChange={(e) => setForeign(e.target.checked)} />
                }
                label={t('intake.foreign')}
              />
              <FormControlLabel
                control={
                  <Checkbox
                    checked={wcRequired}
                    disabled={channel !== 'phone'}
                    onChange={(e) => setConfirmation(e.target.checked)}
                  />
                }
                label={t('intake.writtenConfirmation')}
              />
            </Stack>
            {p && (
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <Typography variant="body2" data-testid="intake-residence">
                  {p.residence
                    ? t('intake.residence', {
                        region: `${p.residence.city}, ${p.residence.region}`,
                      })
                    : t('intake.noResidence')}
                </Typography>
                {p.massachusetts && <Chip size="small" color="secondary" label={t('intake.ma')} />}
              </Stack>
            )}
            {channel === 'phone' && <Alert severity="info">{t('intake.bankScript')}</Alert>}
            {create.error && (
              <Alert severity="error">
                {errorMessage(create.error, t('common:shell.offline'))}
              </Alert>
            )}
            <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
              <WhyDisabled id="intake-why" missing={missing} />
              <Button
                type="submit"
                variant="contained"
                disabled={create.isPending || !ready}
                aria-describedby={ready ? undefined : 'intake-why'}
              >
                {t('intake.save')}
              </Button>
            </Stack>
          </Stack>
        </Paper>
        {p && <IntakeClockPreview clocks={p.report.clocks} />}
      </Grid>
      <Grid size={{ xs: 12, lg: 4 }}>
        {customerId !== null && (
          <Customer360Panel
            customerId={customerId}
            {...(effectiveAccount ? { accountId: effectiveAccount } : {})}
            compact
          />
        )}
      </Grid>
    </Grid>
  );
}
