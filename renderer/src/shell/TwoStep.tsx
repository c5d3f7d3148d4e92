import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, useTRPC, type SignedInUser } from '../trpc.ts';

interface ErrorDetail {
  reason?: 'wrong' | 'replayed';
  attemptsLeft?: number;
  lockedUntil?: string;
}

/** A failed code, in the user's language: wrong, replayed, locked, or the sign-in expired. */
export function useCodeError(error: unknown): { message: string | null; expired: boolean } {
  const { t, i18n } = useTranslation('auth');
  const { t: tc } = useTranslation();
  if (!error) return { message: null, expired: false };
  const data =
    error instanceof TRPCClientError
      ? (error.data as { code?: string; detail?: ErrorDetail | null } | undefined)
      : undefined;
  const detail = data?.detail ?? {};
  if (detail.lockedUntil) {
    const time = new Date(detail.lockedUntil).toLocaleTimeString(i18n.language, {
      hour: '2-digit',
      minute: '2-digit',
    });
    return { message: t('code.locked', { time }), expired: true };
  }
  if (detail.reason) {
    let message = t(detail.reason === 'replayed' ? 'code.replayed' : 'code.wrong');
    if (detail.attemptsLeft !== undefined)
      message += ` ${t('code.attemptsLeft', { count: detail.attemptsLeft })}`;
    return { message, expired: false };
  }
  if (data?.code === 'UNAUTHORIZED') return { message: t('code.expired'), expired: true };
  return { message: errorMessage(error, tc('shell.offline')), expired: false };
}

function CodeField({
  value,
  onChange,
  autoFocus = true,
}: {
  value: string;
  onChange: (v: string) => void;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation('auth');
  return (
    <TextField
      label={t('code.label')}
      name="one-time-code"
      autoComplete="one-time-code"
      autoFocus={autoFocus}
      value={value}
      onChange={(e) => onChange(e.target.value.replace(/[^\d ]/g, '').slice(0, 7))}
      slotProps={{
        htmlInput: {
          inputMode: 'numeric',
          style: { letterSpacing: '0.3em', fontSize: 22, textAlign: 'center' },
        },
      }}
    />
  );
}

/** Letters and digits of a typed recovery code (dashes and spaces are for reading only). */
function recoveryCodeLength(value: string): number {
  return value.replace(/[\s-]/g, '').length;
}

function RecoveryCodeField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation('auth');
  return (
    <TextField
      label={t('code.recoveryLabel')}
      name="recovery-code"
      autoComplete="off"
      autoFocus
      value={value}
      onChange={(e) =>
        onChange(
          e.target.value
            .toUpperCase()
            .replace(/[^A-Z2-7\s-]/g, '')
            .slice(0, 24),
        )
      }
      slotProps={{
        htmlInput: {
          spellCheck: false,
          style: { letterSpacing: '0.1em', fontFamily: 'monospace', textAlign: 'center' },
        },
      }}
    />
  );
}

/**
 * One-time recovery codes, shown the only time they exist in clear (after enrolment or after
 * asking for new ones): each signs in once instead of a code from the phone.
 */
export function RecoveryCodesPanel({
  codes,
  onContinue,
}: {
  codes: readonly string[];
  onContinue: () => void;
}) {
  const { t } = useTranslation('auth');
  const [copied, setCopied] = useState(false);
  return (
    <Stack spacing={2} aria-label={t('recovery.title')} data-testid="recovery-codes">
      <Typography variant="h6" component="h2">
        {t('recovery.title')}
      </Typography>
      <Alert severity="warning">{t('recovery.once')}</Alert>
      <Box
        component="ol"
        sx={{
          fontFamily: 'monospace',
          fontSize: 15,
          whiteSpace: 'nowrap',
          m: 0,
          pl: 3,
          bgcolor: 'action.hover',
          borderRadius: 1,
          py: 1,
        }}
      >
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </Box>
      <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
        <Button
          startIcon={<ContentCopyIcon />}
          onClick={() => {
            void navigator.clipboard?.writeText(codes.join('\n')).then(() => setCopied(true));
          }}
        >
          {copied ? t('recovery.copied') : t('recovery.copy')}
        </Button>
        <Button variant="contained" onClick={onContinue}>
          {t('recovery.saved')}
        </Button>
      </Stack>
    </Stack>
  );
}

