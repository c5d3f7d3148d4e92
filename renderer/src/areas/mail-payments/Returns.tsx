import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReturnDialog } from './ReturnDialog.tsx';
import { useRequestKey } from '../../request-key.ts';
import { errorMessage, useTRPC, type RouterOutputs } from '../../trpc.ts';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';

type Posted = RouterOutputs['mailPayments']['items']['findPosted'][number];

/** Returned items (NSF): find the posted payment the bank sent back and reverse it. */
export function Returns() {
  const { t, i18n } = useTranslation('mailPayments');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState({ accountNumber: '', instrumentNumber: '' });
  const [submitted, setSubmitted] = useState<typeof search | null>(null);
  const [target, setTarget] = useState<Posted | null>(null);
  const [actionKey] = useRequestKey();
  const found = useQuery({
    ...trpc.mailPayments.items.findPosted.queryOptions(submitted ?? search),
    enabled: submitted !== null,
  });
  const nsf = useMutation(
    trpc.mailPayments.items.returnNsf.mutationOptions({
      onSuccess: () => {
        setTarget(null);
        void queryClient.invalidateQueries({ queryKey: trpc.mailPayments.pathKey() });
      },
    }),
  );
  return (
    <Paper sx={{ p: 2 }}>
      <Typography variant="h6" component="h2">
        {t('nsf.findTitle')}
      </Typography>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted({ ...search });
        }}
      >
        <Stack direction="row" spacing={1} sx={{ my: 1 }}>
          <TextField
            size="small"
            label={t('item.accountNumber')}
            value={search.accountNumber}
            onChange={(e) => setSearch({ ...search, accountNumber: e.target.value })}
          />
          <TextField
            size="small"
            label={t('item.instrumentNumber')}
            value={search.instrumentNumber}
            onChange={(e) => setSearch({ ...search, instrumentNumber: e.target.value })}
          />
          <Button type="submit" variant="outlined">
            {t('exceptions.search')}
          </Button>
        </Stack>
      </form>
      {nsf.data && !nsf.data.alreadyReturned && (
        <Alert severity="success">
          {t('nsf.done', { fee: money(nsf.data.feeCents, i18n.language) })}
        </Alert>
      )}
      {found.data && (
        <Table size="small" aria-label={t('nsf.findTitle')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('open.receiptDate')}</TableCell>
              <TableCell>{t('list.batch')}</TableCell>
              <TableCell>{t('item.accountNumber')}</TableCell>
              <TableCell>{t('item.instrumentNumber')}</TableCell>
              <TableCell>{t('item.remitter')}</TableCell>
              <TableCell align="right">{t('item.amount')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {found.data.map((p) => (
              <TableRow key={p.id}>
                <TableCell>{p.receipt_date}</TableCell>
                <TableCell>
                  #{p.batch_id}.{p.seq}
                </TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }}>{p.account_number}</TableCell>
                <TableCell>{p.instrument_number}</TableCell>
                <TableCell>{p.remitter}</TableCell>
                <TableCell align="right">{money(p.amount_cents, i18n.language)}</TableCell>
                <TableCell>
                  {p.status === 'nsf' ? (
                    <Chip size="small" color="error" label={t('itemStatus.nsf')} />
                  ) : (
                    <Button
                      size="small"
                      variant="outlined"
                      onClick={() => setTarget(p)}
                      aria-label={t('nsf.actionFor', { seq: `${p.batch_id}.${p.seq}` })}
                    >
                      {t('nsf.action')}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
            {found.data.length === 0 && (
              <TableRow>
                <TableCell colSpan={7}>{t('exceptions.noHits')}</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      )}
      {target && (
        <ReturnDialog
          title={t('nsf.title', {
            seq: target.seq,
            amount: money(target.amount_cents, i18n.language),
          })}
          facts={[
            [
              t('confirm.item'),
              t('confirm.itemValue', { seq: target.seq, batch: target.batch_id }),
            ],
            [t('confirm.account'), target.account_number],
            [t('confirm.amount'), money(target.amount_cents, i18n.language)],
            [t('confirm.instrument'), target.instrument_number],
          ]}
          explain={t('nsf.explain')}
          confirmLabel={t('nsf.confirm')}
          busy={nsf.isPending}
          error={nsf.error ? errorMessage(nsf.error, t('offline')) : null}
          onCancel={() => setTarget(null)}
          onConfirm={(reason) =>
            nsf.mutate({
              itemId: target.id,
              reason,
              idempotencyKey: `nsf-${target.id}-${actionKey}`,
            })
          }
        />
      )}
    </Paper>
  );
}
