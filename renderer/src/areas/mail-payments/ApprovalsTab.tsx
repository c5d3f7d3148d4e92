import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLockboxLabel } from './lockbox-label.ts';
import { errorMessage, useTRPC } from '../../trpc.ts';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';

/** Supervisor tab: lockbox batches whose overrides wait for a second pair of eyes. */
export default function ApprovalsTab() {
  const { t, i18n } = useTranslation('mailPayments');
  const lockboxLabel = useLockboxLabel();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.mailPayments.approvals.list.queryOptions());
  const [notes, setNotes] = useState<Record<number, string>>({});
  const approve = useMutation(
    trpc.mailPayments.batches.approve.mutationOptions({
      onSuccess: () =>
        void queryClient.invalidateQueries({ queryKey: trpc.mailPayments.pathKey() }),
    }),
  );
  return (
    <Stack spacing={2}>
      {list.error && <Alert severity="error">{errorMessage(list.error, t('offline'))}</Alert>}
      {approve.error && <Alert severity="error">{errorMessage(approve.error, t('offline'))}</Alert>}
      {list.data?.length === 0 && <Typography>{t('approvals.none')}</Typography>}
      {list.data?.map(({ batch, overrides, mine }) => (
        <Paper key={batch.id} sx={{ p: 2 }} data-testid={`approval-${batch.id}`}>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Typography variant="subtitle1" sx={{ fontWeight: 700 }}>
              <Link to={`/mail-payments/batches/${batch.id}`}>
                {t('entry.title', { id: batch.id })}
              </Link>{' '}
              · {lockboxLabel(batch.lockboxId)} · {batch.receiptDate} · {batch.itemCount} /{' '}
              {money(batch.totalCents, i18n.language)}
            </Typography>
          </Stack>
          {overrides.map((o) => (
            <Typography key={o.id} variant="body2" sx={{ mt: 0.5 }}>
              #{o.seq} {o.accountNumber} {money(o.amountCents, i18n.language)} —{' '}
              {o.failures.map((f) => t(`rule.${f.rule}`)).join(', ')} — <i>{o.resolutionNote}</i>
            </Typography>
          ))}
          <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
            <TextField
              size="small"
              label={t('approvals.note')}
              value={notes[batch.id] ?? ''}
              onChange={(e) => setNotes({ ...notes, [batch.id]: e.target.value })}
            />
            <Button
              variant="contained"
              disabled={mine || approve.isPending}
              onClick={() => approve.mutate({ batchId: batch.id, note: notes[batch.id] ?? '' })}
            >
              {t('approvals.approve')}
            </Button>
            {mine && (
              <Typography variant="body2" color="text.secondary">
                {t('approvals.mine')}
              </Typography>
            )}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
