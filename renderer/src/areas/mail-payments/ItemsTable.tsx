import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import DeleteIcon from '@mui/icons-material/Delete';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';
import type { BatchItem } from './batch-view.ts';
import { translator } from '../../trpc.ts';
import { userText } from '../../../../server/domain/shared/server-messages.ts';

/** A batch's items with their checks' findings; delete (before posting) and NSF (after). */
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
  items: BatchItem[];
  onDelete?: ((item: BatchItem) => void) | undefined;
  onNsf?: (item: BatchItem) => void;
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
