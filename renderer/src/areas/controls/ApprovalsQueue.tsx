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
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ReasonDialog } from '../../components/ReasonDialog.tsx';
import { errorMessage, useTRPC, type RouterOutputs } from '../../trpc.ts';
import { showCents } from './money-limit.ts';

type Request = RouterOutputs['authority']['approvals'][number];

/**
 * The supervisors' approval queue of money steps above their maker's authority (issue 21).
 * Approving lets the maker do exactly that step once; nobody approves their own request.
 */
export default function ApprovalsQueue() {
  const { t, i18n } = useTranslation('controls');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queue = useQuery(trpc.authority.approvals.queryOptions({ status: 'pending' }));
  const [approving, setApproving] = useState<Request | null>(null);
  const [rejecting, setRejecting] = useState<Request | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.authority.approvals.queryFilter());
  const approve = useMutation(
    trpc.authority.approve.mutationOptions({
      onSuccess: async () => {
        setApproving(null);
        await refresh();
      },
    }),
  );
  const reject = useMutation(
    trpc.authority.reject.mutationOptions({
      onSuccess: async () => {
        setRejecting(null);
        await refresh();
      },
    }),
  );
  if (queue.error) return <Alert severity="error">{errorMessage(queue.error, t('offline'))}</Alert>;
  if (!queue.data) return null;
  const money = (c: number) => showCents(c, i18n.language);
  return (
    <Paper sx={{ p: 2 }}>
      <Typography variant="h6" component="h2">
        {t('approvals.title')}
      </Typography>
      {queue.data.length === 0 ? (
        <Typography color="text.secondary">{t('approvals.empty')}</Typography>
      ) : (
        <Table size="small" aria-label={t('approvals.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('approvals.request')}</TableCell>
              <TableCell>{t('approvals.maker')}</TableCell>
              <TableCell>{t('authority.action')}</TableCell>
              <TableCell>{t('approvals.case')}</TableCell>
              <TableCell align="right">{t('approvals.amount')}</TableCell>
              <TableCell>{t('approvals.why')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {queue.data.map((r) => (
              <TableRow key={r.id} data-testid={`approval-${r.id}`}>
                <TableCell>#{r.id}</TableCell>
                <TableCell>{r.requestedByName ?? `#${r.requestedBy}`}</TableCell>
                <TableCell>{t(`action.${r.action}`)}</TableCell>
                <TableCell>{r.caseKey}</TableCell>
                <TableCell align="right">{money(r.amountCents)}</TableCell>
                <TableCell>
                  <Stack>
                    {r.reasons.map((why) => (
                      <Typography key={why} variant="body2">
                        {why}
                      </Typography>
                    ))}
                  </Stack>
                </TableCell>
                <TableCell>
                  <Stack direction="row" spacing={1}>
                    <Button size="small" variant="contained" onClick={() => setApproving(r)}>
                      {t('approvals.approve')}
                    </Button>
                    <Button size="small" onClick={() => setRejecting(r)}>
                      {t('approvals.reject')}
                    </Button>
                  </Stack>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {approving && (
        <ConfirmDialog
          open
          title={t('approvals.confirmTitle', { id: approving.id })}
          facts={[
            [t('approvals.maker'), approving.requestedByName ?? `#${approving.requestedBy}`],
            [t('authority.action'), t(`action.${approving.action}`)],
            [t('approvals.case'), approving.caseKey],
            [t('approvals.amount'), money(approving.amountCents)],
          ]}
          confirmLabel={t('approvals.approve')}
          busy={approve.isPending}
          error={approve.error ? errorMessage(approve.error, t('offline')) : null}
          onCancel={() => setApproving(null)}
          onConfirm={() => approve.mutate({ id: approving.id })}
        />
      )}
      {rejecting && (
        <ReasonDialog
          open
          title={t('approvals.rejectTitle', { id: rejecting.id })}
          busy={reject.isPending}
          error={reject.error ? errorMessage(reject.error, t('offline')) : null}
          onCancel={() => setRejecting(null)}
          onConfirm={(note) => reject.mutate({ id: rejecting.id, note })}
        />
      )}
    </Paper>
  );
}