/** Second step of a sign-in: the code from the authenticator app, or a recovery code. */
export function CodeStep({
  onDone,
  onBack,
}: {
  onDone: (user: SignedInUser) => void;
  onBack: (expiredMessage?: string) => void;
}) {
  const { t } = useTranslation('auth');
  const trpc = useTRPC();
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState(false);
  const verify = useMutation(trpc.auth.mfa.verify.mutationOptions({ onSuccess: onDone }));
  const cancel = useMutation(trpc.auth.mfa.cancel.mutationOptions());
  const codeError = useCodeError(verify.error);
  const expired = codeError.expired;
  const message =
    recovery && !expired && codeError.message ? t('code.recoveryWrong') : codeError.message;
  useEffect(() => {
    if (expired && message) onBack(message);
  }, [expired, message, onBack]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    verify.mutate({ code }, { onError: () => setCode('') });
  };
  return (
    <Stack spacing={2} component="form" onSubmit={submit} aria-label={t('code.title')}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <VerifiedUserIcon color="primary" />
        <Typography variant="h6" component="h2">
          {t('code.title')}
        </Typography>
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {recovery ? t('code.recoveryPrompt') : t('code.prompt')}
      </Typography>
      {recovery ? (
        <RecoveryCodeField value={code} onChange={setCode} />
      ) : (
        <CodeField value={code} onChange={setCode} />
      )}
      {message && !expired && (
        <Alert severity="error" role="alert" data-testid="mfa-error">
          {message}
        </Alert>
      )}
      <Button
        type="submit"
        variant="contained"
        disabled={verify.isPending || (recovery ? recoveryCodeLength(code) < 16 : code.length < 6)}
      >
        {t('code.submit')}
      </Button>
      <Button
        size="small"
        onClick={() => {
          setRecovery(!recovery);
          setCode('');
          verify.reset();
        }}
      >
        {recovery ? t('code.useApp') : t('code.useRecovery')}
      </Button>
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <Button
          size="small"
          onClick={() => {
            cancel.mutate({});
            onBack();
          }}
        >
          {t('code.back')}
        </Button>
        <Typography variant="caption" color="text.secondary" sx={{ maxWidth: 220 }}>
          {t('code.lostPhone')}
        </Typography>
      </Stack>
    </Stack>
  );
}

/**
 * Enrolment: a new key as a QR code and as text, then a current code to confirm. `forced` is
 * the sign-in path of a role that must use it (the answer then carries the signed-in user).
 */
