import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
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
import { Link, useNavigate, useParams } from 'react-router';
import { ReasonDialog } from '../../components/ReasonDialog.tsx';
import { ReturnDialog } from './ReturnDialog.tsx';
import { useRequestKey } from '../../request-key.ts';
import { errorMessage, translator, useTRPC, type RouterOutputs } from '../../trpc.ts';
import { userText } from '../../../../server/domain/shared/server-messages.ts';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';

type Row = RouterOutputs['mailPayments']['exceptions']['list'][number];

/** The exceptions/suspense queue: oldest receipt first, with research and resolution. */
export function ExceptionsQueue() {
  const { t, i18n } = useTranslation('mailPayments');
  const trpc = useTRPC();
  const navigate = useNavigate();
  const itemId = Number(useParams().itemId) || null;
  const list = useQuery(trpc.mailPayments.exceptions.list.queryOptions({}));
  const selected = list.data?.find((r) => r.item.id === itemId) ?? null;
  return (
    <Box
      sx={{
        display: 'grid',
        gridTemplateColumns: selected ? 'minmax(0, 1fr) minmax(0, 1.1fr)' : '1fr',
        gap: 2,
        alignItems: 'start',
      }}
    >
      <Paper sx={{ p: 2 }}>
        <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
          {t('exceptions.title', { count: list.data?.length ?? 0 })}
        </Typography>
        {list.error && <Alert severity="error">{errorMessage(list.error, t('offline'))}</Alert>}
        <Table size="small" aria-label={t('exceptions.queue')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('exceptions.age')}</TableCell>
              <TableCell>{t('list.batch')}</TableCell>
              <TableCell>{t('item.accountNumber')}</TableCell>
              <TableCell align="right">{t('item.amount')}</TableCell>
              {!selected && <TableCell>{t('item.remitter')}</TableCell>}
              <TableCell>{t('exceptions.rules')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {list.data?.map((r) => (
              <TableRow
                key={r.item.id}
                hover
                selected={r.item.id === itemId}
                sx={{ cursor: 'pointer' }}
                data-testid={`exception-row-${r.item.id}`}
                onClick={() => void navigate(`/mail-payments/exceptions/${r.item.id}`)}
              >
                <TableCell>
                  <Chip
                    size="small"
                    color={r.ageDays >= 4 ? 'error' : r.ageDays >= 2 ? 'warning' : 'default'}
                    label={t('exceptions.days', { count: r.ageDays })}
                  />
                </TableCell>
                <TableCell>
                  #{r.batchId}.{r.item.seq}
                </TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }}>
                  {r.item.accountNumber || '—'}
                </TableCell>
                <TableCell align="right">{money(r.item.amountCents, i18n.language)}</TableCell>
                {!selected && <TableCell>{r.item.remitter}</TableCell>}
                <TableCell>
                  <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap' }} useFlexGap>
                    {r.item.failures.map((f) => (
                      <Chip
                        key={f.rule}
                        size="small"
                        variant="outlined"
                        color="error"
                        label={t(`rule.${f.rule}`)}
                      />
                    ))}
                  </Stack>
                </TableCell>
              </TableRow>
            ))}
            {list.data?.length === 0 && (
              <TableRow>
                <TableCell colSpan={6}>{t('exceptions.none')}</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </Paper>
      {selected && (
        <ResolvePanel
          key={selected.item.id}
          row={selected}
          onDone={() => void navigate('/mail-payments/exceptions')}
        />
      )}
    </Box>
  );
}

function ResolvePanel({ row, onDone }: { row: Row; onDone: () => void }) {
  const { t, i18n } = useTranslation('mailPayments');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const item = row.item;
  const [edit, setEdit] = useState({
    accountNumber: item.accountNumber,
    payee: item.payee,
    amount: String(item.amountCents),
    routingNumber: item.routingNumber,
    instrumentNumber: item.instrumentNumber,
  });
  const [note, setNote] = useState('');
  const [research, setResearch] = useState({ query: item.remitter, address: '', amount: '' });
  const [submitted, setSubmitted] = useState<typeof research | null>(null);
  const [dialog, setDialog] = useState<'override' | 'return' | null>(null);
  const [actionKey] = useRequestKey();
  const hits = useQuery({
    ...trpc.mailPayments.exceptions.research.queryOptions(submitted ?? research),
    enabled: submitted !== null,
  });
  const done = {
    onSuccess: () => {
      setDialog(null);
      void queryClient.invalidateQueries({ queryKey: trpc.mailPayments.pathKey() });
    },
  };
  const correct = useMutation(trpc.mailPayments.items.correct.mutationOptions(done));
  const override = useMutation(
    trpc.mailPayments.items.override.mutationOptions({
      onSuccess: () => {
        done.onSuccess();
        onDone();
      },
    }),
  );
  const ret = useMutation(
    trpc.mailPayments.items.returnToSender.mutationOptions({
      onSuccess: () => {
        done.onSuccess();
        onDone();
      },
    }),
  );
  const overridable = item.failures.every((f) => f.overridable);
  const saveCorrection = (accountNumber = edit.accountNumber) =>
    correct.mutate({
      itemId: item.id,
      ...edit,
      accountNumber,
      instrumentType: item.instrumentType,
      remitter: item.remitter,
      notes: item.notes,
      paidInFull: item.paidInFull,
      note,
    });

  return (
    <Paper sx={{ p: 2 }} component="section" aria-label={t('exceptions.resolve')}>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }} spacing={1}>
        <Typography variant="h6" component="h2">
          {t('exceptions.item', { batch: row.batchId, seq: item.seq })}
        </Typography>
        <Chip
          size="small"
          label={`${money(item.amountCents, i18n.language)} · ${t(`instrument.${item.instrumentType}`)} ${item.instrumentNumber}`}
        />
        <Box sx={{ flex: 1 }} />
        <Button component={Link} to={`/mail-payments/batches/${row.batchId}`}>
          {t('exceptions.openBatch')}
        </Button>
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {t('exceptions.received', { date: row.receiptDate, count: row.ageDays })} ·{' '}
        {t('item.remitter')}: {item.remitter || '—'} · {t('item.payee')}: “{item.payee}”
      </Typography>
      {item.failures.map((f) => (
        <Alert key={f.rule} severity="error" sx={{ mt: 1 }}>
          <b>{t(`rule.${f.rule}`)}</b>: {userText(f.message, translator)}
          <div>
            <i>
              {t('fix')}: {userText(f.fix, translator)}
            </i>
          </div>
        </Alert>
      ))}

      <Divider sx={{ my: 2 }} />
      <Typography variant="subtitle1" component="h3">
        {t('exceptions.research')}
      </Typography>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted({ ...research });
        }}
      >
        <Stack direction="row" spacing={1} sx={{ my: 1, flexWrap: 'wrap' }} useFlexGap>
          <TextField
            size="small"
            label={t('exceptions.byName')}
            value={research.query}
            onChange={(e) => setResearch({ ...research, query: e.target.value })}
          />
          <TextField
            size="small"
            label={t('exceptions.byAddress')}
            value={research.address}
            onChange={(e) => setResearch({ ...research, address: e.target.value })}
          />
          <TextField
            size="small"
            label={t('exceptions.byAmount')}
            value={research.amount}
            onChange={(e) => setResearch({ ...research, amount: e.target.value })}
            placeholder={String(item.amountCents)}
          />
          <Button type="submit" variant="outlined">
            {t('exceptions.search')}
          </Button>
        </Stack>
      </form>
      {hits.data && hits.data.length === 0 && (
        <Typography variant="body2">{t('exceptions.noHits')}</Typography>
      )}
      {hits.data && hits.data.length > 0 && (
        <Table size="small" aria-label={t('exceptions.research')}>
          <TableBody>
            {hits.data.flatMap((h) =>
              h.accounts.map((a) => (
                <TableRow key={`${h.customerId}-${a.id}`}>
                  <TableCell>
                    {h.displayName}
                    <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                      {[h.city, h.region].filter(Boolean).join(', ')} ·{' '}
                      {t(`match.${h.matchedOn}`, { defaultValue: h.matchedOn })}
                    </Typography>
                  </TableCell>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{a.accountNumber}</TableCell>
                  <TableCell>
                    {t(`type.${a.type}`)} · {a.status} · {a.vehicle} · …{a.vinLast8}
                  </TableCell>
                  <TableCell align="right">{money(a.paymentCents, i18n.language)}</TableCell>
                  <TableCell>
                    <Button
                      size="small"
                      onClick={() => {
                        setEdit({ ...edit, accountNumber: a.accountNumber });
                        saveCorrection(a.accountNumber);
                      }}
                    >
                      {t('exceptions.useAccount')}
                    </Button>
                  </TableCell>
                </TableRow>
              )),
            )}
          </TableBody>
        </Table>
      )}

      <Divider sx={{ my: 2 }} />
      <Typography variant="subtitle1" component="h3">
        {t('exceptions.correct')}
      </Typography>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          saveCorrection();
        }}
      >
        <Box
          sx={{
            display: 'grid',
            gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))',
            gap: 1,
            my: 1,
          }}
        >
          <TextField
            size="small"
            label={t('item.accountNumber')}
            value={edit.accountNumber}
            onChange={(e) => setEdit({ ...edit, accountNumber: e.target.value })}
          />
          <TextField
            size="small"
            label={t('item.payee')}
            value={edit.payee}
            onChange={(e) => setEdit({ ...edit, payee: e.target.value })}
          />
          <TextField
            size="small"
            label={t('item.amount')}
            value={edit.amount}
            onChange={(e) => setEdit({ ...edit, amount: e.target.value })}
          />
          <TextField
            size="small"
            label={t('item.instrumentNumber')}
            value={edit.instrumentNumber}
            onChange={(e) => setEdit({ ...edit, instrumentNumber: e.target.value })}
          />
          <TextField
            size="small"
            label={t('item.routingNumber')}
            value={edit.routingNumber}
            onChange={(e) => setEdit({ ...edit, routingNumber: e.target.value })}
          />
          <TextField
            size="small"
            label={t('exceptions.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </Box>
        <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }} useFlexGap>
          <Button type="submit" variant="contained" disabled={correct.isPending}>
            {t('exceptions.saveCorrection')}
          </Button>
          <Button
            color="warning"
            variant="outlined"
            disabled={!overridable}
            onClick={() => setDialog('override')}
            title={overridable ? '' : t('exceptions.notOverridable')}
          >
            {t('exceptions.override')}
          </Button>
          <Button color="error" variant="outlined" onClick={() => setDialog('return')}>
            {t('exceptions.return')}
          </Button>
        </Stack>
      </form>
      {correct.data && correct.data.status === 'ok' && (
        <Alert severity="success" sx={{ mt: 1 }}>
          {t('exceptions.cleared')}
        </Alert>
      )}
      {correct.data && correct.data.status === 'exception' && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          {t('exceptions.stillFailing')}
        </Alert>
      )}
      {correct.error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {errorMessage(correct.error, t('offline'))}
        </Alert>
      )}
      {dialog === 'override' && (
        <ReasonDialog
          open
          title={t('exceptions.override')}
          busy={override.isPending}
          error={override.error ? errorMessage(override.error, t('offline')) : null}
          onCancel={() => setDialog(null)}
          onConfirm={(reason) => override.mutate({ itemId: item.id, reason })}
          extra={<Typography variant="body2">{t('exceptions.overrideExplain')}</Typography>}
        />
      )}
      {dialog !== null && dialog !== 'override' && (
        <ReturnDialog
          title={t('exceptions.return')}
          facts={[
            [t('confirm.item'), t('confirm.itemValue', { seq: item.seq, batch: item.batchId })],
            [t('confirm.account'), item.accountNumber],
            [t('confirm.amount'), money(item.amountCents, i18n.language)],
            [
              t('confirm.instrument'),
              `${t(`instrument.${item.instrumentType}`)} ${item.instrumentNumber}`,
            ],
          ]}
          explain={t('exceptions.returnExplain')}
          confirmLabel={t('confirm.rtsConfirm')}
          busy={ret.isPending}
          error={ret.error ? errorMessage(ret.error, t('offline')) : null}
          onCancel={() => setDialog(null)}
          onConfirm={(reason) =>
            ret.mutate({ itemId: item.id, reason, idempotencyKey: `rts-${item.id}-${actionKey}` })
          }
        />
      )}
    </Paper>
  );
}
