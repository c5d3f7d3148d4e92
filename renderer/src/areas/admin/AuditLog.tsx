import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
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
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CentreTime } from '../../components/CentreTime.tsx';
import { useTRPC } from '../../trpc.ts';
import { formatCents } from '../../../../server/domain/shared/money.ts';
import { auditCodeKey, auditDiff } from './audit-diff.ts';

const humanize = (name: string) =>
  name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

/** The append-only audit log with its chain check; newest first, filter by action or record. */
export function AuditLog() {
  const { t } = useTranslation();
  const { t: tw, i18n } = useTranslation('workspace');
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
  // "lockboxes.2.postalCode" → "Lockboxes › #2 › ZIP/postal code"; amounts in cents as money.
  const fieldLabel = (path: string) =>
    path
      .split('.')
      .map((seg) =>
        /^\d+$/.test(seg)
          ? `#${seg}`
          : tw(`audit.fields.${seg}`, {
              defaultValue: tw(`config.fields.${seg}`, {
                defaultValue: tw(`config.settings.${seg}`, { defaultValue: humanize(seg) }),
              }),
            }),
      )
      .join(' › ');
  const valueText = (field: string, value: string) =>
    /Cents$/.test(field) && /^-?\d+$/.test(value)
      ? formatCents(Number(value), i18n.language)
      : value;
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
                <CentreTime iso={r.at} />
              </TableCell>
              <TableCell>{r.actor_username ?? '—'}</TableCell>
              <TableCell title={r.action}>
                {tw(`audit.action.${auditCodeKey(r.action)}`, { defaultValue: r.action })}
              </TableCell>
              <TableCell title={r.entity_type}>
                {tw(`audit.entity.${auditCodeKey(r.entity_type)}`, { defaultValue: r.entity_type })}{' '}
                {r.entity_id}
              </TableCell>
              <TableCell sx={{ maxWidth: 460 }} data-testid="audit-diff">
                <Box
                  component="dl"
                  sx={{
                    m: 0,
                    display: 'grid',
                    gridTemplateColumns: 'auto 1fr',
                    columnGap: 1,
                    fontSize: 12,
                    overflowWrap: 'anywhere',
                  }}
                >
                  {auditDiff(r.before_json, r.after_json).map((d) => (
                    <Fragment key={d.field}>
                      <Box component="dt" sx={{ fontWeight: 600 }} title={d.field}>
                        {fieldLabel(d.field)}
                      </Box>
                      <Box component="dd" sx={{ m: 0 }}>
                        {d.before !== null && (
                          <Box
                            component="del"
                            aria-label={`${tw('audit.before')}: ${valueText(d.field, d.before)}`}
                            sx={{ color: 'error.main', mr: 1 }}
                          >
                            {valueText(d.field, d.before)}
                          </Box>
                        )}
                        {d.before !== null && d.after !== null && '→ '}
                        {d.after !== null && (
                          <Box
                            component="ins"
                            aria-label={`${tw('audit.after')}: ${valueText(d.field, d.after)}`}
                            sx={{ color: 'success.main', textDecoration: 'none', fontWeight: 600 }}
                          >
                            {valueText(d.field, d.after)}
                          </Box>
                        )}
                      </Box>
                    </Fragment>
                  ))}
                </Box>
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
