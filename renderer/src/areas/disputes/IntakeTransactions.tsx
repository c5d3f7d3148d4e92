import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { Dispatch, SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import {
  formatCents as money,
  parseAmountToCents as toCents,
} from '../../../../server/domain/shared/money.ts';

/** A disputed transaction as the agent keys it (amount as typed). */
export interface TxDraft {
  transactionOn: string;
  amount: string;
  description: string;
  ledgerEntryId: number | null;
}

interface RecentDebit {
  id: number;
  postedOn: string;
  amountCents: number;
  description: string;
}

/**
 * The intake's disputed transactions: keyed rows, and the account's recent debits to pick from
 * (a pick fills the first blank row, so the case points at the ledger line).
 */
export function IntakeTransactions({
  txs,
  setTxs,
  fields,
  recentDebits,
}: {
  txs: TxDraft[];
  setTxs: Dispatch<SetStateAction<TxDraft[]>>;
  fields: Record<string, string | undefined>;
  recentDebits: readonly RecentDebit[];
}) {
  const { t, i18n } = useTranslation('disputes');
  const lang = i18n.language;
  const setTx = (i: number, patch: Partial<TxDraft>) =>
    setTxs((all) => all.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <>
      {txs.map((x, i) => (
        <Stack direction="row" spacing={1} key={i} data-testid="intake-tx">
          <TextField
            type="date"
            size="small"
            label={t('intake.txDate')}
            value={x.transactionOn}
            onChange={(e) => setTx(i, { transactionOn: e.target.value })}
            slotProps={{ inputLabel: { shrink: true } }}
            error={Boolean(fields[`transactions.${i}.transactionOn`])}
            helperText={fields[`transactions.${i}.transactionOn`]}
          />
          <TextField
            size="small"
            label={t('intake.txAmount')}
            value={x.amount}
            onChange={(e) => setTx(i, { amount: e.target.value })}
            sx={{ width: 130 }}
            error={x.amount !== '' && toCents(x.amount) === null}
          />
          <TextField
            size="small"
            label={t('intake.txDescription')}
            value={x.description}
            onChange={(e) => setTx(i, { description: e.target.value })}
            sx={{ flex: 1 }}
          />
          <IconButton
            aria-label={t('intake.remove')}
            disabled={txs.length === 1}
            onClick={() => setTxs((all) => all.filter((_x, j) => j !== i))}
          >
            <DeleteIcon />
          </IconButton>
        </Stack>
      ))}
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        <Button
          size="small"
          startIcon={<AddIcon />}
          onClick={() =>
            setTxs((all) => [
              ...all,
              { transactionOn: '', amount: '', description: '', ledgerEntryId: null },
            ])
          }
        >
          {t('intake.addTx')}
        </Button>
        {recentDebits.length > 0 && <Typography variant="caption">{t('intake.pick')}:</Typography>}
        {recentDebits.slice(0, 6).map((d) => (
          <Chip
            key={d.id}
            size="small"
            variant="outlined"
            label={`${d.postedOn} · ${money(d.amountCents, lang)} · ${d.description}`}
            onClick={() =>
              setTxs((all) => {
                const blank = all.findIndex((x) => !x.transactionOn && !x.amount);
                const next = {
                  transactionOn: d.postedOn,
                  amount: (d.amountCents / 100).toFixed(2),
                  description: d.description,
                  ledgerEntryId: d.id,
                };
                return blank >= 0 ? all.map((x, j) => (j === blank ? next : x)) : [...all, next];
              })
            }
          />
        ))}
      </Stack>
    </>
  );
}
