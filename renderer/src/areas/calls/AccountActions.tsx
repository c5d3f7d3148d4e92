import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { errorMessage, useTRPC } from '../../trpc.ts';
import { dayLabel as day } from '../../../../server/domain/shared/date-labels.ts';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';
import { useInvalidate } from './CallParts.tsx';
import type { AccountView, CallView } from './call-types.ts';
import { PayoffLetterButton } from './PayoffLetter.tsx';

/** One account on the call: balance, payoff letter and EasyPay cancellation (verified caller only). */
export function AccountActions({ view, account }: { view: CallView; account: AccountView }) {
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
        {account.status === 'active' && (
          <PayoffLetterButton callId={view.call.id} accountId={account.id} verified={verified} />
        )}
      </Stack>
      {balance.data && (
        <Typography variant="body2" sx={{ mt: 0.5 }} data-testid="balance-disclosed">
          {t('actions.balanceText', {
            due: money(balance.data.summary.amountDueCents, lang),
            date: day(balance.data.summary.nextDueDate, lang),
            balance: money(balance.data.summary.balanceCents, lang),
            payoff: money(balance.data.summary.payoffCents, lang),
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
