import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { preloadLandingArea } from '../areas/index.tsx';
import { errorMessage, fieldErrors, useTRPC } from '../trpc.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { TrainingBanner } from './TrainingBanner.tsx';

export function SignIn() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const info = useQuery(trpc.system.info.queryOptions());
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  useEffect(preloadLandingArea, []);
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      // The answer is who signed in: show the desk at once rather than asking again.
      onSuccess: (user) => queryClient.setQueryData(trpc.auth.me.queryKey(), user),
    }),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ username, password });
  };

  const error = login.error;
  const detail =
    error instanceof TRPCClientError
      ? (error.data as { detail?: { lockedUntil?: string; attemptsLeft?: number } } | undefined)
          ?.detail
      : undefined;
  let message: string | null = null;
  if (error) {
    if (detail?.lockedUntil) {
      message = t('signIn.lockedUntil', {
        time: new Date(detail.lockedUntil).toLocaleTimeString(i18n.language, {
          hour: '2-digit',
          minute: '2-digit',
        }),
      });
    } else {
      message = errorMessage(error, t('shell.offline'));
      if (detail?.attemptsLeft !== undefined)
        message += ` ${t('signIn.attemptsLeft', { count: detail.attemptsLeft })}`;
    }
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
        <Paper
          component="form"
          onSubmit={submit}
          elevation={2}
          sx={{ p: 4, width: 380 }}
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
            {message && (
              <Alert
                severity={detail?.lockedUntil ? 'warning' : 'error'}
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
