import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorMessage, useTRPC } from '../../trpc.ts';
import { AddressBlock, FlagList, LetterList, StatusChip } from './shared.tsx';
import { CentreTime } from '../../components/CentreTime.tsx';

export default function ChangeDetail() {
  const { t } = useTranslation('addressChanges');
  const trpc = useTRPC();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const change = useQuery({ ...trpc.addressChanges.get.queryOptions({ id }), enabled: id > 0 });
  if (change.error) return <Alert severity="error">{errorMessage(change.error, '')}</Alert>;
  const c = change.data;
  if (!c) return null;
  return (
    <Paper sx={{ p: 2 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h6" component="h1">
          {t('detail.title', { id: c.id })} — {c.customer.displayName}
        </Typography>
        <StatusChip status={c.status} effectiveFrom={c.effectiveFrom} today={c.today} />
        <Button onClick={() => void navigate('/address-changes/new')}>{t('newChange')}</Button>
      </Stack>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 4 }}>
          <Typography variant="overline">{t('detail.old')}</Typography>
          <AddressBlock address={c.oldAddress} />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <Typography variant="overline">{t('detail.new')}</Typography>
          <AddressBlock address={c.address} />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <Table size="small">
            <TableBody>
              <TableRow>
                <TableCell component="th">{t('detail.channel')}</TableCell>
                <TableCell>{t(`channels.${c.channel}`)}</TableCell>
              </TableRow>
              <TableRow>
                <TableCell component="th">{t('detail.effective')}</TableCell>
                <TableCell>{c.effectiveFrom}</TableCell>
              </TableRow>
              <TableRow>
                <TableCell component="th">{t('detail.reason')}</TableCell>
                <TableCell>{c.reason}</TableCell>
              </TableRow>
              <TableRow>
                <TableCell component="th">{t('detail.maker')}</TableCell>
                <TableCell>
                  {c.createdByName} · <CentreTime iso={c.createdAt} />
                </TableCell>
              </TableRow>
              {c.decidedAt && (
                <TableRow>
                  <TableCell component="th">{t('detail.decision')}</TableCell>
                  <TableCell>
                    {c.decidedByName} · <CentreTime iso={c.decidedAt} /> — {c.decisionReason}
                  </TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </Grid>
      </Grid>
      {c.redFlags.length > 0 && (
        <Alert severity="warning" sx={{ mt: 2 }}>
          <FlagList flags={c.redFlags} dense />
        </Alert>
      )}
      <Typography variant="subtitle2" sx={{ mt: 2 }}>
        {t('done.letters')}
      </Typography>
      <LetterList letters={c.letters} />
    </Paper>
  );
}