export function EnrolmentPanel({
  forced = false,
  onDone,
  onCancel,
}: {
  forced?: boolean;
  onDone: (user: SignedInUser | null) => void;
  onCancel: (expiredMessage?: string) => void;
}) {
  const { t } = useTranslation('auth');
  const trpc = useTRPC();
  const [code, setCode] = useState('');
  const [copied, setCopied] = useState(false);
  const begin = useMutation(trpc.auth.mfa.beginEnrolment.mutationOptions());
  const confirm = useMutation(trpc.auth.mfa.confirmEnrolment.mutationOptions());
  const cancel = useMutation(trpc.auth.mfa.cancel.mutationOptions());
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    begin.mutate({});
  }, [begin]);
  const beginError = useCodeError(begin.error);
  const confirmError = useCodeError(confirm.error);
  const expired = beginError.expired || confirmError.expired;
  const expiredMessage = beginError.expired ? beginError.message : confirmError.message;
  useEffect(() => {
    if (expired && forced) onCancel(expiredMessage ?? undefined);
  }, [expired, expiredMessage, forced, onCancel]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate({ code }, { onError: () => setCode('') });
  };
  if (confirm.data) {
    const done = confirm.data;
    return <RecoveryCodesPanel codes={done.recoveryCodes} onContinue={() => onDone(done.user)} />;
  }
  const key = begin.data?.manualKey ?? '';
  return (
    <Stack spacing={2} component="form" onSubmit={submit} aria-label={t('enrol.title')}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <VerifiedUserIcon color="primary" />
        <Typography variant="h6" component="h2">
          {t('enrol.title')}
        </Typography>
      </Stack>
      {forced && (
        <Alert severity="info" data-testid="mfa-forced">
          {t('enrol.forced')}
        </Alert>
      )}
      <Typography variant="body2" color="text.secondary">
        {t('enrol.intro')}
      </Typography>
      {begin.isPending && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <CircularProgress size={18} />
          <Typography variant="body2">{t('enrol.starting')}</Typography>
        </Stack>
      )}
      {beginError.message && !beginError.expired && (
        <Alert severity="error">{beginError.message}</Alert>
      )}
      {begin.data && (
        <>
          <Typography variant="body2">{t('enrol.step1')}</Typography>
          <Box sx={{ display: 'flex', justifyContent: 'center' }}>
            <Box
              component="img"
              src={begin.data.qrDataUrl}
              alt={t('enrol.qrAlt')}
              data-testid="mfa-qr"
              sx={{
                width: 164,
                height: 164,
                imageRendering: 'pixelated',
                border: 1,
                borderColor: 'divider',
                borderRadius: 1,
                bgcolor: '#fff',
              }}
            />
          </Box>
          <Typography variant="body2" color="text.secondary">
            {t('enrol.step2')}
          </Typography>
          <Stack
            direction="row"
            spacing={1}
            sx={{
              alignItems: 'center',
              justifyContent: 'center',
              bgcolor: 'action.hover',
              borderRadius: 1,
              py: 0.5,
              px: 1.5,
            }}
          >
            <Typography
              aria-label={t('enrol.keyLabel')}
              data-testid="mfa-manual-key"
              sx={{ fontFamily: 'monospace', fontSize: 14, whiteSpace: 'nowrap' }}
            >
              {key}
            </Typography>
            <Tooltip title={copied ? t('enrol.copied') : t('enrol.copy')}>
              <IconButton
                size="small"
                aria-label={t('enrol.copy')}
                onClick={() => {
                  void navigator.clipboard?.writeText(key.replace(/\s/g, '')).then(() => {
                    setCopied(true);
                  });
                }}
              >
                <ContentCopyIcon fontSize="small" />
              </IconButton>
            </Tooltip>
          </Stack>
          <Typography variant="caption" color="text.secondary">
            {t('enrol.once')}
          </Typography>
          <Typography variant="body2">{t('enrol.step3')}</Typography>
          <CodeField value={code} onChange={setCode} autoFocus={false} />
          {confirmError.message && !confirmError.expired && (
            <Alert severity="error" role="alert" data-testid="mfa-error">
              {confirmError.message}
            </Alert>
          )}
        </>
      )}
      <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
        <Button
          onClick={() => {
            if (forced) cancel.mutate({});
            onCancel();
          }}
        >
          {forced ? t('code.back') : t('enrol.cancel')}
        </Button>
        <Button
          type="submit"
          variant="contained"
          disabled={!begin.data || confirm.isPending || code.replace(/\s/g, '').length < 6}
        >
          {forced ? t('enrol.submitForced') : t('enrol.submit')}
        </Button>
      </Stack>
    </Stack>
  );
}

