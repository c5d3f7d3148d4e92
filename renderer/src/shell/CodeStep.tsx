import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC, type SignedInUser } from '../trpc.ts';
import { useCodeError } from './useCodeError.ts';
import { CodeField, RecoveryCodeField, recoveryCodeLength } from './CodeFields.tsx';

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
