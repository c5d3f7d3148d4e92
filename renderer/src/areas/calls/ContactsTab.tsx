import DownloadIcon from '@mui/icons-material/Download';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { BarChart } from '@mui/x-charts/BarChart';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, useTRPC, type RouterInputs } from '../../trpc.ts';
import { CentreTime } from '../../components/CentreTime.tsx';

type CsvInput = RouterInputs['calls']['reportCsv'];

function duration(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The supervisor's calls tab: contacts by reason and by hour, average handle and wrap-up time
 * per agent, repeat callers within 7 days; each part exportable as CSV.
 */
export default function ContactsTab() {
  const { t, i18n } = useTranslation('calls');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [range, setRange] = useState<{ from?: string; to?: string }>({});
  const report = useQuery({
    ...trpc.calls.report.queryOptions(range),
    placeholderData: keepPreviousData,
  });
  const [csvError, setCsvError] = useState<string | null>(null);
  const download = async (report: CsvInput['report']) => {
    try {
      const file = await queryClient.fetchQuery(
        trpc.calls.reportCsv.queryOptions({ report, ...range }),
      );
      const url = URL.createObjectURL(new Blob([file.content], { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.filename;
      a.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setCsvError(errorMessage(error, t('error')));
    }
  };
  if (report.isPending) return <CircularProgress aria-label={t('loading')} />;
  if (report.isError)
    return <Alert severity="error">{errorMessage(report.error, t('error'))}</Alert>;
  const r = report.data;
  const reasons = r.byReason.map((x) => x.reason);
  /** The admin's label for a code (retired codes keep theirs), else the built-in translation. */
  const reasonLabel = (code: string) => {
    const found = r.reasonLabels.find((x) => x.code === code);
    if (found) return i18n.language.startsWith('fr') ? found.labelFr : found.labelEn;
    return t(`reason.${code}`, { defaultValue: code });
  };
  const csvButton = (kind: CsvInput['report']) => (
    <Button size="small" startIcon={<DownloadIcon />} onClick={() => void download(kind)}>
      {t('report.csv')}
    </Button>
  );

  return (
    <Stack spacing={2} data-testid="contacts-tab">
      <Stack direction="row" sx={{ gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <TextField
          size="small"
          type="date"
          label={t('report.from')}
          value={range.from ?? r.from}
          onChange={(e) => setRange((x) => ({ ...x, from: e.target.value }))}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          size="small"
          type="date"
          label={t('report.to')}
          value={range.to ?? r.to}
          onChange={(e) => setRange((x) => ({ ...x, to: e.target.value }))}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <Typography>{t('report.total', { count: r.total })}</Typography>
      </Stack>
      {csvError && <Alert severity="error">{csvError}</Alert>}
      <Stack direction={{ xs: 'column', lg: 'row' }} sx={{ gap: 2 }}>
        <Paper variant="outlined" sx={{ p: 2, flex: 2 }}>
          <Stack direction="row" sx={{ alignItems: 'center' }}>
            <Typography variant="subtitle1" component="h2" sx={{ flex: 1 }}>
              {t('report.byHour')}
            </Typography>
            {csvButton('reasons-by-hour')}
          </Stack>
          {r.byHour.length === 0 ? (
            <Typography color="text.secondary">{t('report.none')}</Typography>
          ) : (
            <BarChart
              height={260}
              xAxis={[{ scaleType: 'band', data: r.byHour.map((h) => `${h.hour}:00`) }]}
              series={reasons.map((reason) => ({
                data: r.byHour.map((h) => h.byReason[reason] ?? 0),
                label: reasonLabel(reason),
                stack: 'reasons',
              }))}
            />
          )}
        </Paper>
        <Paper variant="outlined" sx={{ p: 2, flex: 1 }}>
          <Typography variant="subtitle1" component="h2">
            {t('report.byReason')}
          </Typography>
          {r.byReason.length === 0 ? (
            <Typography color="text.secondary">{t('report.none')}</Typography>
          ) : (
            <BarChart
              height={260}
              layout="horizontal"
              yAxis={[
                {
                  scaleType: 'band',
                  data: reasons.map((x) => reasonLabel(x)),
                  width: 110,
                },
              ]}
              series={[
                {
                  data: r.byReason.map((x) => x.calls),
                  label: t('report.calls'),
                  color: '#1c3d6e',
                },
              ]}
              hideLegend
            />
          )}
        </Paper>
      </Stack>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Stack direction="row" sx={{ alignItems: 'center' }}>
          <Typography variant="subtitle1" component="h2" sx={{ flex: 1 }}>
            {t('report.perAgent')}
          </Typography>
          {csvButton('agents')}
        </Stack>
        <Table size="small" aria-label={t('report.perAgent')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('report.agent')}</TableCell>
              <TableCell align="right">{t('report.calls')}</TableCell>
              <TableCell align="right">{t('report.avgHandle')}</TableCell>
              <TableCell align="right">{t('report.avgWrap')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {r.perAgent.map((a) => (
              <TableRow key={a.agentId}>
                <TableCell>{a.agentName}</TableCell>
                <TableCell align="right">{a.calls}</TableCell>
                <TableCell align="right">{duration(a.avgHandleSeconds)}</TableCell>
                <TableCell align="right">{duration(a.avgWrapSeconds)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Paper>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Stack direction="row" sx={{ alignItems: 'center' }}>
          <Typography variant="subtitle1" component="h2" sx={{ flex: 1 }}>
            {t('report.repeat')}
          </Typography>
          {csvButton('repeat-callers')}
        </Stack>
        {r.repeatCallers.length === 0 ? (
          <Typography color="text.secondary">{t('report.none')}</Typography>
        ) : (
          <Table size="small" aria-label={t('report.repeat')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('report.customer')}</TableCell>
                <TableCell align="right">{t('report.calls')}</TableCell>
                <TableCell>{t('report.lastCall')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {r.repeatCallers.map((c) => (
                <TableRow key={c.customerId}>
                  <TableCell>{c.customerName ?? `#${c.customerId}`}</TableCell>
                  <TableCell align="right">{c.calls}</TableCell>
                  <TableCell>
                    <CentreTime iso={c.lastAt} zone={r.timeZone} focusable={false} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}
