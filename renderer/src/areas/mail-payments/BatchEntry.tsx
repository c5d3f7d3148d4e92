import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import DeleteIcon from '@mui/icons-material/Delete';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ReturnDialog } from './ReturnDialog.tsx';
import { useRequestKey } from '../../request-key.ts';
import { errorMessage, fieldErrors, translator, useTRPC, type RouterOutputs } from '../../trpc.ts';
import { userText } from '../../../../shared/server-messages.ts';
import { LockboxImport } from './LockboxImport.tsx';
import { formatCents as money, parseAmountToCents } from '../../../../shared/money.ts';

type View = RouterOutputs['mailPayments']['batches']['get'];
type Item = View['items'][number];
type InstrumentType = Item['instrumentType'];

const FIELDS = [
  'accountNumber',
  'amount',
  'instrumentNumber',
  'instrumentType',
  'payee',
  'routingNumber',
  'remitter',
  'notes',
  'paidInFull',
] as const;
type Field = (typeof FIELDS)[number];

const EMPTY = {
  accountNumber: '',
  amount: '',
  instrumentNumber: '',
  payee: '',
  routingNumber: '',
  remitter: '',
  notes: '',
};

/** The sticky running count and total against the deposit ticket. */
export function BalanceBar({ view }: { view: View }) {
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

export function BatchEntry() {
  const { t, i18n } = useTranslation('mailPayments');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const batchId = Number(useParams().batchId);
  const view = useQuery(trpc.mailPayments.batches.get.queryOptions({ batchId }));
  const [form, setForm] = useState(EMPTY);
  const [instrumentType, setInstrumentType] = useState<InstrumentType>('personal_check');
  const [paidInFull, setPaidInFull] = useState(false);
  const [last, setLast] = useState<Item | null>(null);
  const [nsfItem, setNsfItem] = useState<Item | null>(null);
  const [confirmPost, setConfirmPost] = useState(false);
  // One key per screen, made per action below: a retried post or NSF replays the first answer.
  const [actionKey] = useRequestKey();
  const refs = useRef<Partial<Record<Field, HTMLInputElement | HTMLSelectElement | null>>>({});
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.mailPayments.pathKey() });

  const add = useMutation(
    trpc.mailPayments.items.add.mutationOptions({
      onSuccess: (item) => {
        setLast(item);
        setForm(EMPTY);
        setPaidInFull(false);
        void refresh();
        refs.current.accountNumber?.focus();
      },
    }),
  );
  const remove = useMutation(
    trpc.mailPayments.items.remove.mutationOptions({ onSuccess: () => void refresh() }),
  );
  const post = useMutation(
    trpc.mailPayments.batches.post.mutationOptions({
      onSuccess: () => {
        setConfirmPost(false);
        void refresh();
      },
    }),
  );
  const nsf = useMutation(
    trpc.mailPayments.items.returnNsf.mutationOptions({
      onSuccess: () => {
        setNsfItem(null);
        void refresh();
      },
    }),
  );
  const fields = fieldErrors(add.error);

  const save = () => add.mutate({ batchId, ...form, instrumentType, paidInFull });
  const onKey = (field: Field) => (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    if (e.ctrlKey || field === 'paidInFull') return save();
    const next = FIELDS[FIELDS.indexOf(field) + 1];
    if (next) refs.current[next]?.focus();
  };
  const bind = (field: keyof typeof EMPTY) => ({
    value: form[field],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
      setForm({ ...form, [field]: e.target.value }),
    onKeyDown: onKey(field),
    inputRef: (el: HTMLInputElement | null) => {
      refs.current[field] = el;
    },
    error: Boolean(fields[field]),
    helperText: fields[field],
    size: 'small' as const,
  });

  if (view.error) return <Alert severity="error">{errorMessage(view.error, t('offline'))}</Alert>;
  if (!view.data) return null;
  const v = view.data;
  const editable = v.batch.status !== 'posted';
  const amountPreview = parseAmountToCents(form.amount, { digitsAreCents: true });

  return (
    <Box>
      <BalanceBar view={v} />
      {editable && <LockboxImport batchId={batchId} onImported={() => void refresh()} />}
      {editable && (
        <Paper sx={{ p: 2, mb: 2 }} component="section" aria-label={t('entry.keyItem')}>
          <Typography variant="subtitle2" sx={{ mb: 1 }}>
            {t('entry.keyItem')} — {t('entry.keyHint')}
          </Typography>
          <Box
            sx={{
              display: 'grid',
              gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))',
              gap: 1.5,
              alignItems: 'start',
            }}
          >
            <TextField
              label={t('item.accountNumber')}
              autoFocus
              {...bind('accountNumber')}
              slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 14 } }}
            />
            <TextField
              label={t('item.amount')}
              {...bind('amount')}
              slotProps={{ htmlInput: { inputMode: 'decimal' } }}
              helperText={
                fields.amount ??
                (amountPreview !== null ? money(amountPreview, i18n.language) : t('amountHint'))
              }
            />
            <TextField label={t('item.instrumentNumber')} {...bind('instrumentNumber')} />
            <TextField
              select
              size="small"
              label={t('item.instrumentType')}
              value={instrumentType}
              onChange={(e) => setInstrumentType(e.target.value as InstrumentType)}
              slotProps={{
                select: { native: true },
                htmlInput: { onKeyDown: onKey('instrumentType') },
              }}
              inputRef={(el: HTMLSelectElement | null) => {
                refs.current.instrumentType = el;
              }}
            >
              {(['personal_check', 'cashiers_check', 'money_order'] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`instrument.${k}`)}
                </option>
              ))}
            </TextField>
            <TextField label={t('item.payee')} {...bind('payee')} />
            <TextField
              label={t('item.routingNumber')}
              {...bind('routingNumber')}
              slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 11 } }}
            />
            <TextField label={t('item.remitter')} {...bind('remitter')} />
            <TextField label={t('item.notes')} {...bind('notes')} />
            <FormControlLabel
              control={
                <Checkbox
                  checked={paidInFull}
                  onChange={(e) => setPaidInFull(e.target.checked)}
                  slotProps={{
                    input: {
                      ref: (el: HTMLInputElement | null) => {
                        refs.current.paidInFull = el;
                      },
                    },
                  }}
                  onKeyDown={onKey('paidInFull')}
                />
              }
              label={t('item.paidInFull')}
            />
          </Box>
          <Stack direction="row" spacing={2} sx={{ mt: 1, alignItems: 'center' }}>
            <Button variant="contained" onClick={save} disabled={add.isPending}>
              {t('entry.save')}
            </Button>
            {add.error && !Object.keys(fields).length && (
              <Alert severity="error">{errorMessage(add.error, t('offline'))}</Alert>
            )}
          </Stack>
          {last && (
            <Alert
              data-testid="last-item"
              severity={last.failures.length ? 'warning' : 'success'}
              sx={{ mt: 1 }}
            >
              {t('entry.lastItem', {
                seq: last.seq,
                amount: money(last.amountCents, i18n.language),
              })}{' '}
              {last.failures.length === 0
                ? t('entry.clean')
                : last.failures.map((f) => (
                    <div key={f.rule}>
                      <b>{t(`rule.${f.rule}`)}</b>: {userText(f.message, translator)}{' '}
                      <i>
                        {t('fix')}: {userText(f.fix, translator)}
                      </i>
                    </div>
                  ))}
            </Alert>
          )}
        </Paper>
      )}

      <Paper sx={{ p: 2, mb: 2 }}>
        <Stack
          direction="row"
          spacing={2}
          sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap' }}
          useFlexGap
        >
          <Typography variant="h6" component="h2">
            {t('entry.items')}
          </Typography>
          <Box sx={{ flex: 1 }} />
          <Button component={Link} to={`/mail-payments/batches/${batchId}/proof`}>
            {t('entry.proof')}
          </Button>
          {editable && (
            <Button
              variant="contained"
              color="success"
              disabled={post.isPending || v.blockers.length > 0}
              onClick={() => {
                post.reset();
                setConfirmPost(true);
              }}
            >
              {t('entry.post')}
            </Button>
          )}
          {confirmPost && (
            <PostConfirm
              view={v}
              busy={post.isPending}
              error={post.error ? errorMessage(post.error, t('offline')) : null}
              onCancel={() => setConfirmPost(false)}
              onConfirm={() =>
                post.mutate({ batchId, idempotencyKey: `post-${batchId}-${actionKey}` })
              }
            />
          )}
        </Stack>
        {editable && v.blockers.length > 0 && (
          <Alert severity="info" sx={{ mb: 1 }} data-testid="blockers">
            {v.blockers.map((b) => (
              <div key={b.key}>{userText(b, translator)}</div>
            ))}
          </Alert>
        )}
        {post.data && (
          <Alert severity="success" sx={{ mb: 1 }} data-testid="post-result">
            {post.data.alreadyPosted
              ? t('entry.alreadyPosted')
              : t('entry.posted', {
                  count: post.data.postedCount,
                  amount: money(post.data.postedCents, i18n.language),
                  date: v.batch.receiptDate,
                })}
          </Alert>
        )}
        {post.error && (
          <Alert severity="error" sx={{ mb: 1 }}>
            {errorMessage(post.error, t('offline'))}
          </Alert>
        )}
        <ItemsTable
          items={v.items}
          onDelete={editable ? (item) => remove.mutate({ itemId: item.id }) : undefined}
          onNsf={(item) => setNsfItem(item)}
        />
      </Paper>
      {nsfItem && (
        <ReturnDialog
          title={t('nsf.title', {
            seq: nsfItem.seq,
            amount: money(nsfItem.amountCents, i18n.language),
          })}
          facts={[
            [t('confirm.item'), t('confirm.itemValue', { seq: nsfItem.seq, batch: batchId })],
            [t('confirm.account'), nsfItem.accountNumber],
            [t('confirm.amount'), money(nsfItem.amountCents, i18n.language)],
            [
              t('confirm.instrument'),
              `${t(`instrument.${nsfItem.instrumentType}`)} ${nsfItem.instrumentNumber}`,
            ],
          ]}
          explain={t('nsf.explain')}
          confirmLabel={t('nsf.confirm')}
          busy={nsf.isPending}
          error={nsf.error ? errorMessage(nsf.error, t('offline')) : null}
          onCancel={() => setNsfItem(null)}
          onConfirm={(reason) =>
            nsf.mutate({
              itemId: nsfItem.id,
              reason,
              idempotencyKey: `nsf-${nsfItem.id}-${actionKey}`,
            })
          }
        />
      )}
    </Box>
  );
}

