import EventIcon from '@mui/icons-material/Event';
import FlagIcon from '@mui/icons-material/Flag';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Divider from '@mui/material/Divider';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { ReasonDialog } from '../../components/ReasonDialog.tsx';
import { CustomerTimeline } from '../calls/CustomerTimeline.tsx';
import { errorMessage, translator, useTRPC, type RouterOutputs } from '../../trpc.ts';
import { dayLabel as day } from '../../../../shared/date-labels.ts';
import { formatCents as money } from '../../../../shared/money.ts';
import { LedgerTable } from './LedgerTable.tsx';
import { userText } from '../../../../shared/server-messages.ts';

export type Customer360 = RouterOutputs['customers']['get360'];
type AccountView = Customer360['accounts'][number];
type AddressView = Customer360['addressHistory'][number];

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

function Section({
  title,
  children,
  right,
}: {
  title: string;
  children: ReactNode;
  right?: ReactNode;
}) {
  return (
    <Box component="section" aria-label={title}>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 0.5 }}>
        <Typography
          variant="overline"
          component="h2"
          sx={{ lineHeight: 1.6, color: 'text.secondary', fontWeight: 700 }}
        >
          {title}
        </Typography>
        <Box sx={{ flex: 1 }} />
        {right}
      </Stack>
      {children}
    </Box>
  );
}

function Fact({
  label,
  children,
  testId,
  wide,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
}) {
  return (
    <Box sx={{ minWidth: 0, ...(wide ? { gridColumn: 'span 2' } : {}) }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Box sx={{ fontWeight: 500, overflowWrap: 'anywhere' }} data-testid={testId}>
        {children}
      </Box>
    </Box>
  );
}

function FlagChips({ flags }: { flags: Customer360['flags'] }) {
  const { t, i18n } = useTranslation('customers');
  if (flags.length === 0) return null;
  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
      {flags.map((f) => (
        <Tooltip
          key={f.id}
          title={`${f.note ?? ''} (${day(f.raisedAt.slice(0, 10), i18n.language, false)})`}
        >
          <Chip
            size="small"
            color="error"
            icon={<FlagIcon />}
            label={t(`flag.${f.kind}`, { defaultValue: f.kind })}
            data-testid="flag"
          />
        </Tooltip>
      ))}
    </Stack>
  );
}

/** A masked identifier; supervisors may reveal it with a reason (audited, shown until hidden). */
function Revealable({
  masked,
  customerId,
  field,
  targetId,
  canReveal,
}: {
  masked: string;
  customerId: number;
  field: 'phone' | 'bankAccount' | 'dateOfBirth' | 'ssnLast4' | 'vin';
  targetId: number;
  canReveal: boolean;
}) {
  const { t } = useTranslation('customers');
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<string | null>(null);
  const reveal = useMutation(
    trpc.customers.reveal.mutationOptions({
      onSuccess: (r) => {
        setValue(r.value);
        setOpen(false);
      },
    }),
  );
  return (
    <Box
      component="span"
      sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, whiteSpace: 'nowrap' }}
    >
      <Box component="span" sx={{ fontFamily: 'monospace' }} data-testid={`${field}-value`}>
        {value ?? masked}
      </Box>
      {canReveal &&
        (value ? (
          <Button size="small" onClick={() => setValue(null)} sx={{ minWidth: 0, py: 0 }}>
            {t('reveal.hide')}
          </Button>
        ) : (
          <Button size="small" onClick={() => setOpen(true)} sx={{ minWidth: 0, py: 0 }}>
            {t('reveal.button')}
          </Button>
        ))}
      {open && (
        <ReasonDialog
          open
          title={
            field === 'phone'
              ? t('reveal.titlePhone')
              : field === 'bankAccount'
                ? t('reveal.titleBank')
                : t('reveal.titleAnswer')
          }
          extra={<Alert severity="info">{t('reveal.explain')}</Alert>}
          busy={reveal.isPending}
          error={reveal.error ? errorMessage(reveal.error, '') : null}
          onCancel={() => setOpen(false)}
          onConfirm={(reason) => reveal.mutate({ customerId, field, targetId, reason })}
        />
      )}
    </Box>
  );
}

