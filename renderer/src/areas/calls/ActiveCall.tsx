import CallEndIcon from '@mui/icons-material/CallEnd';
import PhoneInTalkIcon from '@mui/icons-material/PhoneInTalk';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { translator, useTRPC } from '../../trpc.ts';
import { userText } from '../../../../server/domain/shared/server-messages.ts';
import { CentreTime } from '../../components/CentreTime.tsx';
import { CustomerTimeline } from './CustomerTimeline.tsx';
import { PortalHelp } from './PortalHelp.tsx';
import { useOpenCallLetter } from './PayoffLetter.tsx';
import { SecureMessage } from './SecureMessage.tsx';
import { AccountActions } from './AccountActions.tsx';
import { Card, Elapsed, useInvalidate } from './CallParts.tsx';
import type { CallView } from './call-types.ts';
import { MatchCaller, VerifyCaller } from './VerifyCaller.tsx';
import { WrapUp } from './WrapUp.tsx';

/** The open call: header, match or verify, the actions, what was done, wrap-up; the timeline beside. */
export function ActiveCall({ view }: { view: CallView }) {
  const { t } = useTranslation('calls');
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const { call, customer } = view;
  const openLetter = useOpenCallLetter();
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
                  to={`/disputes/new?customerId=${customer.id}${customer.accounts.length === 1 ? `&accountId=${customer.accounts[0]!.id}` : ''}&noticeAt=${encodeURIComponent(call.startedAt)}&callId=${call.id}`}
                >
                  {t('actions.dispute')}
                </Button>
              </Stack>
            </Stack>
          </Card>
        )}
        {customer && <SecureMessage view={view} />}
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
                <CentreTime iso={a.at} zone={view.timeZone} style="time" /> —{' '}
                {a.message ? userText(a.message, translator) : a.summary}
                {a.targetType === 'dispute' && (
                  <>
                    {' '}
                    <Link component={RouterLink} to={`/disputes/${a.targetId}`}>
                      {t('actions.openCase')}
                    </Link>
                  </>
                )}
                {a.targetType === 'message-thread' && (
                  <>
                    {' '}
                    <Link component={RouterLink} to={`/messages/${a.targetId}`}>
                      {t('actions.openThread')}
                    </Link>
                  </>
                )}
                {a.targetType === 'call-letter' && (
                  <>
                    {' '}
                    <Link component="button" onClick={() => void openLetter(Number(a.targetId))}>
                      {t('timeline.openLetter')}
                    </Link>
                  </>
                )}
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
