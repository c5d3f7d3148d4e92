import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Divider from '@mui/material/Divider';
import Grid from '@mui/material/Grid';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useRequestKey } from '../../request-key.ts';
import { errorMessage, fieldErrors, useTRPC, type RouterOutputs } from '../../trpc.ts';
import { Customer360Panel } from '../customers/index.ts';
import { dayLabel as day } from '../../../../shared/date-labels.ts';
import { formatCents as money, parseAmountToCents as toCents } from '../../../../shared/money.ts';
import { ClockStateChip } from './ClockStateChip.tsx';

type View = RouterOutputs['disputes']['get'];
type LetterKind = View['letters'][number]['kind'];
const LETTERS: LetterKind[] = [
  'acknowledgement',
  'provisional_credit',
  'results',
  'no_error',
  'reversal',
];

/** An ISO instant as the browser's `datetime-local` value (its own time zone), and back. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
function fromLocalInput(value: string): string | null {
  const d = new Date(value);
  return value && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}

function Section({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Paper sx={{ p: 2 }} data-testid={testId}>
      <Typography variant="subtitle1" sx={{ fontWeight: 700, mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}

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

  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, xl: 8 }}>
        <Stack spacing={2}>
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
                <Button size="small" href={`/api/disputes/${c.id}/evidence.zip`}>
                  {t('case.evidence')}
                </Button>
              )}
            </Stack>
            <Typography variant="body2" sx={{ mt: 1 }} data-testid="case-notice">
              {t(`channel.${c.channel}`)} ·{' '}
              {t('case.noticeReceived', {
                at: new Date(c.noticeAt).toLocaleString(lang.startsWith('fr') ? 'fr-CA' : 'en-US', {
                  dateStyle: 'medium',
                  timeStyle: 'short',
                }),
              })}{' '}
              · {t(`errorType.${c.errorType}`)} · {money(c.disputedCents, lang)}
            </Typography>
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
              {c.closedOn ? ` · ${t('case.closed', { date: day(c.closedOn, lang) })}` : ''}
            </Typography>
            {v.report.lateNoticeExplanation && (
              <Alert severity="warning" sx={{ mt: 1 }}>
                {v.report.lateNoticeExplanation}
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
                        {k.explanation}
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
                          href={`/api/disputes/letters/${l.id}.pdf`}
                          target="_blank"
                          rel="noopener"
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
                    primary={e.summary}
                    secondary={`${new Date(e.at).toLocaleString(lang.startsWith('fr') ? 'fr-CA' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' })} · ${e.actorName}`}
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

function Actions({ v, onDone }: { v: View; onDone: () => void }) {
  const { t, i18n } = useTranslation('disputes');
  const lang = i18n.language;
  const trpc = useTRPC();
  const c = v.case;
  // Remounted for every case version (key={c.version}): one key per step, resent on retry.
  const [actionKey] = useRequestKey();
  const opts = { onSuccess: () => onDone() };
  const wc = useMutation(trpc.disputes.recordWrittenConfirmation.mutationOptions(opts));
  const pc = useMutation(trpc.disputes.postProvisionalCredit.mutationOptions(opts));
  const det = useMutation(trpc.disputes.recordDetermination.mutationOptions(opts));
  const send = useMutation(trpc.disputes.sendLetter.mutationOptions(opts));
  const corr = useMutation(trpc.disputes.postCorrection.mutationOptions(opts));
  const rev = useMutation(trpc.disputes.postReversal.mutationOptions(opts));
  const close = useMutation(trpc.disputes.close.mutationOptions(opts));
  const notice = useMutation(trpc.disputes.correctNotice.mutationOptions(opts));
  const words = useMutation(trpc.disputes.setCustomerReason.mutationOptions(opts));
  const withdraw = useMutation(trpc.disputes.withdraw.mutationOptions(opts));
  const [noticeAt, setNoticeAt] = useState(toLocalInput(c.noticeAt));
  const [noticeWhy, setNoticeWhy] = useState('');
  const [customerWords, setCustomerWords] = useState(c.customerReason ?? '');
  const [withdrawNote, setWithdrawNote] = useState('');
  const [confirm, setConfirm] = useState<'pc' | 'corr' | 'rev' | null>(null);
  const [wcOn, setWcOn] = useState(v.today);
  const [pcAmount, setPcAmount] = useState((c.disputedCents / 100).toFixed(2));
  // No default: the agent chooses the outcome.
  const [outcome, setOutcome] = useState<'error_found' | 'no_error' | 'different_error' | ''>('');
  const [explanation, setExplanation] = useState('');
  const nextLetter: LetterKind = !v.letters.some((l) => l.kind === 'acknowledgement')
    ? 'acknowledgement'
    : c.provisionalCreditOn && !c.provisionalCreditNoticeSentOn
      ? 'provisional_credit'
      : c.determination && !c.resultsSentOn
        ? c.determination === 'no_error'
          ? 'no_error'
          : 'results'
        : v.letterBlockers.reversal === null && !c.reversalNoticeSentOn
          ? 'reversal'
          : 'acknowledgement';
  const [letterKind, setLetterKind] = useState<LetterKind | null>(null);
  const kind = letterKind ?? nextLetter;
  const [letterLang, setLetterLang] = useState<'en' | 'fr'>(v.customer.language);
  const [channel, setChannel] = useState<'mail' | 'secure_message' | 'email' | 'fax'>('mail');
  const [reversalOn, setReversalOn] = useState(
    v.reversal?.planned ?? v.reversal?.earliest.date ?? v.suggestedReversal.date,
  );
  const [corrAmount, setCorrAmount] = useState('');
  const reversible = Math.max(
    0,
    (c.provisionalCreditCents ?? 0) -
      (c.determination && c.determination !== 'no_error' ? (c.correctionCents ?? 0) : 0),
  );
  const account = v.account.accountNumber;
  const [closeNote, setCloseNote] = useState('');
  const error = [wc, pc, det, send, corr, rev, close, notice, words, withdraw].find(
    (m) => m.error,
  )?.error;
  const noticeIso = fromLocalInput(noticeAt);
  const detFields = fieldErrors(det.error);
  const blocker = v.letterBlockers[kind];

  return (
    <Section title={t('case.actions')} testId="case-actions">
      <Stack spacing={2} divider={<Divider flexItem />}>
        {error && (
          <Alert severity="error" data-testid="action-error">
            {errorMessage(error, t('common:shell.offline'))}
          </Alert>
        )}

        <Stack
          direction="row"
          spacing={1}
          sx={{ alignItems: 'center', flexWrap: 'wrap' }}
          data-testid="letter-panel"
        >
          <TextField
            select
            size="small"
            label={t('case.letterKind')}
            value={kind}
            onChange={(e) => setLetterKind(e.target.value as LetterKind)}
            sx={{ minWidth: 280 }}
            slotProps={{ htmlInput: { 'data-testid': 'letter-kind' } }}
          >
            {LETTERS.map((k) => (
              <MenuItem key={k} value={k} disabled={Boolean(v.letterBlockers[k])}>
                {t(`letter.${k}`)}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            size="small"
            label={t('case.language')}
            value={letterLang}
            onChange={(e) => setLetterLang(e.target.value as 'en' | 'fr')}
          >
            <MenuItem value="en">EN</MenuItem>
            <MenuItem value="fr">FR</MenuItem>
          </TextField>
          <TextField
            select
            size="small"
            label={t('case.sendChannel')}
            value={channel}
            onChange={(e) => setChannel(e.target.value as typeof channel)}
          >
            {(['mail', 'secure_message', 'email', 'fax'] as const).map((ch) => (
              <MenuItem key={ch} value={ch}>
                {ch}
              </MenuItem>
            ))}
          </TextField>
          {kind === 'reversal' && (
            <TextField
              type="date"
              size="small"
              label={t('case.reversalOn')}
              value={reversalOn}
              onChange={(e) => setReversalOn(e.target.value)}
              slotProps={{ inputLabel: { shrink: true } }}
            />
          )}
          <Button
            href={`/api/disputes/${c.id}/preview/${kind}.pdf?lang=${letterLang}${kind === 'reversal' ? `&reversalOn=${reversalOn}` : ''}`}
            target="_blank"
            rel="noopener"
          >
            {t('case.preview')}
          </Button>
          <Button
            variant="contained"
            disabled={Boolean(blocker) || send.isPending}
            data-testid="record-letter"
            onClick={() =>
              send.mutate({
                id: c.id,
                kind,
                language: letterLang,
                channel,
                version: c.version,
                idempotencyKey: actionKey,
                ...(kind === 'reversal' ? { reversalOn } : {}),
              })
            }
          >
            {t('case.recordSent')}
          </Button>
          {blocker && (
            <Typography variant="caption" color="text.secondary">
              {blocker}
            </Typography>
          )}
        </Stack>

        {c.writtenConfirmationRequired && !c.writtenConfirmationReceivedOn && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography sx={{ minWidth: 220 }}>{t('case.writtenConfirmation')}</Typography>
            <TextField
              type="date"
              size="small"
              label={t('case.receivedOn')}
              value={wcOn}
              onChange={(e) => setWcOn(e.target.value)}
              slotProps={{ inputLabel: { shrink: true } }}
            />
            <Button onClick={() => wc.mutate({ id: c.id, receivedOn: wcOn, version: c.version })}>
              {t('case.record')}
            </Button>
          </Stack>
        )}

        {!c.provisionalCreditOn && !c.determination && !c.withdrawnOn && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }} data-testid="pc-panel">
            <Typography sx={{ minWidth: 220 }}>{t('case.provisionalCredit')}</Typography>
            <TextField
              size="small"
              label={t('case.amount')}
              value={pcAmount}
              onChange={(e) => setPcAmount(e.target.value)}
              sx={{ width: 140 }}
              slotProps={{ htmlInput: { 'data-testid': 'pc-amount' } }}
            />
            <Button
              variant="outlined"
              disabled={toCents(pcAmount) === null || pc.isPending}
              onClick={() => setConfirm('pc')}
            >
              {t('case.post')}
            </Button>
            <ConfirmDialog
              open={confirm === 'pc'}
              title={t('case.confirmPc')}
              facts={[
                [t('case.amount'), money(toCents(pcAmount) ?? 0, lang)],
                [t('case.account'), account],
                [t('case.postedOn'), day(v.today, lang)],
              ]}
              confirmLabel={t('case.post')}
              busy={pc.isPending}
              onCancel={() => setConfirm(null)}
              onConfirm={() => {
                setConfirm(null);
                pc.mutate({
                  id: c.id,
                  amountCents: toCents(pcAmount) ?? 0,
                  version: c.version,
                  idempotencyKey: actionKey,
                });
              }}
            />
          </Stack>
        )}

        {!c.determination && !c.withdrawnOn && (
          <Stack spacing={1} data-testid="determination-panel">
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <Typography sx={{ minWidth: 220 }}>{t('case.determination')}</Typography>
              <TextField
                select
                size="small"
                label={t('case.outcome')}
                value={outcome}
                onChange={(e) => setOutcome(e.target.value as typeof outcome)}
                sx={{ minWidth: 200 }}
                slotProps={{ htmlInput: { 'data-testid': 'outcome' } }}
              >
                <MenuItem value="" disabled>
                  {t('case.chooseOutcome')}
                </MenuItem>
                {(['error_found', 'no_error', 'different_error'] as const).map((o) => (
                  <MenuItem key={o} value={o}>
                    {t(`determination.${o}`)}
                  </MenuItem>
                ))}
              </TextField>
            </Stack>
            <TextField
              label={t('case.explanation')}
              value={explanation}
              onChange={(e) => setExplanation(e.target.value)}
              multiline
              minRows={2}
              error={Boolean(detFields.explanation)}
              helperText={detFields.explanation ?? t('case.explanationHelp')}
              slotProps={{ htmlInput: { 'data-testid': 'explanation' } }}
            />
            <Stack direction="row" sx={{ justifyContent: 'flex-end' }}>
              <Button
                variant="outlined"
                disabled={det.isPending || outcome === ''}
                onClick={() =>
                  outcome && det.mutate({ id: c.id, outcome, explanation, version: c.version })
                }
              >
                {t('case.recordDetermination')}
              </Button>
            </Stack>
          </Stack>
        )}

        {c.determination && c.determination !== 'no_error' && !c.correctionOn && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography sx={{ minWidth: 220 }}>{t('case.correction')}</Typography>
            <TextField
              size="small"
              label={t('case.amount')}
              value={corrAmount}
              onChange={(e) => setCorrAmount(e.target.value)}
              sx={{ width: 140 }}
            />
            <Button
              variant="outlined"
              disabled={toCents(corrAmount) === null || corr.isPending}
              onClick={() => setConfirm('corr')}
            >
              {t('case.postCorrection')}
            </Button>
            <Typography variant="caption" color="text.secondary">
              {t('case.correctionHelp')}
            </Typography>
            <ConfirmDialog
              open={confirm === 'corr'}
              title={t('case.confirmCorrection')}
              facts={[
                [t('case.realError'), money(toCents(corrAmount) ?? 0, lang)],
                [t('case.provisionalCredit'), money(c.provisionalCreditCents ?? 0, lang)],
                [
                  t('case.creditedNow'),
                  money(
                    Math.max(0, (toCents(corrAmount) ?? 0) - (c.provisionalCreditCents ?? 0)),
                    lang,
                  ),
                ],
                [
                  t('case.toReverse'),
                  money(
                    Math.max(0, (c.provisionalCreditCents ?? 0) - (toCents(corrAmount) ?? 0)),
                    lang,
                  ),
                ],
                [t('case.account'), account],
              ]}
              confirmLabel={t('case.postCorrection')}
              busy={corr.isPending}
              onCancel={() => setConfirm(null)}
              onConfirm={() => {
                setConfirm(null);
                corr.mutate({
                  id: c.id,
                  amountCents: toCents(corrAmount) ?? 0,
                  version: c.version,
                  idempotencyKey: actionKey,
                });
              }}
            />
          </Stack>
        )}

        {c.reversalNoticeSentOn && !c.reversalOn && v.reversal && (
          <Stack
            direction="row"
            spacing={1}
            sx={{ alignItems: 'center', flexWrap: 'wrap' }}
            data-testid="reversal-panel"
          >
            <Typography sx={{ minWidth: 220 }}>{t('case.reversal')}</Typography>
            <TextField
              type="date"
              size="small"
              label={t('case.reversalOn')}
              value={reversalOn}
              onChange={(e) => setReversalOn(e.target.value)}
              slotProps={{
                inputLabel: { shrink: true },
                htmlInput: { 'data-testid': 'reversal-on' },
              }}
            />
            <Button variant="outlined" onClick={() => setConfirm('rev')}>
              {t('case.postReversal')}
            </Button>
            <ConfirmDialog
              open={confirm === 'rev'}
              title={t('case.confirmReversal')}
              danger
              facts={[
                [t('case.amount'), money(reversible, lang)],
                [t('case.account'), account],
                [t('case.reversalOn'), day(reversalOn, lang)],
              ]}
              confirmLabel={t('case.postReversal')}
              busy={rev.isPending}
              onCancel={() => setConfirm(null)}
              onConfirm={() => {
                setConfirm(null);
                rev.mutate({ id: c.id, reversalOn, version: c.version, idempotencyKey: actionKey });
              }}
            />
            <Typography variant="caption" color="text.secondary" sx={{ width: '100%' }}>
              {t('case.reversalEarliest', {
                date: day(v.reversal.earliest.date, lang),
                explanation: v.reversal.earliest.explanation,
              })}
            </Typography>
          </Stack>
        )}

        <Stack
          direction="row"
          spacing={1}
          sx={{ alignItems: 'center', flexWrap: 'wrap' }}
          useFlexGap
          data-testid="notice-panel"
        >
          <Typography sx={{ minWidth: 220 }}>{t('case.correctNotice')}</Typography>
          <TextField
            type="datetime-local"
            size="small"
            label={t('intake.noticeAt')}
            value={noticeAt}
            onChange={(e) => setNoticeAt(e.target.value)}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <TextField
            size="small"
            label={t('case.correctionReason')}
            value={noticeWhy}
            onChange={(e) => setNoticeWhy(e.target.value)}
            sx={{ flex: 1, minWidth: 200 }}
          />
          <Button
            variant="outlined"
            disabled={!noticeIso || noticeWhy.trim().length < 10 || notice.isPending}
            onClick={() =>
              noticeIso &&
              notice.mutate({
                id: c.id,
                noticeAt: noticeIso,
                reason: noticeWhy,
                version: c.version,
              })
            }
          >
            {t('case.correct')}
          </Button>
        </Stack>

        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Typography sx={{ minWidth: 220 }}>{t('case.customerWords')}</Typography>
          <TextField
            size="small"
            value={customerWords}
            onChange={(e) => setCustomerWords(e.target.value)}
            sx={{ flex: 1 }}
            helperText={t('intake.customerReasonHelp')}
          />
          <Button
            variant="outlined"
            disabled={
              customerWords.trim().length < 5 ||
              customerWords.trim() === (c.customerReason ?? '') ||
              words.isPending
            }
            onClick={() =>
              words.mutate({ id: c.id, customerReason: customerWords, version: c.version })
            }
          >
            {t('case.reviewedSave')}
          </Button>
        </Stack>

        {!c.determination && !c.withdrawnOn && (
          <Stack
            direction="row"
            spacing={1}
            sx={{ alignItems: 'center' }}
            data-testid="withdraw-panel"
          >
            <Typography sx={{ minWidth: 220 }}>{t('case.withdraw')}</Typography>
            <TextField
              size="small"
              label={t('case.withdrawNote')}
              value={withdrawNote}
              onChange={(e) => setWithdrawNote(e.target.value)}
              sx={{ flex: 1 }}
            />
            <Button
              variant="outlined"
              color="warning"
              disabled={withdrawNote.trim().length < 10 || withdraw.isPending}
              onClick={() => withdraw.mutate({ id: c.id, note: withdrawNote, version: c.version })}
            >
              {t('case.recordWithdrawal')}
            </Button>
          </Stack>
        )}

        <Stack spacing={1}>
          {v.closeBlockers.length > 0 && (
            <Alert severity="info" data-testid="close-blockers">
              {t('case.closeBlocked')}
              <ul style={{ margin: 0 }}>
                {v.closeBlockers.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            </Alert>
          )}
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <TextField
              size="small"
              label={t('case.closeNote')}
              value={closeNote}
              onChange={(e) => setCloseNote(e.target.value)}
              sx={{ flex: 1 }}
            />
            <Button
              variant="contained"
              color="success"
              disabled={v.closeBlockers.length > 0}
              onClick={() =>
                close.mutate({
                  id: c.id,
                  version: c.version,
                  ...(closeNote ? { note: closeNote } : {}),
                })
              }
            >
              {t('case.close')}
            </Button>
          </Stack>
        </Stack>
      </Stack>
    </Section>
  );
}

function Notes({ v, onDone }: { v: View; onDone: () => void }) {
  const { t, i18n } = useTranslation('disputes');
  const trpc = useTRPC();
  const [body, setBody] = useState('');
  const add = useMutation(
    trpc.disputes.addNote.mutationOptions({
      onSuccess: () => {
        setBody('');
        onDone();
      },
    }),
  );
  const done = useMutation(
    trpc.disputes.completeTask.mutationOptions({ onSuccess: () => onDone() }),
  );
  return (
    <Section title={t('case.notes')}>
      <List dense disablePadding>
        {v.items.map((it) => (
          <ListItem key={it.id} disableGutters>
            {it.kind === 'task' && (
              <Checkbox
                size="small"
                checked={Boolean(it.doneAt)}
                disabled={Boolean(it.doneAt) || Boolean(v.case.closedOn)}
                onChange={() => done.mutate({ id: v.case.id, itemId: it.id })}
                slotProps={{ input: { 'aria-label': it.body } }}
              />
            )}
            <ListItemText
              primary={it.body}
              secondary={`${it.kind}${it.dueOn ? ` · ${day(it.dueOn, i18n.language)}` : ''}${it.fileName ? ` · ${it.fileName}` : ''}`}
            />
          </ListItem>
        ))}
      </List>
      {!v.case.closedOn && (
        <Stack direction="row" spacing={1}>
          <TextField
            size="small"
            label={t('case.notes')}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            sx={{ flex: 1 }}
          />
          <Button
            size="small"
            disabled={body.trim().length < 2}
            onClick={() => add.mutate({ id: v.case.id, kind: 'note', body })}
          >
            {t('case.addNote')}
          </Button>
          <Button
            size="small"
            disabled={body.trim().length < 2}
            onClick={() => add.mutate({ id: v.case.id, kind: 'task', body })}
          >
            {t('case.addTask')}
          </Button>
        </Stack>
      )}
    </Section>
  );
}

/** Documents on the case: upload (checked by content on the server), list, download. */
function Documents({ v, onDone }: { v: View; onDone: () => void }) {
  const { t } = useTranslation('disputes');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [description, setDescription] = useState('');
  const add = useMutation(
    trpc.disputes.addDocument.mutationOptions({
      onSuccess: () => {
        setDescription('');
        onDone();
      },
    }),
  );
  const docs = v.items.filter((i) => i.kind === 'document');
  const download = async (itemId: number) => {
    const d = await queryClient.fetchQuery(
      trpc.disputes.document.queryOptions({ id: v.case.id, itemId }),
    );
    const bytes = Uint8Array.from(atob(d.base64), (ch) => ch.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: d.mimeType }));
    const a = document.createElement('a');
    a.href = url;
    a.download = d.fileName;
    a.click();
    URL.revokeObjectURL(url);
  };
  const upload = async (file: File) => {
    const buffer = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < buffer.length; i += 0x8000)
      binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
    add.mutate({
      id: v.case.id,
      description: description.trim() || file.name,
      fileName: file.name,
      contentBase64: btoa(binary),
    });
  };
  return (
    <Section title={t('case.documents')} testId="case-documents">
      {docs.length === 0 ? (
        <Typography variant="body2">—</Typography>
      ) : (
        <List dense disablePadding>
          {docs.map((d) => (
            <ListItem key={d.id} disableGutters>
              <ListItemText
                primary={
                  <Link component="button" onClick={() => void download(d.id)}>
                    {d.fileName}
                  </Link>
                }
                secondary={`${d.body}${d.size ? ` · ${Math.ceil(d.size / 1024)} KB` : ''}`}
              />
            </ListItem>
          ))}
        </List>
      )}
      {add.error && (
        <Alert severity="error">{errorMessage(add.error, t('common:shell.offline'))}</Alert>
      )}
      {!v.case.closedOn && (
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          <TextField
            size="small"
            label={t('case.documentDescription')}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            sx={{ flex: 1 }}
          />
          <Button size="small" component="label" disabled={add.isPending}>
            {t('case.upload')}
            <input
              hidden
              type="file"
              accept="application/pdf,image/png,image/jpeg,image/heic"
              data-testid="document-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void upload(f);
                e.target.value = '';
              }}
            />
          </Button>
        </Stack>
      )}
    </Section>
  );
}
