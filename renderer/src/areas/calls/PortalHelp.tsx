import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors, useTRPC } from '../../trpc.ts';
import { useCentreTime } from '../../components/CentreTime.tsx';

/**
 * "I'm locked out of the app" (seeds 000, 001): the caller's online-access status and the three
 * things an agent does for it — unlock, re-send the account-link code, change the e-mail —
 * each only for a caller verified on this call.
 */
export function PortalHelp({
  callId,
  customerId,
  verified,
  timeZone,
}: {
  callId: number;
  customerId: number;
  verified: boolean;
  timeZone: string;
}) {
  const { t } = useTranslation('calls');
  const centreTime = useCentreTime(timeZone);
  const trpc = useTRPC();
  const qc = useQueryClient();
  const status = useQuery(trpc.calls.portal.status.queryOptions({ customerId }));
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: trpc.calls.pathKey() });
    void qc.invalidateQueries({ queryKey: trpc.customers.pathKey() });
  };
  const unlock = useMutation(trpc.calls.portal.unlock.mutationOptions({ onSuccess: refresh }));
  const resend = useMutation(
    trpc.calls.portal.resendLinkCode.mutationOptions({ onSuccess: refresh }),
  );
  const email = useMutation(trpc.calls.portal.updateEmail.mutationOptions({ onSuccess: refresh }));
  const [newEmail, setNewEmail] = useState('');
  const s = status.data;
  const error =
    unlock.error ?? resend.error ?? (fieldErrors(email.error).email ? null : email.error);

  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label={t('portal.title')}
      sx={{ p: 2 }}
      data-testid="portal-help"
    >
      <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
        {t('portal.title')}
      </Typography>
      {s && !s.enrolled && (
        <Typography variant="body2">
          {t('portal.notEnrolled', { email: s.emailOnFile ?? '—' })}
        </Typography>
      )}
      {s?.enrolled && (
        <Stack spacing={1}>
          <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
            <Chip
              size="small"
              color={s.locked ? 'error' : 'success'}
              label={
                s.locked
                  ? t('portal.locked', { until: centreTime(s.lockedUntil!).text })
                  : t('portal.open')
              }
              data-testid="portal-lock"
            />
            <Chip
              size="small"
              variant="outlined"
              label={s.activated ? t('portal.activated') : t('portal.notActivated')}
            />
            <Chip
              size="small"
              variant="outlined"
              label={s.paperless ? t('portal.paperless') : t('portal.paper')}
            />
            <Typography variant="body2" color="text.secondary">
              {t('portal.failed', { count: s.failedSignIns, max: s.maxFailedSignIns })}
            </Typography>
          </Stack>
          <Typography variant="body2">
            {t('portal.login', { email: s.loginEmail })} ·{' '}
            {s.linkedAccounts.length > 0
              ? t('portal.linked', {
                  accounts: s.linkedAccounts.map((a) => a.accountNumber).join(', '),
                })
              : t('portal.noLinks')}
          </Typography>
          {s.lastLinkCode && (
            <Typography variant="body2" color="text.secondary">
              {t('portal.lastCode', {
                at: centreTime(s.lastLinkCode.sentAt).text,
                to: s.lastLinkCode.sentToMasked,
              })}
              {s.lastLinkCode.failed ? ` ${t('portal.codeFailed')}` : ''}
            </Typography>
          )}
          <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', alignItems: 'flex-start' }}>
            <Button
              size="small"
              variant="outlined"
              disabled={!verified || !s.locked || unlock.isPending}
              onClick={() => unlock.mutate({ callId })}
              data-testid="portal-unlock"
            >
              {t('portal.unlock')}
            </Button>
            <Button
              size="small"
              variant="outlined"
              disabled={!verified || resend.isPending}
              onClick={() => resend.mutate({ callId })}
            >
              {t('portal.resend')}
            </Button>
            <TextField
              size="small"
              label={t('portal.newEmail')}
              value={newEmail}
              onChange={(e) => setNewEmail(e.target.value)}
              disabled={!verified}
              error={Boolean(fieldErrors(email.error).email)}
              helperText={fieldErrors(email.error).email}
            />
            <Button
              size="small"
              variant="outlined"
              disabled={!verified || newEmail.trim() === '' || email.isPending}
              onClick={() => email.mutate({ callId, email: newEmail.trim() })}
            >
              {t('portal.changeEmail')}
            </Button>
          </Stack>
          {resend.data && (
            <Alert severity="success">
              {t('portal.codeSent', { to: resend.data.sentToMasked })}
            </Alert>
          )}
          {email.data && (
            <Alert severity="success">
              {t('portal.emailChanged', { count: email.data.notices })}
            </Alert>
          )}
        </Stack>
      )}
      {error && <Alert severity="error">{errorMessage(error, t('error'))}</Alert>}
    </Paper>
  );
}
