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
import { ReasonDialog } from '../../components/ReasonDialog.tsx';
import { errorMessage, fieldErrors, useTRPC, type RouterOutputs } from '../../trpc.ts';

type Row = RouterOutputs['calls']['reasons']['list'][number];
type Editing =
  | { mode: 'add' }
  | { mode: 'edit'; row: Row }
  | { mode: 'retire'; row: Row }
  | { mode: 'restore'; row: Row };

/**
 * Admin: the reason codes agents pick at wrap-up. Add a code, relabel or reorder one, retire it
 * (old calls keep showing it) or restore it; every change asks for a reason and is audited.
 */
export function ReasonCodesAdmin() {
  const { t } = useTranslation('calls');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.calls.reasons.list.queryOptions());
  const [editing, setEditing] = useState<Editing | null>(null);
  const [form, setForm] = useState({ code: '', labelEn: '', labelFr: '', sortOrder: '' });
  const done = () => {
    setEditing(null);
    void queryClient.invalidateQueries({ queryKey: trpc.calls.pathKey() });
  };
  const add = useMutation(trpc.calls.reasons.add.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.calls.reasons.update.mutationOptions({ onSuccess: done }));
  const error = editing?.mode === 'add' ? add.error : update.error;
  const fields = fieldErrors(error);
  const open = (next: Editing) => {
    add.reset();
    update.reset();
    const row = 'row' in next ? next.row : null;
    setForm({
      code: row?.code ?? '',
      labelEn: row?.labelEn ?? '',
      labelFr: row?.labelFr ?? '',
      sortOrder: row ? String(row.sortOrder) : '',
    });
    setEditing(next);
  };
  const confirm = (reason: string) => {
    if (!editing) return;
    const order = form.sortOrder.trim() === '' ? undefined : Number(form.sortOrder);
    if (editing.mode === 'add')
      add.mutate({
        code: form.code,
        labelEn: form.labelEn,
        labelFr: form.labelFr,
        sortOrder: order,
        reason,
      });
    else if (editing.mode === 'edit')
      update.mutate({
        code: editing.row.code,
        labelEn: form.labelEn,
        labelFr: form.labelFr,
        sortOrder: order,
        reason,
      });
    else update.mutate({ code: editing.row.code, active: editing.mode === 'restore', reason });
  };
  const field = (key: keyof typeof form, label: string, disabled = false) => (
    <TextField
      key={key}
      size="small"
      label={label}
      value={form[key]}
      disabled={disabled}
      onChange={(e) => setForm((f) => ({ ...f, [key]: e.target.value }))}
      error={Boolean(fields[key])}
      helperText={fields[key]}
      slotProps={{ htmlInput: { 'data-testid': `reason-form-${key}` } }}
    />
  );

  return (
    <Paper sx={{ p: 2 }} data-testid="reason-codes-admin">
      <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
          {t('reasonsAdmin.title')}
        </Typography>
        <Button variant="contained" size="small" onClick={() => open({ mode: 'add' })}>
          {t('reasonsAdmin.add')}
        </Button>
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('reasonsAdmin.intro')}
      </Typography>
      {list.isError && <Alert severity="error">{errorMessage(list.error, t('error'))}</Alert>}
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{t('reasonsAdmin.code')}</TableCell>
            <TableCell>{t('reasonsAdmin.labelEn')}</TableCell>
            <TableCell>{t('reasonsAdmin.labelFr')}</TableCell>
            <TableCell align="right">{t('reasonsAdmin.order')}</TableCell>
            <TableCell>{t('reasonsAdmin.status')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {(list.data ?? []).map((r) => (
            <TableRow key={r.code} data-testid={`reason-row-${r.code}`}>
              <TableCell sx={{ fontFamily: 'monospace' }}>{r.code}</TableCell>
              <TableCell>{r.labelEn}</TableCell>
              <TableCell>{r.labelFr}</TableCell>
              <TableCell align="right">{r.sortOrder}</TableCell>
              <TableCell>
                <Chip
                  size="small"
                  label={t(r.active ? 'reasonsAdmin.active' : 'reasonsAdmin.retired')}
                  color={r.active ? 'success' : 'default'}
                />
              </TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                <Button size="small" onClick={() => open({ mode: 'edit', row: r })}>
                  {t('reasonsAdmin.edit')}
                </Button>
                <Button
                  size="small"
                  color={r.active ? 'warning' : 'primary'}
                  onClick={() => open({ mode: r.active ? 'retire' : 'restore', row: r })}
                >
                  {t(r.active ? 'reasonsAdmin.retire' : 'reasonsAdmin.restore')}
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {editing && (
        <ReasonDialog
          open
          title={t(`reasonsAdmin.dialog.${editing.mode}`, {
            code: 'row' in editing ? editing.row.code : '',
          })}
          busy={add.isPending || update.isPending}
          error={
            error && Object.keys(fields).length === 0
              ? errorMessage(error, t('error'))
              : fields.reason
          }
          onCancel={() => setEditing(null)}
          onConfirm={confirm}
          extra={
            editing.mode === 'add' || editing.mode === 'edit' ? (
              <>
                {field('code', t('reasonsAdmin.code'), editing.mode === 'edit')}
                {field('labelEn', t('reasonsAdmin.labelEn'))}
                {field('labelFr', t('reasonsAdmin.labelFr'))}
                {field('sortOrder', t('reasonsAdmin.order'))}
              </>
            ) : undefined
          }
        />
      )}
    </Paper>
  );
}
