import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { errorMessage, fieldErrors, useTRPC } from '../../trpc.ts';
import {
  formatCents as money,
  parseAmountToCents,
} from '../../../../server/domain/shared/money.ts';

/** Opens a batch from the deposit ticket; lists unposted and recent batches. */
export function BatchList() {
  const { t, i18n } = useTranslation('mailPayments');
  const trpc = useTRPC();
  const navigate = useNavigate();
  const config = useQuery(trpc.mailPayments.config.queryOptions());
  const [status, setStatus] = useState<'unposted' | 'posted'>('unposted');
  const batches = useQuery(trpc.mailPayments.batches.list.queryOptions({ status }));
  const [form, setForm] = useState({
    lockboxId: '',
    receiptDate: '',
    controlCount: '',
    controlTotal: '',
  });
  const open = useMutation(
    trpc.mailPayments.batches.open.mutationOptions({
      onSuccess: (b) => void navigate(`/mail-payments/batches/${b.id}`),
    }),
  );
  const fields = fieldErrors(open.error);
  const lockboxId = form.lockboxId || config.data?.lockboxes[0]?.id || '';
  const receiptDate = form.receiptDate || config.data?.today || '';
  const totalPreview = parseAmountToCents(form.controlTotal, { digitsAreCents: true });
  const lockboxLabel = (id: string) => {
    const l = config.data?.lockboxes.find((x) => x.id === id);
    return l ? `${l.poBox} · ${l.city} (${t(`type.${l.accountType}`)})` : id;
  };

  return (
    <Stack spacing={2}>
      <Paper sx={{ p: 2 }}>
        <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
          {t('open.title')}
        </Typography>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            open.mutate({
              lockboxId,
              receiptDate,
              controlCount: Number(form.controlCount) || 0,
              controlTotal: form.controlTotal,
            });
          }}
        >
          <Stack
            direction="row"
            spacing={2}
            sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }}
            useFlexGap
          >
            <TextField
              select
              label={t('open.lockbox')}
              value={lockboxId}
              onChange={(e) => setForm({ ...form, lockboxId: e.target.value })}
              sx={{ minWidth: 320 }}
            >
              {config.data?.lockboxes.map((l) => (
                <MenuItem key={l.id} value={l.id}>
                  {lockboxLabel(l.id)}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              label={t('open.receiptDate')}
              type="date"
              value={receiptDate}
              onChange={(e) => setForm({ ...form, receiptDate: e.target.value })}
              slotProps={{ inputLabel: { shrink: true } }}
              error={Boolean(fields.receiptDate)}
              helperText={fields.receiptDate}
            />
            <TextField
              label={t('open.controlCount')}
              value={form.controlCount}
              onChange={(e) =>
                setForm({ ...form, controlCount: e.target.value.replace(/\D/g, '') })
              }
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
              error={Boolean(fields.controlCount)}
              helperText={fields.controlCount}
            />
            <TextField
              label={t('open.controlTotal')}
              value={form.controlTotal}
              onChange={(e) => setForm({ ...form, controlTotal: e.target.value })}
              slotProps={{ htmlInput: { inputMode: 'decimal' } }}
              error={Boolean(fields.controlTotal)}
              helperText={
                fields.controlTotal ??
                (totalPreview !== null ? money(totalPreview, i18n.language) : t('amountHint'))
              }
            />
            <Button type="submit" variant="contained" disabled={open.isPending} sx={{ mt: 1 }}>
              {t('open.submit')}
            </Button>
          </Stack>
          {open.error && !Object.keys(fields).length && (
            <Alert severity="error" sx={{ mt: 1 }}>
              {errorMessage(open.error, t('offline'))}
            </Alert>
          )}
        </form>
      </Paper>

      <Paper sx={{ p: 2 }}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="h6" component="h2">
            {t('list.title')}
          </Typography>
          <TextField
            select
            size="small"
            value={status}
            onChange={(e) => setStatus(e.target.value as 'unposted' | 'posted')}
            label={t('list.filter')}
            sx={{ minWidth: 160 }}
          >
            <MenuItem value="unposted">{t('list.unposted')}</MenuItem>
            <MenuItem value="posted">{t('list.posted')}</MenuItem>
          </TextField>
        </Stack>
        {batches.error && (
          <Alert severity="error">{errorMessage(batches.error, t('offline'))}</Alert>
        )}
        <Table size="small" aria-label={t('list.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('list.batch')}</TableCell>
              <TableCell>{t('open.lockbox')}</TableCell>
              <TableCell>{t('open.receiptDate')}</TableCell>
              <TableCell align="right">{t('list.items')}</TableCell>
              <TableCell align="right">{t('list.total')}</TableCell>
              <TableCell>{t('list.status')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {batches.data?.map((b) => (
              <TableRow key={b.id} hover data-testid={`batch-row-${b.id}`}>
                <TableCell>
                  <Link to={`/mail-payments/batches/${b.id}`}>#{b.id}</Link>
                </TableCell>
                <TableCell>{lockboxLabel(b.lockboxId)}</TableCell>
                <TableCell>{b.receiptDate}</TableCell>
                <TableCell align="right">
                  {b.itemCount} / {b.controlCount}
                </TableCell>
                <TableCell align="right">
                  {money(b.totalCents, i18n.language)} / {money(b.controlTotalCents, i18n.language)}
                </TableCell>
                <TableCell>
                  <Stack direction="row" spacing={1}>
                    <Chip
                      size="small"
                      label={t(`batchStatus.${b.status}`)}
                      color={b.status === 'posted' ? 'success' : 'default'}
                    />
                    {b.exceptionCount > 0 && (
                      <Chip
                        size="small"
                        color="error"
                        label={t('list.exceptions', { count: b.exceptionCount })}
                      />
                    )}
                    {b.overrideCount > 0 && b.status === 'open' && (
                      <Chip size="small" color="warning" label={t('list.needsApproval')} />
                    )}
                  </Stack>
                </TableCell>
              </TableRow>
            ))}
            {batches.data?.length === 0 && (
              <TableRow>
                <TableCell colSpan={6}>{t('list.none')}</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </Paper>
    </Stack>
  );
}
