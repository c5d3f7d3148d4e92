import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
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
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { ReasonDialog } from '../../components/ReasonDialog.tsx';
import { errorMessage, useTRPC, type RouterOutputs } from '../../trpc.ts';
import { FlagList } from './shared.tsx';
import { CentreTime } from '../../components/CentreTime.tsx';

type Row = RouterOutputs['addressChanges']['queue'][number];

function oneLine(
  a: {
    line1: string;
    line2: string | null;
    city: string;
    region: string;
    postalCode: string;
  } | null,
) {
  return a
    ? `${a.line1}${a.line2 ? `, ${a.line2}` : ''}, ${a.city} ${a.region} ${a.postalCode}`
    : '—';
}

/** Supervisor tab: flagged address changes waiting for a checker, each with WHY. */
export default function ApprovalQueue() {
  const { t } = useTranslation('addressChanges');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queue = useQuery(trpc.addressChanges.queue.queryOptions());
  const [action, setAction] = useState<{ kind: 'approve' | 'reject'; row: Row } | null>(null);
  const done = {
    onSuccess: () => {
      setAction(null);
      void queryClient.invalidateQueries({ queryKey: trpc.addressChanges.queue.queryKey() });
    },
  };
  const approve = useMutation(trpc.addressChanges.approve.mutationOptions(done));
  const reject = useMutation(trpc.addressChanges.reject.mutationOptions(done));
  const error = approve.error ?? reject.error;
  return (
    <Paper sx={{ p: 2 }}>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {t('queue.tab')}
      </Typography>
      {queue.error && <Alert severity="error">{errorMessage(queue.error, '')}</Alert>}
      {queue.data?.length === 0 && <Alert severity="success">{t('queue.empty')}</Alert>}
      {queue.data && queue.data.length > 0 && (
        <Table size="small" aria-label={t('queue.tab')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('queue.change')}</TableCell>
              <TableCell>{t('queue.customer')}</TableCell>
              <TableCell>
                {t('detail.old')} → {t('detail.new')}
              </TableCell>
              <TableCell sx={{ width: '32%' }}>{t('queue.why')}</TableCell>
              <TableCell>{t('queue.maker')}</TableCell>
              <TableCell align="right" />
            </TableRow>
          </TableHead>
          <TableBody>
            {queue.data.map((row) => (
              <TableRow
                key={row.id}
                data-testid={`approval-${row.id}`}
                sx={{ verticalAlign: 'top' }}
              >
                <TableCell>
                  <RouterLink to={`/address-changes/${row.id}`}>#{row.id}</RouterLink>
                  <div>
                    <Chip
                      size="small"
                      color="warning"
                      label={t(`status.${row.status}`)}
                      sx={{ mt: 0.5 }}
                    />
                  </div>
                  <Typography variant="caption" component="div">
                    {t('detail.effective')}: {row.effectiveFrom}
                  </Typography>
                </TableCell>
                <TableCell>{row.customerName}</TableCell>
                <TableCell>
                  <Typography variant="body2" color="text.secondary">
                    {oneLine(row.oldAddress)}
                  </Typography>
                  <Typography variant="body2" sx={{ fontWeight: 600 }}>
                    → {oneLine(row.address)}
                  </Typography>
                  <Typography variant="caption" color="text.secondary">
                    {t(`channels.${row.channel}`)} · {row.reason}
                  </Typography>
                </TableCell>
                <TableCell>
                  <FlagList flags={row.redFlags} dense />
                  {row.status === 'in_review' && (
                    <Typography variant="caption" color="text.secondary">
                      {t('queue.reviewNote')}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  {row.makerName}
                  <Typography variant="caption" component="div" color="text.secondary">
                    <CentreTime iso={row.createdAt} focusable={false} />
                  </Typography>
                </TableCell>
                <TableCell align="right">
                  <Tooltip title={row.mine ? t('queue.ownChange') : ''}>
                    <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
                      <Button
                        size="small"
                        variant="contained"
                        disabled={row.mine}
                        onClick={() => setAction({ kind: 'approve', row })}
                      >
                        {t('queue.approve')}
                      </Button>
                      <Button
                        size="small"
                        color="error"
                        disabled={row.mine}
                        onClick={() => setAction({ kind: 'reject', row })}
                      >
                        {row.status === 'in_review' ? t('queue.rejectReview') : t('queue.reject')}
                      </Button>
                    </Stack>
                  </Tooltip>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {action && (
        <ReasonDialog
          open
          title={t(action.kind === 'approve' ? 'queue.approveTitle' : 'queue.rejectTitle', {
            id: action.row.id,
          })}
          busy={approve.isPending || reject.isPending}
          error={error ? errorMessage(error, '') : null}
          onCancel={() => setAction(null)}
          onConfirm={(reason) =>
            (action.kind === 'approve' ? approve : reject).mutate({ id: action.row.id, reason })
          }
        />
      )}
    </Paper>
  );
}