function Identity({ data, compact }: { data: Customer360; compact: boolean }) {
  const { t, i18n } = useTranslation('customers');
  const lang = i18n.language;
  const c = data.customer;
  return (
    <Box>
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography variant={compact ? 'h6' : 'h5'} component="h1" data-testid="customer-name">
          {c.displayName}
        </Typography>
        {c.kind === 'business' && <Chip size="small" label={t('panel.business')} />}
        <Chip
          size="small"
          variant="outlined"
          label={t('panel.language', { lang: t(`panel.languages.${c.language}`) })}
        />
      </Stack>
      {c.businessName && (
        <Typography variant="body2" color="text.secondary">
          {c.firstName} {c.lastName}
        </Typography>
      )}
      <Box sx={{ mt: 0.5 }}>
        <FlagChips flags={data.flags} />
      </Box>
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: compact ? '1fr 1fr' : 'repeat(auto-fill, minmax(190px, 1fr))',
          gap: 1.5,
          mt: 1,
        }}
      >
        {c.dateOfBirthMasked && (
          <Fact label={t('panel.dateOfBirth')}>
            <Revealable
              masked={c.dateOfBirthMasked}
              customerId={c.id}
              field="dateOfBirth"
              targetId={c.id}
              canReveal={data.canReveal}
            />
          </Fact>
        )}
        {c.ssnMasked && (
          <Fact label={t('panel.ssn')} testId="ssn">
            <Revealable
              masked={c.ssnMasked}
              customerId={c.id}
              field="ssnLast4"
              targetId={c.id}
              canReveal={data.canReveal}
            />
          </Fact>
        )}
        {c.email && <Fact label={t('panel.email')}>{c.email}</Fact>}
        <Fact label={t('panel.phones')} wide>
          <Stack>
            {data.phones.map((p) => (
              <Box key={p.id} sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                <Typography variant="caption" color="text.secondary" sx={{ minWidth: 56 }}>
                  {t(`panel.phoneKind.${p.kind}`)}
                </Typography>
                <Revealable
                  masked={p.masked}
                  customerId={c.id}
                  field="phone"
                  targetId={p.id}
                  canReveal={data.canReveal}
                />
              </Box>
            ))}
          </Stack>
        </Fact>
      </Box>
      {!compact && (
        <Typography variant="caption" color="text.secondary">
          {t('panel.since', { date: day(c.createdAt.slice(0, 10), lang, false) })}
        </Typography>
      )}
    </Box>
  );
}

function AddressLines({
  a,
}: {
  a: Pick<AddressView, 'line1' | 'line2' | 'city' | 'region' | 'postalCode' | 'country'>;
}) {
  return (
    <Box sx={{ lineHeight: 1.4 }}>
      <div>{a.line1}</div>
      {a.line2 && <div>{a.line2}</div>}
      <div>
        {a.city} {a.region} {a.postalCode}
        {a.country === 'CA' ? ' · Canada' : ''}
      </div>
    </Box>
  );
}

function AddressSection({ data, compact }: { data: Customer360; compact: boolean }) {
  const { t, i18n } = useTranslation('customers');
  const lang = i18n.language;
  const [showHistory, setShowHistory] = useState(!compact);
  const history = data.addressHistory;
  return (
    <Section
      title={t('panel.address')}
      right={
        history.length > 1 && (
          <Button
            size="small"
            onClick={() => setShowHistory((s) => !s)}
            aria-expanded={showHistory}
          >
            {t('panel.historyCount', { count: history.length })}
          </Button>
        )
      }
    >
      {data.address ? (
        <Box data-testid="current-address">
          <AddressLines a={data.address} />
          <Typography variant="caption" color="text.secondary">
            {t('panel.from', { date: day(data.address.effectiveFrom, lang, false) })}
          </Typography>
        </Box>
      ) : (
        <Typography color="text.secondary">{t('panel.noAddress')}</Typography>
      )}
      {showHistory && history.length > 1 && (
        <Stack
          spacing={1}
          sx={{ mt: 1, pl: 1.5, borderLeft: 2, borderColor: 'divider' }}
          aria-label={t('panel.history')}
          data-testid="address-history"
        >
          {history.map((a) => (
            <Box key={a.id} sx={{ opacity: a.status === 'current' ? 1 : 0.75 }}>
              <Stack direction="row" sx={{ gap: 1, alignItems: 'center' }}>
                <Chip
                  size="small"
                  variant={a.status === 'current' ? 'filled' : 'outlined'}
                  label={t(`panel.addressStatus.${a.status}`)}
                />
                <Typography variant="caption" color="text.secondary">
                  {a.effectiveTo
                    ? t('panel.fromTo', {
                        from: day(a.effectiveFrom, lang, false),
                        to: day(a.effectiveTo, lang, false),
                      })
                    : t('panel.from', { date: day(a.effectiveFrom, lang, false) })}
                  {' · '}
                  {t('panel.source', {
                    source: t(`panel.addressSource.${a.source}`, { defaultValue: a.source }),
                  })}
                </Typography>
              </Stack>
              <Typography variant="body2" component="div">
                {a.line1}
                {a.line2 ? `, ${a.line2}` : ''}, {a.city} {a.region} {a.postalCode}
              </Typography>
            </Box>
          ))}
        </Stack>
      )}
    </Section>
  );
}