/** The account menu's "Two-step sign-in" screen: status, set up, or turn off. */
export function TwoStepDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation('auth');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery({ ...trpc.auth.mfa.status.queryOptions(), enabled: open });
  const [mode, setMode] = useState<'view' | 'enrol'>('view');
  const [notice, setNotice] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.auth.mfa.status.queryKey() });
  const disable = useMutation(
    trpc.auth.mfa.disable.mutationOptions({
      onSuccess: () => {
        setNotice(t('twoStep.turnedOff'));
        setCode('');
        void refresh();
      },
    }),
  );
  const regenerate = useMutation(
    trpc.auth.mfa.regenerateRecoveryCodes.mutationOptions({
      onSuccess: () => {
        setCode('');
        void refresh();
      },
    }),
  );
  const disableError = useCodeError(disable.error);
  const regenerateError = useCodeError(regenerate.error);
  const codeError = disableError.message ?? regenerateError.message;
  const close = () => {
    setMode('view');
    setNotice(null);
    setCode('');
    disable.reset();
    regenerate.reset();
    onClose();
  };
  const codeReady = code.replace(/\s/g, '').length >= 6;
  const s = status.data;
  return (
    <Dialog
      open={open}
      onClose={close}
      maxWidth="xs"
      fullWidth
      slotProps={{ paper: { 'aria-label': t('account.twoStep') } }}
    >
      {regenerate.data ? (
        <DialogContent>
          <RecoveryCodesPanel
            codes={regenerate.data.recoveryCodes}
            onContinue={() => regenerate.reset()}
          />
        </DialogContent>
      ) : mode === 'enrol' ? (
        <DialogContent>
          <EnrolmentPanel
            onDone={() => {
              setMode('view');
              setNotice(t('enrol.done'));
              void refresh();
            }}
            onCancel={() => setMode('view')}
          />
        </DialogContent>
      ) : (
        <>
          <DialogTitle id="two-step-title">{t('account.twoStep')}</DialogTitle>
          <DialogContent>
            <Stack spacing={2}>
              {notice && <Alert severity="success">{notice}</Alert>}
              {status.isPending && <CircularProgress size={20} />}
              {s && (
                <>
                  <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                    <VerifiedUserIcon color={s.enabled ? 'success' : 'disabled'} />
                    <Typography sx={{ fontWeight: 600 }} data-testid="two-step-status">
                      {s.enabled && s.enabledAt
                        ? t('twoStep.on', {
                            date: new Date(s.enabledAt).toLocaleDateString(i18n.language, {
                              dateStyle: 'long',
                            }),
                          })
                        : t('twoStep.off')}
                    </Typography>
                  </Stack>
                  <Typography variant="body2" color="text.secondary">
                    {s.required ? t('twoStep.required') : t('twoStep.optional')}
                  </Typography>
                  {s.enabled && (
                    <>
                      <Typography variant="body2" data-testid="recovery-codes-left">
                        {t('twoStep.codesLeft', { count: s.recoveryCodesLeft })}
                      </Typography>
                      <Typography variant="body2">
                        {s.required ? t('twoStep.codePrompt') : t('twoStep.turnOffPrompt')}
                      </Typography>
                      <CodeField value={code} onChange={setCode} autoFocus={false} />
                      {codeError && (
                        <Alert severity="error" role="alert">
                          {codeError}
                        </Alert>
                      )}
                    </>
                  )}
                </>
              )}
            </Stack>
          </DialogContent>
          <DialogActions>
            <Button onClick={close}>{t('twoStep.close')}</Button>
            {s && !s.enabled && (
              <Button
                variant="contained"
                onClick={() => {
                  setNotice(null);
                  setMode('enrol');
                }}
              >
                {t('twoStep.setUp')}
              </Button>
            )}
            {s?.enabled && (
              <Button
                variant="outlined"
                disabled={regenerate.isPending || !codeReady}
                onClick={() => {
                  disable.reset();
                  regenerate.mutate({ code });
                }}
              >
                {t('twoStep.regenerate')}
              </Button>
            )}
            {s?.enabled && !s.required && (
              <Button
                color="error"
                variant="outlined"
                disabled={disable.isPending || !codeReady}
                onClick={() => {
                  regenerate.reset();
                  disable.mutate({ code });
                }}
              >
                {t('twoStep.turnOff')}
              </Button>
            )}
          </DialogActions>
        </>
      )}
    </Dialog>
  );
}
