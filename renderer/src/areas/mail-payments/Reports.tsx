import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLockboxLabel } from './lockbox-label.ts';
import { errorMessage, useTRPC, type RouterInputs } from '../../trpc.ts';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';

type CsvInput = RouterInputs['mailPayments']['reports']['csv'];

/** Daily posting, exceptions aging and totals per lockbox, each exportable as CSV. */
export function Reports() {
  const { t, i18n } = useTranslation('mailPayments');
  const lockboxLabel = useLockboxLabel();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const config = useQuery(trpc.mailPayments.config.queryOptions());
  const today = config.data?.today ?? '';
  const [date, setDate] = useState('');
  const [range, setRange] = useState({ from: '', to: '' });
  const day = date || today;
  const from = range.from || (today ? `${today.slice(0, 8)}01` : '');
  const to = range.to || today;
  const daily = useQuery({
    ...trpc.mailPayments.reports.daily.queryOptions({ date: day }),
    enabled: Boolean(day),
  });
  const aging = useQuery(trpc.mailPayments.reports.aging.queryOptions());
  const totals = useQuery({
    ...trpc.mailPayments.reports.lockboxTotals.queryOptions({ from, to }),
    enabled: Boolean(from && to),
  });
  const [csvError, setCsvError] = useState<string | null>(null);
  const m = (c: number) => money(c, i18n.language);

  const download = async (input: CsvInput) => {
    try {
      const file = await queryClient.fetchQuery(trpc.mailPayments.reports.csv.queryOptions(input));
      const url = URL.createObjectURL(new Blob([file.content], { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.filename;
      a.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setCsvError(errorMessage(error, t('offline')));
    }
  };

  return (
    <Stack spacing={2}>
      {csvError && <Alert severity="error">{csvError}</Alert>}
      <Paper sx={{ p: 2 }}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="h6" component="h2">
            {t('reports.daily')}
          </Typography>
          <TextField
            size="small"
            type="date"
            label={t('open.receiptDate')}
            value={day}
            onChange={(e) => setDate(e.target.value)}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <Button onClick={() => void download({ report: 'daily', date: day })}>
            {t('reports.csv')}
          </Button>
        </Stack>
        <Table size="small" aria-label={t('reports.daily')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('list.batch')}</TableCell>
              <TableCell>{t('open.lockbox')}</TableCell>
              <TableCell align="right">{t('reports.posted')}</TableCell>
              <TableCell align="right">{t('reports.returned')}</TableCell>
              <TableCell align="right">{t('reports.nsf')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {daily.data?.map((r) => (
              <TableRow key={r.batchId}>
                <TableCell>
                  <Link to={`/mail-payments/batches/${r.batchId}/proof`}>#{r.batchId}</Link>
                </TableCell>
                <TableCell>{lockboxLabel(r.lockboxId)}</TableCell>
                <TableCell align="right">
                  {r.postedCount} · {m(r.postedCents)}
                </TableCell>
                <TableCell align="right">
                  {r.returnedCount} · {m(r.returnedCents)}
                </TableCell>
                <TableCell align="right">
                  {r.nsfCount} · {m(r.nsfCents)}
                </TableCell>
              </TableRow>
            ))}
            {daily.data?.length === 0 && (
              <TableRow>
                <TableCell colSpan={5}>{t('reports.none')}</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </Paper>
      <Paper sx={{ p: 2 }}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="h6" component="h2">
            {t('reports.aging')}
          </Typography>
          <Button onClick={() => void download({ report: 'aging' })}>{t('reports.csv')}</Button>
        </Stack>
        {aging.error && <Alert severity="error">{errorMessage(aging.error, t('offline'))}</Alert>}
        <Table size="small" aria-label={t('reports.aging')}>
          <TableBody>
            {aging.data?.buckets.map((b) => (
              <TableRow key={b.label}>
                <TableCell>{t('reports.ageBucket', { label: b.label })}</TableCell>
                <TableCell align="right">{b.count}</TableCell>
                <TableCell align="right">{m(b.totalCents)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Paper>
      <Paper sx={{ p: 2 }}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="h6" component="h2">
            {t('reports.lockboxTotals')}
          </Typography>
          <TextField
            size="small"
            type="date"
            label={t('reports.from')}
            value={from}
            onChange={(e) => setRange({ ...range, from: e.target.value })}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <TextField
            size="small"
            type="date"
            label={t('reports.to')}
            value={to}
            onChange={(e) => setRange({ ...range, to: e.target.value })}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <Button onClick={() => void download({ report: 'lockboxTotals', from, to })}>
            {t('reports.csv')}
          </Button>
        </Stack>
        <Table size="small" aria-label={t('reports.lockboxTotals')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('open.lockbox')}</TableCell>
              <TableCell align="right">{t('reports.batches')}</TableCell>
              <TableCell align="right">{t('reports.posted')}</TableCell>
              <TableCell align="right">{t('reports.nsf')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {totals.data?.map((r) => (
              <TableRow key={r.lockboxId}>
                <TableCell>
                  {config.data?.lockboxes.find((l) => l.id === r.lockboxId)?.poBox ?? r.lockboxId} (
                  {r.lockboxId})
                </TableCell>
                <TableCell align="right">{r.batches}</TableCell>
                <TableCell align="right">
                  {r.postedCount} · {m(r.postedCents)}
                </TableCell>
                <TableCell align="right">
                  {r.nsfCount} · {m(r.nsfCents)}
                </TableCell>
              </TableRow>
            ))}
            {totals.data?.length === 0 && (
              <TableRow>
                <TableCell colSpan={4}>{t('reports.none')}</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </Paper>
    </Stack>
  );
}
