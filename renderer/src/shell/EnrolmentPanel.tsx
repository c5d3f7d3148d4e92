import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC, type SignedInUser } from '../trpc.ts';
import { useCodeError } from './useCodeError.ts';
import { CodeField } from './CodeFields.tsx';
import { RecoveryCodesPanel } from './RecoveryCodesPanel.tsx';

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
