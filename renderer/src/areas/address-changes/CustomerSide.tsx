import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dayLabel as day } from '../../../../server/domain/shared/date-labels.ts';
import { errorMessage, useTRPC } from '../../trpc.ts';
import { AddressBlock, StatusChip } from './shared.tsx';
import type { Context } from './intake-types.ts';

/** The customer's side panel: current address, history, flags, changes, payoff/title requests. */
export function CustomerSide({ context }: { context: Context }) {
  const { t, i18n } = useTranslation('addressChanges');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<'payoff' | 'title'>('payoff');
  const [accountId, setAccountId] = useState<number | ''>('');
  const record = useMutation(
    trpc.addressChanges.recordRequest.mutationOptions({
      onSuccess: () =>
        void queryClient.invalidateQueries({ queryKey: trpc.addressChanges.context.queryKey() }),
    }),
  );
  return (
    <Stack spacing={2}>
      <Paper sx={{ p: 2 }} data-testid="customer-side">
        <Typography variant="subtitle1" sx={{ fontWeight: 700 }}>
          {context.customer.displayName}
        </Typography>
        <Typography variant="overline">{t('customer.current')}</Typography>
        <AddressBlock address={context.currentAddress} testId="current-address" />
        {context.flags.length > 0 && (
          <Box sx={{ mt: 1 }}>
            <Typography variant="overline">{t('customer.flags')}</Typography>
            {context.flags.map((f) => (
              <Alert
                key={f.id}
                severity="error"
                sx={{ mb: 0.5 }}
                data-testid={`customer-flag-${f.kind}`}
              >
                {f.note ?? f.kind}
              </Alert>
            ))}
          </Box>
        )}
        <Typography variant="overline" component="div" sx={{ mt: 1 }}>
          {t('customer.history')}
        </Typography>
        <List dense disablePadding data-testid="address-history">
          {context.history.map((h) => {
            const current =
              h.effectiveFrom <= context.today &&
              (h.effectiveTo === null || h.effectiveTo > context.today);
            const future = h.effectiveFrom > context.today;
            return (
              <ListItemText
                key={h.id}
                sx={{ opacity: current || future ? 1 : 0.6 }}
                primary={`${h.line1}${h.line2 ? `, ${h.line2}` : ''}, ${h.city} ${h.region} ${h.postalCode}`}
                secondary={`${day(h.effectiveFrom, i18n.language, false)} → ${h.effectiveTo ? day(h.effectiveTo, i18n.language, false) : '…'} · ${current ? t('customer.current_badge') : future ? t('customer.future_badge', { date: day(h.effectiveFrom, i18n.language, false) }) : t('customer.past_badge', { date: day(h.effectiveTo, i18n.language, false) })} · ${t(`customers:panel.addressSource.${h.source}`, { defaultValue: h.source })}`}
              />
            );
          })}
        </List>
        {context.changes.length > 0 && (
          <>
            <Typography variant="overline" component="div" sx={{ mt: 1 }}>
              {t('customer.changes')}
            </Typography>
            {context.changes.map((c) => (
              <Stack key={c.id} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <Typography variant="body2">
                  #{c.id} · {c.requestedOn} · {c.address.city} {c.address.region}
                </Typography>
                <StatusChip
                  status={c.status}
                  effectiveFrom={c.effectiveFrom}
                  today={context.today}
                />
              </Stack>
            ))}
          </>
        )}
      </Paper>
      <Paper
        sx={{ p: 2 }}
        component="form"
        onSubmit={(e: React.FormEvent) => {
          e.preventDefault();
          record.mutate({
            customerId: context.customer.id,
            kind,
            channel: 'phone',
            ...(accountId ? { accountId } : {}),
          });
        }}
      >
        <Typography variant="overline">{t('customer.recordRequest')}</Typography>
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          <TextField
            select
            size="small"
            label={t('request.kind')}
            value={kind}
            onChange={(e) => setKind(e.target.value as 'payoff' | 'title')}
          >
            <MenuItem value="payoff">{t('request.payoff')}</MenuItem>
            <MenuItem value="title">{t('request.title')}</MenuItem>
          </TextField>
          <TextField
            select
            size="small"
            label={t('request.account')}
            value={accountId}
            onChange={(e) => setAccountId(Number(e.target.value))}
            sx={{ minWidth: 140 }}
          >
            {context.accounts.map((a) => (
              <MenuItem key={a.id} value={a.id}>
                {a.accountNumber}
              </MenuItem>
            ))}
          </TextField>
          <Button type="submit" disabled={record.isPending}>
            {t('request.save')}
          </Button>
        </Stack>
        {record.data && (
          <Alert
            severity={record.data.suspectedChanges.length > 0 ? 'warning' : 'success'}
            sx={{ mt: 1 }}
          >
            {record.data.suspectedChanges.length > 0
              ? t('request.suspected', { ids: record.data.suspectedChanges.join(', #') })
              : t('request.saved')}
          </Alert>
        )}
        {record.error && <Alert severity="error">{errorMessage(record.error, '')}</Alert>}
        {context.requests.length > 0 && (
          <List dense disablePadding>
            {context.requests.map((r) => (
              <ListItemText
                key={r.id}
                primary={`${day(r.requestedOn, i18n.language, false)} · ${t(`request.${r.kind}`)}`}
              />
            ))}
          </List>
        )}
      </Paper>
    </Stack>
  );
}
