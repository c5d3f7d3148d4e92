import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatCents } from '../../../../server/domain/shared/money.ts';
import type { RouterOutputs } from '../../trpc.ts';

type ThreadData = RouterOutputs['messages']['thread'];

/**
 * The customer 360 beside a thread. When the customers area provides `Customer360Panel`, it is
 * used (found at build time, so this area builds with or without it); until then, and if it
 * ever fails to render, a compact summary from the thread query stands in.
 */
const found = import.meta.glob<Record<string, unknown>>('../customers/Customer360Panel.tsx');
const loader = Object.values(found)[0];
const Customer360 = loader
  ? lazy(async () => {
      const mod = await loader();
      const C = (mod.Customer360Panel ?? mod.default) as
        ComponentType<{ customerId: number; accountId?: number | null }> | undefined;
      if (!C) throw new Error('Customer360Panel not exported');
      return { default: C };
    })
  : null;

class Fallback extends Component<
  { fallback: ReactNode; children: ReactNode },
  { failed: boolean }
> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

function money(cents: number | null, lang: string): string {
  return cents === null ? '—' : formatCents(cents, lang);
}

function Summary({ data }: { data: ThreadData }) {
  const { t, i18n } = useTranslation('messages');
  const navigate = useNavigate();
  const { customer, account } = data;
  const line = (label: string, value: ReactNode) => (
    <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 1, py: 0.25, fontSize: 13 }}>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {label}
      </Typography>
      <Typography variant="body2" sx={{ fontWeight: 500, textAlign: 'right' }}>
        {value}
      </Typography>
    </Box>
  );
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }} data-testid="customer-panel">
      <Typography variant="overline" sx={{ color: 'text.secondary' }}>
        {t('panel.title')}
      </Typography>
      <Typography variant="subtitle1" sx={{ fontWeight: 600, lineHeight: 1.2 }}>
        {customer?.displayName}
      </Typography>
      {customer && line(t('panel.language'), customer.language.toUpperCase())}
      {customer?.email && line(t('panel.email'), customer.email)}
      {account && (
        <>
          <Divider sx={{ my: 1 }} />
          <Typography variant="body2" sx={{ fontWeight: 600 }}>
            {t('panel.account', { number: account.accountNumber })} · {account.type} ·{' '}
            {account.vehicle.year} {account.vehicle.make} {account.vehicle.model}
          </Typography>
          {line(t('panel.amountDue'), money(account.amountDueCents, i18n.language))}
          {line(t('panel.pastDue'), money(account.pastDueCents, i18n.language))}
          {line(t('panel.nextDue'), account.nextDueDate ?? '—')}
          {line(t('panel.easyPay'), account.easyPay ? t('panel.enrolled') : t('panel.notEnrolled'))}
        </>
      )}
      {data.otherAccounts.length > 0 && (
        <>
          <Divider sx={{ my: 1 }} />
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            {t('panel.otherAccounts')}
          </Typography>
          {data.otherAccounts.map((a) => (
            <Typography key={a.id} variant="body2">
              {a.accountNumber} · {a.type}
            </Typography>
          ))}
        </>
      )}
      {customer && (
        <Button
          size="small"
          sx={{ mt: 1 }}
          onClick={() => void navigate(`/customers/${customer.id}`)}
        >
          {t('panel.open360')}
        </Button>
      )}
    </Paper>
  );
}

export function CustomerPanel({ data }: { data: ThreadData }) {
  const summary = <Summary data={data} />;
  if (!Customer360 || !data.customer) return summary;
  return (
    <Fallback fallback={summary}>
      <Suspense fallback={summary}>
        <Customer360 customerId={data.customer.id} accountId={data.account?.id ?? null} />
      </Suspense>
    </Fallback>
  );
}
