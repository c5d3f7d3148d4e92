import DownloadIcon from '@mui/icons-material/Download';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { errorMessage, useTRPC } from '../../trpc.ts';
import { useServerFile } from '../../server-file.ts';
import { PolicyEditor } from './PolicyEditor.tsx';
import { dayLabel as day } from '../../../../server/domain/shared/date-labels.ts';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';

type Filter = 'open' | 'due_today' | 'at_risk' | 'breached' | 'suspended';

interface Drill {
  filter: Filter;
  clockId?: string;
  agentId?: number;
  title: string;
}

function Count({
  n,
  color,
  onClick,
  testId,
}: {
  n: number;
  color: 'error' | 'warning' | 'info' | 'default' | 'secondary';
  onClick: () => void;
  testId: string;
}) {
  if (n === 0)
    return (
      <Typography variant="body2" color="text.disabled" data-testid={testId}>
        0
      </Typography>
    );
  return (
    <Chip
      size="small"
      color={color}
      label={n}
      onClick={onClick}
      data-testid={testId}
      sx={{ fontWeight: 700, minWidth: 40 }}
    />
  );
}

/** The supervisor's dispute deadline cockpit (a tab of the Supervisor area). */
export default function DisputesCockpit() {
  const { t, i18n } = useTranslation('disputes');
  const lang = i18n.language;
  const trpc = useTRPC();
  const cockpit = useQuery(trpc.disputes.cockpit.queryOptions());
  const policies = useQuery(trpc.disputes.policies.queryOptions());
  const [drill, setDrill] = useState<Drill>({ filter: 'breached', title: t('cockpit.breached') });
  const csvFile = useServerFile();
  const cases = useQuery(
    trpc.disputes.cockpitCases.queryOptions({
      filter: drill.filter,
      limit: 200,
      ...(drill.clockId ? { clockId: drill.clockId } : {}),
      ...(drill.agentId !== undefined ? { agentId: drill.agentId } : {}),
    }),
  );
  const label = (l: { en: string; fr: string }) => (lang.startsWith('fr') ? l.fr : l.en);
  if (cockpit.error)
    return <Alert severity="error">{errorMessage(cockpit.error, t('common:shell.offline'))}</Alert>;
  const d = cockpit.data;
  const clockLabel = new Map(d?.perClock.map((c) => [c.clockId, label(c.label)]) ?? []);
  const csvHref = `/api/disputes/cockpit.csv?filter=${drill.filter}${drill.clockId ? `&clockId=${drill.clockId}` : ''}${drill.agentId !== undefined ? `&agentId=${drill.agentId}` : ''}`;
  // The version new cases open under today (a published later version is not yet in effect).
  const current =
    policies.data?.find((p) => !d || p.effectiveFrom <= d.today) ?? policies.data?.at(-1);

  return (
    <Stack spacing={2} data-testid="disputes-cockpit">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'baseline' }}>
        <Typography variant="h5">{t('cockpit.tab')}</Typography>
        {d && (
          <Typography color="text.secondary">
            {t('cockpit.today', { date: day(d.today, lang) })} ·{' '}
            {t('cockpit.ms', { ms: d.milliseconds })}
          </Typography>
        )}
      </Stack>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: 7 }}>
          <Paper sx={{ p: 2 }}>
            <Typography variant="subtitle1" sx={{ fontWeight: 700 }}>
              {t('cockpit.perClock')}
            </Typography>
            <Table size="small" data-testid="cockpit-per-clock">
              <TableHead>
                <TableRow>
                  <TableCell />
                  <TableCell align="center">{t('cockpit.dueToday')}</TableCell>
                  <TableCell align="center">{t('cockpit.atRisk')}</TableCell>
                  <TableCell align="center">{t('cockpit.breached')}</TableCell>
                  <TableCell align="center">{t('cockpit.suspended')}</TableCell>
                  <TableCell align="center">{t('cockpit.open')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {d?.perClock.map((c) => (
                  <TableRow key={c.clockId} data-testid={`cockpit-clock-${c.clockId}`}>
                    <TableCell>
                      {label(c.label)}
                      {c.owner === 'customer' && (
                        <Typography variant="caption" color="text.secondary">
                          {' '}
                          ({t('cockpit.customerClock')})
                        </Typography>
                      )}
                      <Typography variant="caption" component="div" color="text.secondary">
                        {c.citation}
                      </Typography>
                    </TableCell>
                    <TableCell align="center">
                      <Count
                        n={c.dueToday}
                        color="info"
                        testId={`due-${c.clockId}`}
                        onClick={() =>
                          setDrill({
                            filter: 'due_today',
                            clockId: c.clockId,
                            title: `${label(c.label)} · ${t('cockpit.dueToday')}`,
                          })
                        }
                      />
                    </TableCell>
                    <TableCell align="center">
                      <Count
                        n={c.atRisk}
                        color="warning"
                        testId={`risk-${c.clockId}`}
                        onClick={() =>
                          setDrill({
                            filter: 'at_risk',
                            clockId: c.clockId,
                            title: `${label(c.label)} · ${t('cockpit.atRisk')}`,
                          })
                        }
                      />
                    </TableCell>
                    <TableCell align="center">
                      <Count
                        n={c.breached}
                        color={c.owner === 'customer' ? 'default' : 'error'}
                        testId={`breached-${c.clockId}`}
                        onClick={() =>
                          setDrill({
                            filter: 'breached',
                            clockId: c.clockId,
                            title: `${label(c.label)} · ${t('cockpit.breached')}`,
                          })
                        }
                      />
                    </TableCell>
                    <TableCell align="center">
                      <Count
                        n={c.suspended}
                        color="secondary"
                        testId={`suspended-${c.clockId}`}
                        onClick={() =>
                          setDrill({
                            filter: 'suspended',
                            clockId: c.clockId,
                            title: `${label(c.label)} · ${t('cockpit.suspended')}`,
                          })
                        }
                      />
                    </TableCell>
                    <TableCell align="center">
                      <Count
                        n={c.open}
                        color="default"
                        testId={`open-${c.clockId}`}
                        onClick={() =>
                          setDrill({
                            filter: 'open',
                            clockId: c.clockId,
                            title: `${label(c.label)} · ${t('cockpit.open')}`,
                          })
                        }
                      />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Paper>
        </Grid>
        <Grid size={{ xs: 12, lg: 5 }}>
          <Paper sx={{ p: 2 }}>
            <Typography variant="subtitle1" sx={{ fontWeight: 700 }}>
              {t('cockpit.perAgent')}
            </Typography>
            <Table size="small" data-testid="cockpit-per-agent">
              <TableHead>
                <TableRow>
                  <TableCell />
                  <TableCell align="center">{t('cockpit.openCases')}</TableCell>
                  <TableCell align="center">{t('cockpit.dueToday')}</TableCell>
                  <TableCell align="center">{t('cockpit.atRisk')}</TableCell>
                  <TableCell align="center">{t('cockpit.breached')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {d?.perAgent.map((a) => {
                  const agentId = a.userId ?? 0;
                  const name = a.userId === null ? t('cockpit.unassigned') : a.name;
                  return (
                    <TableRow key={agentId}>
                      <TableCell>{name}</TableCell>
                      <TableCell align="center">{a.openCases}</TableCell>
                      <TableCell align="center">
                        <Count
                          n={a.dueToday}
                          color="info"
                          testId={`agent-due-${agentId}`}
                          onClick={() =>
                            setDrill({
                              filter: 'due_today',
                              agentId,
                              title: `${name} · ${t('cockpit.dueToday')}`,
                            })
                          }
                        />
                      </TableCell>
                      <TableCell align="center">
                        <Count
                          n={a.atRisk}
                          color="warning"
                          testId={`agent-risk-${agentId}`}
                          onClick={() =>
                            setDrill({
                              filter: 'at_risk',
                              agentId,
                              title: `${name} · ${t('cockpit.atRisk')}`,
                            })
                          }
                        />
                      </TableCell>
                      <TableCell align="center">
                        <Count
                          n={a.breached}
                          color="error"
                          testId={`agent-breached-${agentId}`}
                          onClick={() =>
                            setDrill({
                              filter: 'breached',
                              agentId,
                              title: `${name} · ${t('cockpit.breached')}`,
                            })
                          }
                        />
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </Paper>
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <Paper sx={{ p: 2 }}>
            <Typography variant="subtitle1" sx={{ fontWeight: 700 }}>
              {t('cockpit.aging')}
            </Typography>
            {d && (
              <BarChart
                height={220}
                xAxis={[{ scaleType: 'band', data: d.aging.map((a) => a.bucket) }]}
                series={[
                  {
                    data: d.aging.map((a) => a.cases),
                    label: t('cockpit.openCases'),
                    color: '#1c3d6e',
                  },
                ]}
                hideLegend
              />
            )}
          </Paper>
        </Grid>
        <Grid size={{ xs: 12, md: 7 }}>
          <Paper sx={{ p: 2 }}>
            <Typography variant="subtitle1" sx={{ fontWeight: 700 }}>
              {t('cockpit.trend')}
            </Typography>
            {d && (
              <LineChart
                height={220}
                xAxis={[{ scaleType: 'point', data: d.trend.map((w) => w.weekStart.slice(5)) }]}
                series={[
                  {
                    data: d.trend.map((w) => w.opened),
                    label: t('cockpit.opened'),
                    color: '#1976d2',
                    curve: 'linear',
                  },
                  {
                    data: d.trend.map((w) => w.closed),
                    label: t('cockpit.closedSeries'),
                    color: '#2e7d32',
                    curve: 'linear',
                  },
                  {
                    data: d.trend.map((w) => w.breaches),
                    label: t('cockpit.breaches'),
                    color: '#d32f2f',
                    curve: 'linear',
                  },
                ]}
              />
            )}
          </Paper>
        </Grid>
        <Grid size={{ xs: 12 }}>
          <Paper sx={{ p: 2 }}>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
              <Typography
                variant="subtitle1"
                sx={{ fontWeight: 700, flex: 1 }}
                data-testid="drill-title"
              >
                {t('cockpit.drill')}: {drill.title} ({cases.data?.rows.length ?? 0})
              </Typography>
              <Button
                size="small"
                startIcon={<DownloadIcon />}
                onClick={() => void csvFile.download(csvHref)}
              >
                {t('cockpit.csv')}
              </Button>
            </Stack>
            {csvFile.error && (
              <Alert severity="error" data-testid="file-error" onClose={csvFile.clearError}>
                {csvFile.error}
              </Alert>
            )}
            <Table size="small" data-testid="drill-table">
              <TableHead>
                <TableRow>
                  <TableCell>{t('list.case')}</TableCell>
                  <TableCell>{t('case.clock')}</TableCell>
                  <TableCell>{t('case.target')}</TableCell>
                  <TableCell>{t('case.legalDue')}</TableCell>
                  <TableCell>{t('list.customer')}</TableCell>
                  <TableCell>{t('list.account')}</TableCell>
                  <TableCell align="right">{t('list.amount')}</TableCell>
                  <TableCell>{t('list.agent')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {cases.data?.rows.map((r) => (
                  <TableRow key={`${r.disputeId}-${r.clockId}`} hover>
                    <TableCell>
                      <Link
                        component={RouterLink}
                        to={`/disputes/${r.disputeId}`}
                        sx={{ fontFamily: 'monospace' }}
                      >
                        {r.caseNumber}
                      </Link>
                    </TableCell>
                    <TableCell>{clockLabel.get(r.clockId) ?? r.clockId}</TableCell>
                    <TableCell>{day(r.targetOn, lang)}</TableCell>
                    <TableCell>{day(r.legalDueOn, lang)}</TableCell>
                    <TableCell>
                      {r.customerName}
                      {r.massachusetts && <Chip size="small" label="MA" sx={{ ml: 1 }} />}
                    </TableCell>
                    <TableCell sx={{ fontFamily: 'monospace' }}>{r.accountNumber}</TableCell>
                    <TableCell align="right">{money(r.disputedCents, lang)}</TableCell>
                    <TableCell>{r.assignedName ?? '—'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Paper>
        </Grid>
        {current && (
          <Grid size={{ xs: 12 }}>
            <Accordion>
              <AccordionSummary>
                <Typography sx={{ fontWeight: 700 }}>
                  {t('cockpit.policy')} ·{' '}
                  {t('cockpit.policyVersion', {
                    version: current.version,
                    from: current.effectiveFrom,
                    by: current.reviewedBy,
                    on: current.reviewedOn,
                  })}
                </Typography>
              </AccordionSummary>
              <AccordionDetails>
                <Typography variant="body2" gutterBottom>
                  {t('cockpit.atRiskRule', { count: current.policy.atRiskBusinessDays })}
                </Typography>
                <Table size="small" data-testid="policy-table">
                  <TableHead>
                    <TableRow>
                      <TableCell>{t('case.clock')}</TableCell>
                      <TableCell>{t('cockpit.startEvent')}</TableCell>
                      <TableCell>{t('cockpit.length')}</TableCell>
                      <TableCell>{t('cockpit.override')}</TableCell>
                      <TableCell>{t('case.citation')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {current.policy.clocks.map((c) => (
                      <TableRow key={c.id}>
                        <TableCell>{label(c.label)}</TableCell>
                        <TableCell>{c.startEvent.replaceAll('_', ' ')}</TableCell>
                        <TableCell>
                          {c.length} {c.unit}
                        </TableCell>
                        <TableCell>
                          {c.overrides.map((o) => `${label(o.note)} (${o.citation})`).join('; ') ||
                            '—'}
                        </TableCell>
                        <TableCell>{c.citation}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </AccordionDetails>
            </Accordion>
          </Grid>
        )}
        <Grid size={{ xs: 12 }}>
          <PolicyEditor />
        </Grid>
      </Grid>
    </Stack>
  );
}