function EasyPayStatus({ account, data }: { account: AccountView; data: Customer360 }) {
  const { t, i18n } = useTranslation('customers');
  const lang = i18n.language;
  const ep = account.easyPay;
  if (!ep.enrolled) {
    return (
      <Typography variant="body2" color="text.secondary">
        {t('account.easyPay')}: {t('account.easyPayOff')}
      </Typography>
    );
  }
  const o = ep.outlook;
  return (
    <Box data-testid="easypay">
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        {t('account.easyPay')}
      </Typography>
      {ep.bankAccountMasked && (
        <Typography variant="body2" component="div">
          {t('account.easyPayDebits')}{' '}
          <Revealable
            masked={ep.bankAccountMasked}
            customerId={data.customer.id}
            field="bankAccount"
            targetId={account.id}
            canReveal={data.canReveal}
          />
          {ep.routing ? ` · ${t('account.routing', { routing: ep.routing })}` : ''}
        </Typography>
      )}
      {o?.next && (
        <Typography variant="body2">
          {t('account.nextDebit', {
            amount: money(account.paymentCents, lang),
            date: day(o.next.debitDate, lang),
          })}
        </Typography>
      )}
      {o?.next && o.canStopNext && (
        <Tooltip title={userText(o.next.cancelByExplanation, translator)}>
          <Alert
            severity="info"
            icon={<EventIcon fontSize="small" />}
            sx={{ py: 0, mt: 0.5 }}
            data-testid="easypay-cancel-by"
          >
            {t('account.cancelBy', { date: day(o.next.cancelBy, lang) })}
          </Alert>
        </Tooltip>
      )}
      {o?.next && !o.canStopNext && (
        <Tooltip
          title={o.firstStoppable ? userText(o.firstStoppable.cancelByExplanation, translator) : ''}
        >
          <Alert severity="warning" sx={{ py: 0, mt: 0.5 }} data-testid="easypay-cancel-by">
            {t('account.cancelTooLate', {
              date: day(o.next.debitDate, lang),
              cutoff: day(o.next.cancelBy, lang),
              next: day(o.firstStoppable?.debitDate, lang),
              nextCutoff: day(o.firstStoppable?.cancelBy, lang),
            })}
          </Alert>
        </Tooltip>
      )}
    </Box>
  );
}

