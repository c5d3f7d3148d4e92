import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../trpc.ts';

/** The append-only audit log with its chain check; newest first, filter by action or record. */
export function AuditLog() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const [action, setAction] = useState('');
  const [entityType, setEntityType] = useState('');
  const verify = useQuery(trpc.admin.audit.verify.queryOptions());
  const input = { limit: 50, ...(action ? { action } : {}), ...(entityType ? { entityType } : {}) };
  const pages = useInfiniteQuery(
    trpc.admin.audit.list.infiniteQueryOptions(input, {
      getNextPageParam: (last) => (last.length === 50 ? last.at(-1)?.id : undefined),
    }),
  );
  const rows = pages.data?.pages.flat() ?? [];
  return (
    <Paper sx={{ p: 2 }}>
      {verify.data &&
        (verify.data.ok ? (
          <Alert severity="success" sx={{ mb: 2 }}>
            {t('admin.chainOk', { count: verify.data.count })}
          </Alert>
        ) : (
          <Alert severity="error" sx={{ mb: 2 }}>
            {t('admin.chainBroken', { id: verify.data.brokenAtId })}
          </Alert>
        ))}
      <Stack direction="row" spacing={1} sx={{ mb: 1 }}>
        <TextField
          label={t('admin.auditAction')}
          value={action}
          onChange={(e) => setAction(e.target.value)}
        />
        <TextField
          label={t('admin.auditEntity')}
          value={entityType}
          onChange={(e) => setEntityType(e.target.value)}
        />
      </Stack>
      <Table size="small" aria-label={t('admin.audit')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('admin.auditAt')}</TableCell>
            <TableCell>{t('admin.auditWho')}</TableCell>
            <TableCell>{t('admin.auditAction')}</TableCell>
            <TableCell>{t('admin.auditEntity')}</TableCell>
            <TableCell>{t('admin.auditChange')}</TableCell>
            <TableCell>{t('common.reason')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.id}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {new Date(r.at).toLocaleString(i18n.language)}
              </TableCell>
              <TableCell>{r.actor_username ?? '—'}</TableCell>
              <TableCell>{r.action}</TableCell>
              <TableCell>
                {r.entity_type} {r.entity_id}
              </TableCell>
              <TableCell
                sx={{
                  fontFamily: 'monospace',
                  fontSize: 11,
                  maxWidth: 420,
                  overflowWrap: 'anywhere',
                }}
              >
                {r.before_json && <div>− {r.before_json}</div>}
                {r.after_json && <div>+ {r.after_json}</div>}
              </TableCell>
              <TableCell>{r.reason}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {pages.hasNextPage && (
        <Button
          sx={{ mt: 1 }}
          onClick={() => void pages.fetchNextPage()}
          disabled={pages.isFetchingNextPage}
        >
          {t('admin.loadMore')}
        </Button>
      )}
    </Paper>
  );
}