/** What posting does, before it is done: count, total, lockbox, as-of date, accounts. */
function PostConfirm({
  view,
  busy,
  error,
  onCancel,
  onConfirm,
}: {
  view: View;
  busy: boolean;
  error: string | null;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t, i18n } = useTranslation('mailPayments');
  const postable = view.items.filter((i) => i.status === 'ok' || i.status === 'override');
  const cents = postable.reduce((sum, i) => sum + i.amountCents, 0);
  const accounts = new Set(postable.map((i) => i.accountNumber)).size;
  const amount = money(cents, i18n.language);
  return (
    <ConfirmDialog
      open
      title={t('confirm.postTitle', { id: view.batch.id })}
      facts={[
        [t('confirm.postCount'), postable.length.toLocaleString(i18n.language)],
        [t('confirm.postTotal'), amount],
        [t('confirm.postAccounts'), accounts.toLocaleString(i18n.language)],
        [
          t('confirm.postLockbox'),
          `${view.lockbox.poBox}, ${view.lockbox.city} (${t(`type.${view.lockbox.accountType}`)})`,
        ],
        [t('confirm.postAsOf'), view.batch.receiptDate],
      ]}
      confirmLabel={t('confirm.postConfirm', { count: postable.length, amount })}
      busy={busy}
      error={error}
      onCancel={onCancel}
      onConfirm={onConfirm}
    />
  );
}

