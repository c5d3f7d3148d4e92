import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors, translator, useTRPC } from '../../trpc.ts';
import {
  formatCents as money,
  parseAmountToCents,
} from '../../../../server/domain/shared/money.ts';
import type { BatchItem } from './batch-view.ts';
import { userText } from '../../../../server/domain/shared/server-messages.ts';

type InstrumentType = BatchItem['instrumentType'];

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

/**
 * Keying one item from the paper: Enter moves to the next field, Ctrl+Enter (or Enter on
 * "paid in full") saves; the checks' findings on the item just saved show under the form.
 */
export function ItemEntryForm({ batchId, onAdded }: { batchId: number; onAdded: () => void }) {
  const { t, i18n } = useTranslation('mailPayments');
  const trpc = useTRPC();
  const [form, setForm] = useState(EMPTY);
  const [instrumentType, setInstrumentType] = useState<InstrumentType>('personal_check');
  const [paidInFull, setPaidInFull] = useState(false);
  const [last, setLast] = useState<BatchItem | null>(null);
  const refs = useRef<Partial<Record<Field, HTMLInputElement | HTMLSelectElement | null>>>({});

  const add = useMutation(
    trpc.mailPayments.items.add.mutationOptions({
      onSuccess: (item) => {
        setLast(item);
        setForm(EMPTY);
        setPaidInFull(false);
        onAdded();
        refs.current.accountNumber?.focus();
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

  const amountPreview = parseAmountToCents(form.amount, { digitsAreCents: true });

  return (
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
  );
}