function AccountCard({
  account,
  data,
  compact,
  highlighted,
}: {
  account: AccountView;
  data: Customer360;
  compact: boolean;
  highlighted: boolean;
}) {
  const { t, i18n } = useTranslation('customers');
  const lang = i18n.language;
  const s = account.summary;
  const [showLedger, setShowLedger] = useState(highlighted && !compact);
  const active = account.status === 'active';
  return (
    <Paper
      variant="outlined"
      sx={{
        p: 1.5,
        borderColor: highlighted ? 'primary.main' : 'divider',
        borderWidth: highlighted ? 2 : 1,
      }}
      data-testid="account-card"
      data-account={account.accountNumber}
    >
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography sx={{ fontFamily: 'monospace', fontWeight: 700 }} data-testid="account-number">
          {account.accountNumber}
        </Typography>
        <Chip size="small" label={t(`account.type.${account.type}`)} />
        <Chip
          size="small"
          variant="outlined"
          color={active ? 'success' : 'default'}
          label={t(`account.status.${account.status}`)}
        />
        {account.role === 'co-holder' && (
          <Chip size="small" variant="outlined" label={t('account.role.co-holder')} />
        )}
        {account.otherHolder && (
          <Typography variant="caption" color="text.secondary">
            {t('account.with', { name: account.otherHolder.displayName })}
          </Typography>
        )}
        <Box sx={{ flex: 1 }} />
        <FlagChips flags={account.flags} />
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {account.vehicle.year} {account.vehicle.make} {account.vehicle.model} · {t('account.vin')}{' '}
        <Revealable
          masked={account.vinMasked}
          customerId={data.customer.id}
          field="vin"
          targetId={account.id}
          canReveal={data.canReveal}
        />
      </Typography>
      <Divider sx={{ my: 1 }} />
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: compact ? '1fr 1fr' : 'repeat(auto-fill, minmax(150px, 1fr))',
          gap: 1.5,
        }}
      >
        <Fact label={t('account.amountDue')} testId="amount-due">
          <Typography
            component="span"
            sx={{
              fontSize: 20,
              fontWeight: 700,
              color: s.pastDueCents > 0 ? 'error.main' : 'text.primary',
            }}
          >
            {money(s.amountDueCents, lang)}
          </Typography>
          {s.nextDueDate ? (
            <Typography variant="caption" component="div" data-testid="next-due-date">
              {t('account.dueBy', { date: day(s.nextDueDate, lang) })}
            </Typography>
          ) : (
            <Typography variant="caption" component="div" color="text.secondary">
              {t('account.noneDue')}
            </Typography>
          )}
        </Fact>
        {s.pastDueCents > 0 && (
          <Fact label={t('account.pastDue')} testId="past-due">
            <Box component="span" sx={{ color: 'error.main' }}>
              {money(s.pastDueCents, lang)}
            </Box>
            <Typography variant="caption" component="div">
              {t('account.daysPastDue', { count: s.daysPastDue })}
            </Typography>
          </Fact>
        )}
        {s.feesDueCents > 0 && <Fact label={t('account.fees')}>{money(s.feesDueCents, lang)}</Fact>}
        {s.creditCents > 0 && <Fact label={t('account.credit')}>{money(s.creditCents, lang)}</Fact>}
        {active && <Fact label={t('account.current')}>{money(s.currentDueCents, lang)}</Fact>}
        {active && (
          <Fact label={t('account.payoff')} testId="payoff">
            {money(s.payoffCents, lang)}
          </Fact>
        )}
        <Fact label={t('account.payment')}>
          {money(account.paymentCents, lang)} {t(`account.frequency.${account.frequency}`)}
          <Typography variant="caption" component="div" color="text.secondary">
            {account.frequency === 'monthly'
              ? t('account.dueDay', { day: account.dueDay })
              : t('account.dueDays', { day: account.dueDay, day2: account.dueDay + 15 })}
          </Typography>
        </Fact>
      </Box>
      {!compact && (
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 1 }}>
          {t('account.term', { months: account.termMonths })} ·{' '}
          {t('account.opened', { date: day(account.openedOn, lang, false) })}
          {account.closedOn
            ? ` · ${t('account.closed', { date: day(account.closedOn, lang, false) })}`
            : ''}
          {active
            ? ` · ${t('account.remaining', { remaining: s.installmentsRemaining, total: s.installmentsTotal, date: day(s.maturityDate, lang, false) })}`
            : ''}
          {account.leaseMilesAllowed
            ? ` · ${t('account.leaseMiles', { miles: account.leaseMilesAllowed.toLocaleString(lang) })}`
            : ''}
          {s.lastPayment
            ? ` · ${t('account.lastPayment', { amount: money(s.lastPayment.amountCents, lang), date: day(s.lastPayment.postedOn, lang, false) })}`
            : ''}
        </Typography>
      )}
      {active && (
        <Box sx={{ mt: 1 }}>
          <EasyPayStatus account={account} data={data} />
          {account.ultimatePay && (
            <Typography variant="body2" sx={{ mt: 0.5 }}>
              {t('account.ultimatePay', {
                amount: money(account.ultimatePay.amountCents, lang),
                date: day(account.ultimatePay.date, lang),
              })}
            </Typography>
          )}
        </Box>
      )}
      {!compact && (
        <Box sx={{ mt: 1 }}>
          <Button size="small" onClick={() => setShowLedger((v) => !v)} aria-expanded={showLedger}>
            {t('account.ledger')}
          </Button>
          {showLedger && <LedgerTable accountId={account.id} />}
        </Box>
      )}
    </Paper>
  );
}

function RecentPayments({ data }: { data: Customer360 }) {
  const { t, i18n } = useTranslation('customers');
  const lang = i18n.language;
  return (
    <Section title={t('panel.recentPayments')}>
      {data.recentPayments.length === 0 ? (
        <Typography color="text.secondary">{t('panel.noPayments')}</Typography>
      ) : (
        <Table size="small">
          <TableBody>
            {data.recentPayments.map((p, i) => (
              <TableRow key={`${p.accountId}-${p.postedOn}-${i}`}>
                <TableCell>{day(p.postedOn, lang)}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }}>{p.accountNumber}</TableCell>
                <TableCell>
                  {p.code ? t(`ledger.code.${p.code}`, { defaultValue: p.code }) : ''}
                </TableCell>
                <TableCell align="right">{money(p.amountCents, lang)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Typography variant="caption" color="text.secondary">
        {t('panel.asOf', { date: day(data.today, lang) })}
      </Typography>
    </Section>
  );
}