const STATUS_COLOR = {
  ok: 'success',
  exception: 'error',
  override: 'warning',
  returned: 'default',
  posted: 'success',
  nsf: 'error',
} as const;

export function ItemsTable({
  items,
  onDelete,
  onNsf,
}: {
  items: Item[];
  onDelete?: ((item: Item) => void) | undefined;
  onNsf?: (item: Item) => void;
}) {
  const { t, i18n } = useTranslation('mailPayments');
  return (
    <Table size="small" aria-label={t('entry.items')}>
      <TableHead>
        <TableRow>
          <TableCell>#</TableCell>
          <TableCell>{t('item.accountNumber')}</TableCell>
          <TableCell align="right">{t('item.amount')}</TableCell>
          <TableCell>{t('item.instrumentNumber')}</TableCell>
          <TableCell>{t('item.payee')}</TableCell>
          <TableCell>{t('item.remitter')}</TableCell>
          <TableCell>{t('list.status')}</TableCell>
          <TableCell>{t('entry.issues')}</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map((i) => (
          <TableRow key={i.id} data-testid={`item-row-${i.seq}`}>
            <TableCell>{i.seq}</TableCell>
            <TableCell sx={{ fontFamily: 'monospace' }}>{i.accountNumber}</TableCell>
            <TableCell align="right">{money(i.amountCents, i18n.language)}</TableCell>
            <TableCell>
              {t(`instrument.${i.instrumentType}`)} {i.instrumentNumber}
            </TableCell>
            <TableCell>{i.payee}</TableCell>
            <TableCell>
              {i.remitter}
              {i.paidInFull && (
                <Chip size="small" color="warning" label={t('item.pifShort')} sx={{ ml: 1 }} />
              )}
            </TableCell>
            <TableCell>
              <Chip
                size="small"
                color={STATUS_COLOR[i.status]}
                label={t(`itemStatus.${i.status}`)}
              />
            </TableCell>
            <TableCell sx={{ maxWidth: 360 }}>
              {i.status === 'exception' &&
                i.failures.map((f) => (
                  <Typography key={f.rule} variant="body2" color="error.main">
                    {t(`rule.${f.rule}`)}: {userText(f.message, translator)}
                  </Typography>
                ))}
              {i.resolutionNote && (
                <Typography variant="body2" color="text.secondary">
                  {t(`resolution.${i.resolution ?? 'corrected'}`)}: {i.resolutionNote}
                </Typography>
              )}
              {i.nsfReason && (
                <Typography variant="body2" color="error.main">
                  {t('nsf.returned')}: {i.nsfReason}
                </Typography>
              )}
            </TableCell>
            <TableCell align="right" sx={{ whiteSpace: 'nowrap', displayPrint: 'none' }}>
              {i.status === 'exception' && (
                <Button size="small" component={Link} to={`/mail-payments/exceptions/${i.id}`}>
                  {t('entry.resolve')}
                </Button>
              )}
              {onDelete && i.status !== 'posted' && (
                <IconButton
                  size="small"
                  aria-label={t('entry.delete', { seq: i.seq })}
                  onClick={() => onDelete(i)}
                >
                  <DeleteIcon fontSize="small" />
                </IconButton>
              )}
              {onNsf && i.status === 'posted' && (
                <Button
                  size="small"
                  variant="outlined"
                  onClick={() => onNsf(i)}
                  aria-label={t('nsf.actionFor', { seq: i.seq })}
                >
                  {t('nsf.action')}
                </Button>
              )}
            </TableCell>
          </TableRow>
        ))}
        {items.length === 0 && (
          <TableRow>
            <TableCell colSpan={9}>{t('entry.noItems')}</TableCell>
          </TableRow>
        )}
      </TableBody>
    </Table>
  );
}
