import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorMessage, useTRPC } from '../../trpc.ts';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';
import { useCentreTime } from '../../components/CentreTime.tsx';

/** The printable batch proof: deposit ticket vs items, each posting and its allocation. */
export function BatchProof() {
  const { t, i18n } = useTranslation('mailPayments');
  const centreTime = useCentreTime();
  const trpc = useTRPC();
  const batchId = Number(useParams().batchId);
  const proof = useQuery(trpc.mailPayments.batches.proof.queryOptions({ batchId }));
  if (proof.error) return <Alert severity="error">{errorMessage(proof.error, t('offline'))}</Alert>;
  if (!proof.data) return null;
  const p = proof.data;
  const m = (c: number) => money(c, i18n.language);
  const postingOf = (id: number) => p.postings.find((x) => x.itemId === id);
  return (
    <Box
      sx={{ bgcolor: 'background.paper', p: 3, '@media print': { p: 0 } }}
      data-testid="batch-proof"
    >
      <Box sx={{ displayPrint: 'none', mb: 2, display: 'flex', gap: 1 }}>
        <Button variant="contained" onClick={() => window.print()}>
          {t('proof.print')}
        </Button>
        <Button component={Link} to={`/mail-payments/batches/${batchId}`}>
          {t('proof.back')}
        </Button>
      </Box>
      <Typography variant="h5" component="h1">
        {t('proof.title', { id: p.batch.id })}
      </Typography>
      <Typography>
        {p.lockbox.payee} · {p.lockbox.poBox}, {p.lockbox.city} {p.lockbox.region}{' '}
        {p.lockbox.postalCode}
      </Typography>
      <Typography>
        {t('open.receiptDate')}: {p.batch.receiptDate} · {t('list.status')}:{' '}
        {t(`batchStatus.${p.batch.status}`)}
        {p.batch.postedAt &&
          ` · ${t('proof.postedAt', { at: centreTime(p.batch.postedAt).text, by: p.batch.postedByName ?? '' })}`}
      </Typography>
      <Typography sx={{ my: 1 }}>
        {t('proof.control')}: {p.balance.controlCount} / {m(p.balance.controlTotalCents)} ·{' '}
        {t('proof.keyed')}: {p.balance.count} / {m(p.balance.totalCents)} ·{' '}
        <b>{p.balance.balanced ? t('entry.balanced') : t('entry.outOfBalance')}</b>
      </Typography>
      <Typography variant="body2">
        {t('proof.openedBy', { by: p.batch.openedByName ?? '' })}
        {p.batch.approvedByName && ` · ${t('proof.approvedBy', { by: p.batch.approvedByName })}`}
      </Typography>
      <Table size="small" sx={{ mt: 2 }} aria-label={t('proof.title', { id: p.batch.id })}>
        <TableHead>
          <TableRow>
            <TableCell>#</TableCell>
            <TableCell>{t('item.accountNumber')}</TableCell>
            <TableCell>{t('item.instrumentNumber')}</TableCell>
            <TableCell>{t('item.remitter')}</TableCell>
            <TableCell align="right">{t('item.amount')}</TableCell>
            <TableCell>{t('list.status')}</TableCell>
            <TableCell>{t('proof.allocation')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {p.items.map((i) => {
            const posting = postingOf(i.id);
            return (
              <TableRow key={i.id}>
                <TableCell>{i.seq}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }}>{i.accountNumber}</TableCell>
                <TableCell>
                  {t(`instrument.${i.instrumentType}`)} {i.instrumentNumber}
                </TableCell>
                <TableCell>{i.remitter}</TableCell>
                <TableCell align="right">{m(i.amountCents)}</TableCell>
                <TableCell>
                  {t(`itemStatus.${i.status}`)}
                  {i.resolutionNote ? ` — ${i.resolutionNote}` : ''}
                </TableCell>
                <TableCell>
                  {posting
                    ? [
                        ...posting.allocation.buckets
                          .filter((b) => b.applied > 0)
                          .map((b) => `${t(`bucket.${b.key}`)} ${m(b.applied)}`),
                        ...(posting.allocation.remainder > 0
                          ? [`${t('bucket.remainder')} ${m(posting.allocation.remainder)}`]
                          : []),
                      ].join(' · ')
                    : '—'}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <Box sx={{ mt: 4, display: 'flex', gap: 8 }}>
        <Typography>{t('proof.keyedSign')}: ____________________</Typography>
        <Typography>{t('proof.verifiedSign')}: ____________________</Typography>
      </Box>
    </Box>
  );
}
