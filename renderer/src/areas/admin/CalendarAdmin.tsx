import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReasonDialog } from '../../components/ReasonDialog.tsx';
import { errorMessage, fieldErrors, useTRPC } from '../../trpc.ts';

export function CalendarAdmin() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const today = useQuery(trpc.calendar.today.queryOptions());
  const [year, setYear] = useState<number | null>(null);
  // The centre's year (`today` is its YYYY-MM-DD), never the PC's: until it loads, no year.
  const shownYear = year ?? (today.data ? Number(today.data.today.slice(0, 4)) : null);
  const data = useQuery({
    ...trpc.calendar.year.queryOptions({ year: shownYear ?? 0 }),
    enabled: shownYear !== null,
  });
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [removing, setRemoving] = useState<number | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.calendar.year.queryKey() });
  const add = useMutation(
    trpc.calendar.addClosure.mutationOptions({
      onSuccess: () => {
        setDate('');
        setName('');
        void refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.calendar.removeClosure.mutationOptions({
      onSuccess: () => {
        setRemoving(null);
        void refresh();
      },
    }),
  );
  const fields = fieldErrors(add.error);
  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, md: 6 }}>
        <Paper sx={{ p: 2 }}>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
            <Typography variant="h6" sx={{ flex: 1 }}>
              {t('admin.holidays')}
            </Typography>
            <TextField
              type="number"
              label={t('admin.year')}
              value={shownYear ?? ''}
              onChange={(e) => setYear(Number(e.target.value))}
              sx={{ width: 110 }}
            />
          </Stack>
          <Table size="small">
            <TableBody>
              {data.data?.holidays.map((h) => (
                <TableRow key={h.date}>
                  <TableCell sx={{ width: 120, fontFamily: 'monospace' }}>{h.date}</TableCell>
                  <TableCell>{h.name}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <Paper sx={{ p: 2 }}>
          <Typography variant="h6" gutterBottom>
            {t('admin.closures')}
          </Typography>
          <Stack
            component="form"
            direction="row"
            spacing={1}
            sx={{ mb: 2 }}
            onSubmit={(e) => {
              e.preventDefault();
              add.mutate({ date, name });
            }}
          >
            <TextField
              type="date"
              label={t('admin.date')}
              value={date}
              onChange={(e) => setDate(e.target.value)}
              slotProps={{ inputLabel: { shrink: true } }}
              error={Boolean(fields.date)}
              helperText={fields.date}
            />
            <TextField
              label={t('admin.name')}
              value={name}
              onChange={(e) => setName(e.target.value)}
              sx={{ flex: 1 }}
              error={Boolean(fields.name)}
              helperText={fields.name}
            />
            <Button type="submit" variant="contained" disabled={add.isPending}>
              {t('admin.addClosure')}
            </Button>
          </Stack>
          {add.error && (
            <Alert severity="error" sx={{ mb: 1 }}>
              {errorMessage(add.error, t('shell.offline'))}
            </Alert>
          )}
          <Table size="small">
            <TableBody>
              {data.data?.closures.length === 0 && (
                <TableRow>
                  <TableCell>{t('common.none')}</TableCell>
                </TableRow>
              )}
              {data.data?.closures.map((c) => (
                <TableRow key={c.id}>
                  <TableCell sx={{ width: 120, fontFamily: 'monospace' }}>{c.date}</TableCell>
                  <TableCell>{c.name}</TableCell>
                  <TableCell align="right">
                    <Button color="error" onClick={() => setRemoving(c.id)}>
                      {t('admin.remove')}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      </Grid>
      {removing !== null && (
        <ReasonDialog
          open
          title={t('admin.remove')}
          busy={remove.isPending}
          error={remove.error ? errorMessage(remove.error, t('shell.offline')) : null}
          onCancel={() => setRemoving(null)}
          onConfirm={(reason) => remove.mutate({ id: removing, reason })}
        />
      )}
    </Grid>
  );
}
