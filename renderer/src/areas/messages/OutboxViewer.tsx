import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useTRPC } from '../../trpc.ts';
import { CentreTime } from '../../components/CentreTime.tsx';

/** The e-mail outbox: what was (or, in training, would have been) sent to customers. */
export function OutboxViewer() {
  const { t } = useTranslation('messages');
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [open, setOpen] = useState<number | null>(null);
  const pages = useInfiniteQuery(
    trpc.messages.outbox.infiniteQueryOptions(
      {},
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = pages.data?.pages.flatMap((p) => p.rows) ?? [];
  const training = pages.data?.pages[0]?.databaseKind === 'training';
  const when = (iso: string | null) => <CentreTime iso={iso} focusable={false} />;
  return (
    <Paper sx={{ p: 2 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
        <IconButton
          size="small"
          onClick={() => void navigate('/messages')}
          aria-label={t('actions.back')}
        >
          <ArrowBackIcon fontSize="small" />
        </IconButton>
        <Typography variant="h6" component="h1" sx={{ fontSize: 17 }}>
          {t('outbox.title')}
        </Typography>
      </Stack>
      {training && (
        <Alert severity="info" sx={{ mb: 1 }}>
          {t('outbox.training')}
        </Alert>
      )}
      <Table size="small" aria-label={t('outbox.title')} data-testid="outbox">
        <TableHead>
          <TableRow>
            <TableCell>{t('outbox.created')}</TableCell>
            <TableCell>{t('outbox.to')}</TableCell>
            <TableCell>{t('outbox.subject')}</TableCell>
            <TableCell>{t('outbox.thread')}</TableCell>
            <TableCell>{t('outbox.status')}</TableCell>
            <TableCell>{t('outbox.attempts')}</TableCell>
            <TableCell>{t('outbox.sent')}</TableCell>
            <TableCell>{t('outbox.error')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <Fragment key={r.id}>
              <TableRow
                hover
                onClick={() => setOpen(open === r.id ? null : r.id)}
                sx={{ cursor: 'pointer' }}
                data-testid="outbox-row"
              >
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{when(r.createdAt)}</TableCell>
                <TableCell>{r.to}</TableCell>
                <TableCell>{r.subject}</TableCell>
                <TableCell>
                  {r.threadId && (
                    <Link
                      component="button"
                      onClick={(e) => {
                        e.stopPropagation();
                        void navigate(`/messages/${r.threadId}`);
                      }}
                    >
                      #{r.threadId}
                    </Link>
                  )}
                </TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    label={t(`outbox.statuses.${r.status}`)}
                    color={
                      r.status === 'sent'
                        ? 'success'
                        : r.status === 'failed'
                          ? 'error'
                          : r.status === 'pending'
                            ? 'warning'
                            : 'default'
                    }
                  />
                </TableCell>
                <TableCell>{r.attempts}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{when(r.sentAt)}</TableCell>
                <TableCell sx={{ maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  {r.lastError}
                </TableCell>
              </TableRow>
              {open === r.id && (
                <TableRow>
                  <TableCell colSpan={8}>
                    <Box
                      component="pre"
                      sx={{
                        m: 0,
                        whiteSpace: 'pre-wrap',
                        fontFamily: 'inherit',
                        fontSize: 13,
                        bgcolor: 'action.hover',
                        p: 1.5,
                        borderRadius: 1,
                      }}
                    >
                      {r.bodyText}
                    </Box>
                  </TableCell>
                </TableRow>
              )}
            </Fragment>
          ))}
        </TableBody>
      </Table>
      {rows.length === 0 && !pages.isPending && (
        <Typography sx={{ p: 2, color: 'text.secondary' }}>{t('outbox.empty')}</Typography>
      )}
      {pages.hasNextPage && (
        <Button sx={{ mt: 1 }} onClick={() => void pages.fetchNextPage()}>
          {t('outbox.more')}
        </Button>
      )}
    </Paper>
  );
}
