import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { preloadLandingArea } from '../areas/index.tsx';
import { errorMessage, fieldErrors, useTRPC, type SignedInUser } from '../trpc.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { TrainingBanner } from './TrainingBanner.tsx';
import { CodeStep, EnrolmentPanel } from './TwoStep.tsx';

export function SignIn() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const info = useQuery(trpc.system.info.queryOptions());
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  /** Two-step sign-in: after a right password, the code (or a forced enrolment) comes next. */
  const [step, setStep] = useState<'password' | 'verify' | 'enrol'>('password');
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(preloadLandingArea, []);
  // The answer is who signed in: show the desk at once rather than asking again.
  const signedIn = useCallback(
    (user: SignedInUser) => queryClient.setQueryData(trpc.auth.me.queryKey(), user),
    [queryClient, trpc],
  );
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: ({ mfa, ...user }) => {
        setNotice(null);
        if (mfa) {
          setPassword('');
          setStep(mfa);
        } else signedIn(user);
      },
    }),
  );
  const backToPassword = useCallback(
    (expiredMessage?: string) => {
      login.reset();
      setNotice(expiredMessage ?? null);
      setStep('password');
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- login.reset is stable
    [],
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    login.mutate({ username, password });
  };

  const error = login.error;
  const code = error instanceof TRPCClientError ? error.data?.code : undefined;
  // Every refused sign-in has one answer (no hint whether the user exists or is locked); busy
  // and too-many-requests answers are about this computer, not about the user.
  let message: string | null = null;
  if (error) {
    message =
      code === 'UNAUTHORIZED'
        ? t('signIn.failed')
        : code === 'TOO_MANY_REQUESTS'
          ? t('signIn.busy')
          : errorMessage(error, t('shell.offline'));
  }
  const fields = fieldErrors(error);

  return (
    <Box
      sx={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        bgcolor: 'background.default',
      }}
    >
      {info.data?.databaseKind === 'training' && <TrainingBanner />}
      <Box sx={{ flex: 1, display: 'grid', placeItems: 'center', p: 2 }}>
        {step === 'verify' && (
          <Paper elevation={2} sx={{ p: 4, width: 380 }}>
            <CodeStep onDone={signedIn} onBack={backToPassword} />
          </Paper>
        )}
        {step === 'enrol' && (
          <Paper elevation={2} sx={{ p: 4, width: 460 }}>
            <EnrolmentPanel
              forced
              onDone={(user) => user && signedIn(user)}
              onCancel={backToPassword}
            />
          </Paper>
        )}
        <Paper
          component="form"
          onSubmit={submit}
          elevation={2}
          sx={{ p: 4, width: 380, display: step === 'password' ? undefined : 'none' }}
          aria-label={t('signIn.title')}
        >
          <Stack spacing={2}>
            <Box>
              <Typography sx={{ fontWeight: 700 }} variant="h5" component="h1">
                {t('appName')}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {info.data?.lenderName ?? ''} · {t('signIn.subtitle')}
              </Typography>
            </Box>
            <TextField
              label={t('signIn.username')}
              name="username"
              autoComplete="username"
              autoFocus
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              error={Boolean(fields.username)}
              helperText={fields.username}
            />
            <TextField
              label={t('signIn.password')}
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={Boolean(fields.password)}
              helperText={fields.password}
            />
            {notice && !message && (
              <Alert severity="warning" role="alert" data-testid="sign-in-error">
                {notice}
              </Alert>
            )}
            {message && (
              <Alert
                severity={code === 'TOO_MANY_REQUESTS' ? 'warning' : 'error'}
                role="alert"
                data-testid="sign-in-error"
              >
                {message}
              </Alert>
            )}
            <Button type="submit" variant="contained" size="medium" disabled={login.isPending}>
              {t('signIn.submit')}
            </Button>
            <Stack sx={{ alignItems: 'center', justifyContent: 'space-between' }} direction="row">
              <LanguageSwitch />
              <Typography variant="caption" color="text.secondary">
                v{info.data?.version}
              </Typography>
            </Stack>
          </Stack>
        </Paper>
      </Box>
    </Box>
  );
}
