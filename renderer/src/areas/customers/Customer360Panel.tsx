import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { CustomerTimeline } from '../calls/CustomerTimeline.tsx';
import { errorMessage, useTRPC } from '../../trpc.ts';
import { Section } from './customer-360-parts.tsx';
import { AddressSection, Identity } from './CustomerIdentity.tsx';
import { AccountCard, RecentPayments } from './AccountCard.tsx';

export type { Customer360 } from './customer-360-types.ts';

export interface Customer360PanelProps {
  customerId: number;
  /** Put this account first and open its ledger (in the full view). */
  accountId?: number;
  /** Side-panel form for other workflows: key facts, no ledger. */
  compact?: boolean;
}

/**
 * The customer 360 that every workflow embeds beside its work: identity (masked), address and
 * its history, accounts with amount due, next due date, EasyPay cut-off and payoff, flags,
 * recent payments — and, in the full view, each account's ledger. Follows the trainer's clock:
 * every date here is computed by the server from "today".
 *
 * @example <Customer360Panel customerId={thread.customerId} accountId={thread.accountId} compact />
 */
export function Customer360Panel({
  customerId,
  accountId,
  compact = false,
}: Customer360PanelProps) {
  const { t } = useTranslation('customers');
  const trpc = useTRPC();
  const view = useQuery(trpc.customers.get360.queryOptions({ customerId }));
  if (view.isPending) return <CircularProgress size={24} aria-label={t('panel.loading')} />;
  if (view.isError)
    return <Alert severity="error">{errorMessage(view.error, t('panel.loading'))}</Alert>;
  const data = view.data;
  const accounts = accountId
    ? [...data.accounts].sort((a, b) => (a.id === accountId ? -1 : b.id === accountId ? 1 : 0))
    : data.accounts;
  return (
    <Stack spacing={compact ? 1.5 : 2} data-testid="customer-360" sx={{ minWidth: 0 }}>
      <Identity data={data} compact={compact} />
      <AddressSection data={data} compact={compact} />
      <Section title={t('panel.accounts')}>
        {accounts.length === 0 && (
          <Typography color="text.secondary">{t('panel.noAccounts')}</Typography>
        )}
        <Stack spacing={1.5}>
          {(compact && accountId ? accounts.slice(0, 1) : accounts).map((a) => (
            <AccountCard
              key={a.id}
              account={a}
              data={data}
              compact={compact}
              highlighted={a.id === accountId}
            />
          ))}
        </Stack>
      </Section>
      {!compact && <RecentPayments data={data} />}
      {!compact && (
        <Stack direction="row">
          <Button component={RouterLink} to={`/calls?customer=${customerId}`} size="small">
            {t('panel.startCall')}
          </Button>
        </Stack>
      )}
      {!compact && <CustomerTimeline customerId={customerId} timeZone={data.timeZone} />}
      {compact && (
        <Button
          component={RouterLink}
          to={`/customers/${customerId}${accountId ? `?account=${accountId}` : ''}`}
          size="small"
        >
          {t('panel.open360')}
        </Button>
      )}
    </Stack>
  );
}
