import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import ButtonGroup from '@mui/material/ButtonGroup';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { errorMessage, useTRPC, type RouterOutputs } from '../../trpc.ts';
import { dayLabel as day } from '../../../../server/domain/shared/date-labels.ts';
import { localDateOf, localMinutesOf } from '../../../../server/domain/shared/centre-date.ts';
import { centreTimeText } from '../../../../server/domain/shared/centre-time.ts';

const instant = (iso: string, lang: string, zone: string) =>
  centreTimeText(iso, lang, zone, zone, { style: 'long', pcLabel: String }).text;

type Status = RouterOutputs['training']['status'];
type ScaleName = 'demo' | 'class' | 'large';

/** Local date and time of an instant in the centre's zone, for the "set clock" fields. */
function localParts(iso: string, timeZone: string): { date: string; time: string } {
  const at = new Date(iso);
  const minutes = localMinutesOf(at, timeZone);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return { date: localDateOf(at, timeZone), time: `${hh}:${mm}` };
}

function ClockCard({ status }: { status: Status }) {
  const { t, i18n } = useTranslation('training');
  const trpc = useTRPC();
  const lang = i18n.language;
  const initial = localParts(status.now, status.timeZone);
  const [date, setDate] = useState(initial.date);
  const [time, setTime] = useState(initial.time);
  const [message, setMessage] = useState<string | null>(null);
  const done = (r: { now: string; scheduledPaymentsPosted: number }) => {
    const p = localParts(r.now, status.timeZone);
    setDate(p.date);
    setTime(p.time);
    setMessage(
      `${t('clock.moved', { now: instant(r.now, lang, status.timeZone) })}${r.scheduledPaymentsPosted ? ` ${t('clock.posted', { count: r.scheduledPaymentsPosted })}` : ''}`,
    );
  };
  const advance = useMutation(trpc.training.advance.mutationOptions({ onSuccess: done }));
  const setClock = useMutation(trpc.training.setClock.mutationOptions({ onSuccess: done }));
  const setRunning = useMutation(trpc.training.setRunning.mutationOptions({ onSuccess: done }));
  const busy =
    advance.isPending ||
    setClock.isPending ||
    setRunning.isPending ||
    status.reset?.state === 'running';
  const error = advance.error ?? setClock.error ?? setRunning.error;
  const running = status.clock?.running ?? false;

  return (
    <Paper sx={{ p: 2 }}>
      <Typography variant="h6" component="h2" gutterBottom>
        {t('clock.title')}
      </Typography>
      <Stack direction="row" sx={{ alignItems: 'baseline', gap: 1.5, flexWrap: 'wrap' }}>
        <Typography variant="h5" data-testid="trainer-clock-now">
          {instant(status.now, lang, status.timeZone)}
        </Typography>
        <Chip
          size="small"
          color={running ? 'success' : 'default'}
          label={running ? t('clock.running') : t('clock.paused')}
        />
        <Typography variant="caption" color="text.secondary">
          {t('clock.zone', { zone: status.timeZone })}
        </Typography>
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ my: 1 }}>
        {t('clock.explain')}
      </Typography>
      <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
        <ButtonGroup variant="outlined" disabled={busy}>
          <Button onClick={() => advance.mutate({ unit: 'hours', amount: 1 })}>
            {t('clock.plusHour')}
          </Button>
          <Button onClick={() => advance.mutate({ unit: 'hours', amount: 4 })}>
            {t('clock.plusHours')}
          </Button>
          <Button onClick={() => advance.mutate({ unit: 'businessDays', amount: 1 })}>
            {t('clock.plusDay')}
          </Button>
          <Button onClick={() => advance.mutate({ unit: 'businessDays', amount: 5 })}>
            {t('clock.plusDays')}
          </Button>
        </ButtonGroup>
        <Button
          variant="text"
          disabled={busy}
          onClick={() => setRunning.mutate({ running: !running })}
        >
          {running ? t('clock.pause') : t('clock.run')}
        </Button>
      </Stack>
      <Box
        component="form"
        sx={{ display: 'flex', gap: 1, mt: 2, alignItems: 'center', flexWrap: 'wrap' }}
        onSubmit={(e) => {
          e.preventDefault();
          setClock.mutate({ date, time });
        }}
      >
        <TextField
          size="small"
          type="date"
          label={t('clock.date')}
          value={date}
          onChange={(e) => setDate(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          size="small"
          type="time"
          label={t('clock.time')}
          value={time}
          onChange={(e) => setTime(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <Button type="submit" variant="contained" disabled={busy}>
          {t('clock.set')}
        </Button>
      </Box>
      {message && !error && (
        <Alert severity="success" sx={{ mt: 1.5 }} onClose={() => setMessage(null)}>
          {message}
        </Alert>
      )}
      {error && (
        <Alert severity="error" sx={{ mt: 1.5 }}>
          {errorMessage(error, '')}
        </Alert>
      )}
    </Paper>
  );
}

function ResetCard({ status }: { status: Status }) {
  const { t, i18n } = useTranslation('training');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = useQuery(trpc.training.scenarios.queryOptions());
  const [scenarioId, setScenarioId] = useState(status.seeded?.scenarioId ?? 'standard');
  const [scale, setScale] = useState<ScaleName | ''>('');
  const [seed, setSeed] = useState('');
  const [confirm, setConfirm] = useState(false);
  const reset = useMutation(
    trpc.training.reset.mutationOptions({
      onSuccess: () => {
        setConfirm(false);
        void queryClient.invalidateQueries({ queryKey: trpc.training.status.queryKey() });
      },
    }),
  );
  const job = status.reset;
  const scenario = options.data?.scenarios.find((s) => s.id === scenarioId);
  const lang = i18n.language.startsWith('fr') ? 'fr' : 'en';
  const running = job?.state === 'running';
  const seedNumber = seed.trim() === '' ? undefined : Number(seed);
  const seedValid = seedNumber === undefined || (Number.isInteger(seedNumber) && seedNumber >= 0);

  return (
    <Paper sx={{ p: 2 }}>
      <Typography variant="h6" component="h2" gutterBottom>
        {t('reset.title')}
      </Typography>
      <Stack direction="row" sx={{ gap: 1.5, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <TextField
          select
          size="small"
          label={t('reset.scenario')}
          value={scenarioId}
          onChange={(e) => setScenarioId(e.target.value)}
          sx={{ minWidth: 260 }}
          data-testid="reset-scenario"
        >
          {(options.data?.scenarios ?? []).map((s) => (
            <MenuItem key={s.id} value={s.id}>
              {s.title[lang]}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label={t('reset.scale')}
          value={scale || scenario?.scale || 'demo'}
          onChange={(e) => setScale(e.target.value as ScaleName)}
          sx={{ minWidth: 240 }}
        >
          {(['demo', 'class', 'large'] as const).map((s) => (
            <MenuItem key={s} value={s}>
              {t(`reset.scales.${s}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          size="small"
          label={t('reset.seed')}
          value={seed}
          onChange={(e) => setSeed(e.target.value)}
          error={!seedValid}
          helperText={t('reset.seedHelp')}
          sx={{ width: 260 }}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
        />
        <Button
          variant="contained"
          color="warning"
          disabled={running || !seedValid || !scenario}
          onClick={() => setConfirm(true)}
          data-testid="reset-button"
        >
          {t('reset.button')}
        </Button>
      </Stack>
      {scenario && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {scenario.description[lang]}
        </Typography>
      )}
      {running && job && (
        <Box sx={{ mt: 2 }} data-testid="reset-progress">
          <LinearProgress variant="determinate" value={Math.round(job.fraction * 100)} />
          <Typography variant="caption">
            {t('reset.running', { phase: job.phase, percent: Math.round(job.fraction * 100) })}
          </Typography>
        </Box>
      )}
      {job?.state === 'done' && job.result && (
        <Alert severity="success" sx={{ mt: 2 }} data-testid="reset-done">
          {t('reset.done', {
            seconds: (job.result.milliseconds / 1000).toFixed(1),
            customers: (job.result.counts.customers ?? 0).toLocaleString(i18n.language),
            accounts: (job.result.counts.accounts ?? 0).toLocaleString(i18n.language),
          })}
        </Alert>
      )}
      {job?.state === 'failed' && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {t('reset.failed', { error: job.error })}
        </Alert>
      )}
      {reset.error && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {errorMessage(reset.error, '')}
        </Alert>
      )}
      <Dialog open={confirm} onClose={() => setConfirm(false)} maxWidth="xs" fullWidth>
        <DialogTitle>{t('reset.confirmTitle')}</DialogTitle>
        <DialogContent>
          <Typography>
            {t('reset.confirmBody', { scenario: scenario?.title[lang] ?? scenarioId })}
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirm(false)}>{t('common.cancel', { ns: 'common' })}</Button>
          <Button
            variant="contained"
            color="warning"
            autoFocus
            disabled={reset.isPending}
            onClick={() =>
              reset.mutate({
                scenarioId,
                ...(scale ? { scale } : {}),
                ...(seedNumber === undefined ? {} : { seed: seedNumber }),
              })
            }
          >
            {t('reset.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </Paper>
  );
}

function ScenarioCard({ status }: { status: Status }) {
  const { t, i18n } = useTranslation('training');
  const lang = i18n.language.startsWith('fr') ? 'fr' : 'en';
  const seeded = status.seeded;
  return (
    <Paper sx={{ p: 2 }}>
      <Typography variant="h6" component="h2" gutterBottom>
        {t('scenario.title')}
      </Typography>
      {!seeded ? (
        <Typography color="text.secondary">{t('scenario.none')}</Typography>
      ) : (
        <>
          <Typography sx={{ fontWeight: 600 }}>
            {seeded.title?.[lang] ?? seeded.scenarioId}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {t('scenario.meta', {
              seed: seeded.seed,
              scale: t(`reset.scales.${seeded.scale}`),
              asOf: day(seeded.asOf, i18n.language),
            })}
          </Typography>
          {seeded.plants.length > 0 && (
            <>
              <Typography variant="overline" component="h3" sx={{ mt: 1, display: 'block' }}>
                {t('scenario.plants')}
              </Typography>
              <List dense data-testid="planted-records">
                {seeded.plants.map((p, i) => (
                  <ListItem
                    key={i}
                    secondaryAction={
                      p.customerId ? (
                        <Button
                          size="small"
                          component={RouterLink}
                          to={`/customers/${p.customerId}${p.accountId ? `?account=${p.accountId}` : ''}`}
                        >
                          {t('scenario.open')}
                        </Button>
                      ) : null
                    }
                  >
                    <ListItemText primary={p.title} secondary={p.detail} />
                  </ListItem>
                ))}
              </List>
            </>
          )}
        </>
      )}
    </Paper>
  );
}

/** The trainer's room: the clock, the reset and the crib sheet of the current scenario. */
export default function TrainingPage() {
  const { t } = useTranslation('training');
  const trpc = useTRPC();
  // Poll fast while a reset runs, for its progress bar.
  const status = useQuery({
    ...trpc.training.status.queryOptions(),
    refetchInterval: (q) => (q.state.data?.reset?.state === 'running' ? 300 : 15_000),
  });
  if (!status.data) return <LinearProgress />;
  if (!status.data.training) return <Alert severity="info">{t('production')}</Alert>;
  return (
    <Stack spacing={2} sx={{ maxWidth: 1100 }}>
      <Typography variant="h5" component="h1">
        {t('title')}
      </Typography>
      <ClockCard status={status.data} />
      <ResetCard status={status.data} />
      <ScenarioCard status={status.data} />
    </Stack>
  );
}
