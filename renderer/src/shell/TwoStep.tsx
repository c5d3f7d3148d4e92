import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { centreDateOf } from '../../../server/domain/shared/centre-date.ts';
import { longDateLabel } from '../../../server/domain/shared/date-labels.ts';
import { useCentreZone } from '../components/CentreTime.tsx';
import { useTRPC } from '../trpc.ts';
import { useCodeError } from './useCodeError.ts';
import { CodeField } from './CodeFields.tsx';
import { RecoveryCodesPanel } from './RecoveryCodesPanel.tsx';
import { EnrolmentPanel } from './EnrolmentPanel.tsx';

/**

/** The account menu's "Two-step sign-in" screen: status, set up, or turn off. */
export function TwoStepDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation('auth');
  const trpc = useTRPC();
  const centreZone = useCentreZone();
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
                            date: longDateLabel(
                              centreDateOf(s.enabledAt, centreZone),
                              i18n.language,
                            ),
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
