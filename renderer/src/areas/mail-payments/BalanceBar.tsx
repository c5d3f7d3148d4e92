import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';
import type { BatchView } from './batch-view.ts';

/** The sticky running count and total against the deposit ticket. */
export function BalanceBar({ view }: { view: BatchView }) {
  const { t, i18n } = useTranslation('mailPayments');
  const b = view.balance;
  const ok = b.balanced;
  return (
    <Paper
      data-testid="balance-bar"
      elevation={3}
      sx={{
        position: 'sticky',
        top: 0,
        zIndex: 2,
        p: 1.5,
        mb: 2,
        borderLeft: 6,
        borderColor: ok ? 'success.main' : 'warning.main',
        displayPrint: 'none',
      }}
    >
      <Stack direction="row" spacing={3} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
        <Typography variant="subtitle1" sx={{ fontWeight: 700 }}>
          {t('entry.title', { id: view.batch.id })} · {view.lockbox.poBox}, {view.lockbox.city} (
          {t(`type.${view.lockbox.accountType}`)}) · {t('open.receiptDate')}{' '}
          {view.batch.receiptDate}
        </Typography>
        <Chip
          size="small"
          label={t(`batchStatus.${view.batch.status}`)}
          color={view.batch.status === 'posted' ? 'success' : 'default'}
        />
        <Box data-testid="balance-count">
          {t('entry.count')}: <b>{b.count}</b> / {b.controlCount}
          {b.countDifference !== 0 && (
            <Typography component="span" color="warning.main">
              {' '}
              (
              {t(b.countDifference > 0 ? 'entry.toKey' : 'entry.tooMany', {
                n: Math.abs(b.countDifference),
              })}
              )
            </Typography>
          )}
        </Box>
        <Box data-testid="balance-total">
          {t('entry.total')}: <b>{money(b.totalCents, i18n.language)}</b> /{' '}
          {money(b.controlTotalCents, i18n.language)}
          {b.totalDifferenceCents !== 0 && (
            <Typography component="span" color="warning.main">
              {' '}
              (
              {t(b.totalDifferenceCents > 0 ? 'entry.toKey' : 'entry.tooMany', {
                n: money(Math.abs(b.totalDifferenceCents), i18n.language),
              })}
              )
            </Typography>
          )}
        </Box>
        <Chip
          data-testid="balance-state"
          color={ok ? 'success' : 'warning'}
          label={ok ? t('entry.balanced') : t('entry.outOfBalance')}
        />
      </Stack>
    </Paper>
  );
}
