import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CentreTime } from '../../components/CentreTime.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { errorMessage, useTRPC } from '../../trpc.ts';
import { topicLabel, useTopics } from './shared.tsx';

/** Supervisor: load per queue and topic, breaches, agents' load; run the auto-close sweep. */
export default function QueueStatsTab() {
  const { t, i18n } = useTranslation('messages');
  const trpc = useTRPC();
  const topics = useTopics();
  const stats = useQuery({ ...trpc.messages.stats.queryOptions({}), refetchInterval: 30_000 });
  const agents = useQuery(trpc.messages.agents.queryOptions({}));
  const [confirming, setConfirming] = useState(false);
  const preview = useQuery({
    ...trpc.messages.sweepPreview.queryOptions({}),
    enabled: confirming,
    staleTime: 0,
  });
  const sweep = useMutation(
    trpc.messages.sweep.mutationOptions({ onSuccess: () => setConfirming(false) }),
  );
  const num = (n: number) => n.toLocaleString(i18n.language);
  return (
    <Stack spacing={2}>
      <Paper sx={{ p: 2 }}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="h6" sx={{ fontSize: 17 }}>
            {t('stats.tab')}
          </Typography>
          <Button
            size="small"
            variant="outlined"
            onClick={() => {
              sweep.reset();
              setConfirming(true);
            }}
            disabled={sweep.isPending}
          >
            {t('stats.sweep')}
          </Button>
          <ConfirmDialog
            open={confirming}
            title={t('stats.sweepTitle')}
            facts={[
              [t('stats.sweepWhich'), t('stats.sweepWhichValue')],
              [t('stats.sweepCount'), preview.data ? num(preview.data.count) : '…'],
              ...(preview.data?.oldestActivityAt
                ? ([
                    [
                      t('stats.sweepOldest'),
                      <CentreTime key="o" iso={preview.data.oldestActivityAt} />,
                    ],
                  ] as const)
                : []),
            ]}
            confirmLabel={t('stats.sweepConfirm', { count: preview.data?.count ?? 0 })}
            danger
            busy={sweep.isPending || !preview.data || preview.data.count === 0}
            error={
              sweep.error
                ? errorMessage(sweep.error, 'offline')
                : preview.data?.count === 0
                  ? t('stats.sweepNone')
                  : null
            }
            onCancel={() => setConfirming(false)}
            onConfirm={() => sweep.mutate({})}
          />
          {sweep.data && (
            <Alert severity="success" sx={{ py: 0 }}>
              {t('stats.swept', { count: sweep.data.closed })}
            </Alert>
          )}
        </Stack>
        <Table size="small" aria-label={t('stats.tab')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('stats.queue')}</TableCell>
              <TableCell>{t('stats.topic')}</TableCell>
              <TableCell align="right">{t('stats.active')}</TableCell>
              <TableCell align="right">{t('stats.unassigned')}</TableCell>
              <TableCell align="right">{t('stats.waiting')}</TableCell>
              <TableCell align="right">{t('stats.breached')}</TableCell>
              <TableCell>{t('stats.nextDue')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(stats.data?.queues ?? []).map((q) => (
              <TableRow key={`${q.queue}-${q.topic}`}>
                <TableCell>{q.queue}</TableCell>
                <TableCell>{topicLabel(topics.data, q.topic, i18n.language)}</TableCell>
                <TableCell align="right">{num(q.active)}</TableCell>
                <TableCell align="right">{num(q.unassigned)}</TableCell>
                <TableCell align="right">{num(q.waiting)}</TableCell>
                <TableCell
                  align="right"
                  sx={{
                    color: q.breached > 0 ? 'error.main' : undefined,
                    fontWeight: q.breached > 0 ? 700 : 400,
                  }}
                >
                  {num(q.breached)}
                </TableCell>
                <TableCell>
                  <CentreTime iso={q.next_due} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Paper>
      <Paper sx={{ p: 2 }}>
        <Typography variant="h6" sx={{ fontSize: 17, mb: 1 }}>
          {t('stats.agents')}
        </Typography>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{t('stats.agents')}</TableCell>
              <TableCell align="right">{t('stats.load')}</TableCell>
              <TableCell>{t('stats.available')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(agents.data ?? []).map((a) => (
              <TableRow key={a.id}>
                <TableCell>{a.displayName}</TableCell>
                <TableCell align="right">{num(a.load)}</TableCell>
                <TableCell>{a.available ? '✓' : '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Paper>
    </Stack>
  );
}
