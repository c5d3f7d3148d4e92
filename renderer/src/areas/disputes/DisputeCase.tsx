import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Grid from '@mui/material/Grid';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CentreTime, PcTimeHover, useCentreTime } from '../../components/CentreTime.tsx';
import { useParams } from 'react-router';
import { errorMessage, translator, useTRPC } from '../../trpc.ts';
import { useServerFile } from '../../server-file.ts';
import { Customer360Panel } from '../customers/index.ts';
import { dayLabel as day } from '../../../../server/domain/shared/date-labels.ts';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';
import { ClockStateChip } from './ClockStateChip.tsx';
import { Section } from './CaseSection.tsx';
import { Actions } from './CaseActions.tsx';
import { Notes } from './CaseNotes.tsx';
import { Documents } from './CaseDocuments.tsx';
import type { CaseView as View } from './case-view.ts';
import { userText } from '../../../../server/domain/shared/server-messages.ts';

export function DisputeCase() {
  const { id } = useParams();
  const trpc = useTRPC();
  const { t } = useTranslation('disputes');
  const view = useQuery(trpc.disputes.get.queryOptions({ id: Number(id) }));
  if (view.isPending) return <CircularProgress aria-label="loading" />;
  if (view.error)
    return <Alert severity="error">{errorMessage(view.error, t('common:shell.offline'))}</Alert>;
  return <CaseScreen v={view.data} />;
}

function CaseScreen({ v }: { v: View }) {
  const { t, i18n } = useTranslation('disputes');
  const lang = i18n.language;
  const centreTime = useCentreTime();
  const notice = centreTime(v.case.noticeAt, 'long');
  const c = v.case;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions());
  const refresh = () =>
    queryClient.invalidateQueries({
      predicate: (q) => Array.isArray(q.queryKey[0]) && q.queryKey[0][0] === 'disputes',
    });
  const opts = { onSuccess: () => void refresh() };
  const assign = useMutation(trpc.disputes.assign.mutationOptions(opts));
  const label = (l: { en: string; fr: string }) => (lang.startsWith('fr') ? l.fr : l.en);
  const closed = Boolean(c.closedOn);
  // Letter PDFs and the evidence zip: a refusal is shown here, in the user's language.
  const file = useServerFile();

  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, xl: 8 }}>
        <Stack spacing={2}>
          {file.error && (
            <Alert severity="error" data-testid="file-error" onClose={file.clearError}>
              {file.error}
            </Alert>
          )}
          <Paper sx={{ p: 2 }}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
              <Typography variant="h5" sx={{ fontFamily: 'monospace' }} data-testid="case-number">
                {v.caseNumber}
              </Typography>
              <Chip
                color={closed ? 'default' : 'primary'}
                label={t(`stage.${c.stage}`)}
                data-testid="case-stage"
              />
              <Typography variant="h6" sx={{ ml: 1 }}>
                {v.customer.displayName}
              </Typography>
              <Typography sx={{ fontFamily: 'monospace' }}>· {v.account.accountNumber}</Typography>
              {c.massachusetts && <Chip size="small" color="secondary" label={t('case.ma')} />}
              {c.newAccount && <Chip size="small" label={t('case.newAccount')} />}
              {c.lateNotice && <Chip size="small" color="warning" label={t('case.lateNotice')} />}
              <span style={{ flex: 1 }} />
              <Typography variant="body2" color="text.secondary">
                {v.assignee
                  ? t('case.assignedTo', { name: v.assignee.name })
                  : t('case.unassigned')}
              </Typography>
              {!closed && me.data && v.assignee?.id !== me.data.id && (
                <Button
                  size="small"
                  onClick={() =>
                    assign.mutate({ id: c.id, userId: me.data?.id ?? null, version: c.version })
                  }
                >
                  {t('case.takeIt')}
                </Button>
              )}
              {me.data && (me.data.role === 'supervisor' || me.data.role === 'admin') && (
                <Button
                  size="small"
                  onClick={() => void file.download(`/api/disputes/${c.id}/evidence.zip`)}
                >
                  {t('case.evidence')}
                </Button>
              )}
            </Stack>
            <PcTimeHover pcText={notice.pcText}>
              <Typography variant="body2" sx={{ mt: 1 }} data-testid="case-notice">
                {t(`channel.${c.channel}`)} · {t('case.noticeReceived', { at: notice.text })} ·{' '}
                {t(`errorType.${c.errorType}`)} · {money(c.disputedCents, lang)}
              </Typography>
            </PcTimeHover>
            <Typography variant="body2" color="text.secondary">
              {t('case.agentNote')}: {c.reason}
            </Typography>
            <Typography variant="body2" data-testid="case-customer-reason">
              {t('case.customerWords')}: {c.customerReason ?? t('case.customerWordsNone')}
            </Typography>
            <Typography variant="caption" color="text.secondary">
              {t('case.policy', { version: v.policy.version })}
              {c.residenceRegion ? ` · ${c.residenceRegion}` : ''}
              {c.sourceThreadId ? ` · ${t('case.sourceThread', { id: c.sourceThreadId })}` : ''}
              {v.calls.map(
                (call) =>
                  ` · ${t('case.sourceCall', { id: call.callId, agent: call.agentName ?? '—' })}`,
              )}
              {c.closedOn ? ` · ${t('case.closed', { date: day(c.closedOn, lang) })}` : ''}
            </Typography>
            {v.report.lateNoticeExplanation && (
              <Alert severity="warning" sx={{ mt: 1 }}>
                {userText(v.report.lateNoticeExplanation, translator)}
              </Alert>
            )}
          </Paper>

          <Section title={t('case.clocks')} testId="case-clocks">
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{t('case.clock')}</TableCell>
                  <TableCell>{t('case.start')}</TableCell>
                  <TableCell>{t('case.legalDue')}</TableCell>
                  <TableCell>{t('case.target')}</TableCell>
                  <TableCell>{t('case.completed')}</TableCell>
                  <TableCell>{t('case.stateCol')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {v.report.clocks.map((k) => (
                  <TableRow
                    key={k.id}
                    data-testid={`clock-${k.id}`}
                    sx={
                      k.state === 'not_applicable' ? { '& td': { fontStyle: 'italic' } } : undefined
                    }
                  >
                    <TableCell>
                      <Tooltip
                        title={`${k.citation}${k.override ? ` · ${label(k.override.note)}` : ''}`}
                      >
                        <span>{label(k.label)}</span>
                      </Tooltip>
                      <Typography
                        variant="caption"
                        component="div"
                        color="text.secondary"
                        data-testid={`clock-${k.id}-explanation`}
                      >
                        {userText(k.explanation, translator)}
                      </Typography>
                      {k.state === 'suspended' && k.suspension && (
                        <Typography
                          variant="caption"
                          component="div"
                          color="secondary"
                          data-testid={`clock-${k.id}-suspension`}
                        >
                          {lang.startsWith('fr') ? k.suspension.fr : k.suspension.en}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell>{day(k.startOn, lang, false)}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{day(k.legalDue, lang)}</TableCell>
                    <TableCell
                      sx={{
                        whiteSpace: 'nowrap',
                        fontWeight: k.target !== k.legalDue ? 700 : undefined,
                      }}
                    >
                      {day(k.target, lang)}
                    </TableCell>
                    <TableCell>{day(k.completedOn, lang, false)}</TableCell>
                    <TableCell>
                      <ClockStateChip state={k.state} owner={k.owner} />
                      {k.businessDaysLeft !== null && (
                        <Typography variant="caption" component="div">
                          {t('case.left', { count: k.businessDaysLeft })}
                        </Typography>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Section>

          {!closed && <Actions key={c.version} v={v} onDone={refresh} />}

          <Section title={t('case.letters')} testId="case-letters">
            {v.letters.length === 0 ? (
              <Typography variant="body2">—</Typography>
            ) : (
              <Table size="small">
                <TableBody>
                  {v.letters.map((l) => (
                    <TableRow key={l.id}>
                      <TableCell>{t(`letter.${l.kind}`)}</TableCell>
                      <TableCell>{l.language.toUpperCase()}</TableCell>
                      <TableCell>{day(l.sentOn, lang)}</TableCell>
                      <TableCell>{l.channel}</TableCell>
                      <TableCell align="right">
                        <Link
                          component="button"
                          onClick={() => void file.open(`/api/disputes/letters/${l.id}.pdf`)}
                        >
                          {t('case.open')}
                        </Link>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </Section>
        </Stack>
      </Grid>
      <Grid size={{ xs: 12, xl: 4 }}>
        <Stack spacing={2}>
          <Section title={t('case.timeline')} testId="case-timeline">
            <List dense disablePadding>
              {[...v.events].reverse().map((e) => (
                <ListItem key={e.id} disableGutters divider>
                  <ListItemText
                    primary={e.message ? userText(e.message, translator) : e.summary}
                    secondary={
                      <>
                        <CentreTime iso={e.at} style="long" focusable={false} /> · {e.actorName}
                      </>
                    }
                  />
                </ListItem>
              ))}
            </List>
          </Section>
          <Notes v={v} onDone={refresh} />
          <Documents v={v} onDone={refresh} />
          <Customer360Panel customerId={v.customer.id} accountId={v.account.id} compact />
        </Stack>
      </Grid>
    </Grid>
  );
}
