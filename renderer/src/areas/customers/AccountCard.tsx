import EventIcon from '@mui/icons-material/Event';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dayLabel as day } from '../../../../server/domain/shared/date-labels.ts';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';
import { LedgerTable } from './LedgerTable.tsx';
import type { AccountView, Customer360 } from './customer-360-types.ts';
import { Fact, FlagChips, Revealable, Section } from './customer-360-parts.tsx';
import { translator } from '../../trpc.ts';
import { userText } from '../../../../server/domain/shared/server-messages.ts';

/** One account in the 360 (amount due, payoff, EasyPay cut-off, its ledger) and the recent payments. */
export function EasyPayStatus({ account, data }: { account: AccountView; data: Customer360 }) {
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

export function AccountCard({
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
        <FlagChips flags={account.flags} timeZone={data.timeZone} />
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
            {s.payoff.perDiemCents > 0 && (
              <Typography variant="caption" component="div" data-testid="payoff-per-diem">
                {t('account.perDiem', { amount: money(s.payoff.perDiemCents, lang) })}
              </Typography>
            )}
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

export function RecentPayments({ data }: { data: Customer360 }) {
  const { t, i18n } = useTranslation('customers');
  const lang = i18n.language;
  return (
    <Section title={t('panel.recentPayments')}>
      {data.recentPayments.length === 0 ? (
        <Typography color="text.secondary">{t('panel.noPayments')}</Typography>
      ) : (
        <Table
          size="small"
          sx={{ '& td': { px: 0.5, fontSize: 13 }, '& td:first-of-type': { pl: 0 } }}
        >
          <TableBody>
            {data.recentPayments.map((p, i) => (
              <TableRow key={`${p.accountId}-${p.postedOn}-${i}`}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{day(p.postedOn, lang, false)}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace', fontSize: '12px !important' }}>
                  {p.accountNumber}
                </TableCell>
                <TableCell>
                  {p.code ? t(`ledger.code.${p.code}`, { defaultValue: p.code }) : ''}
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  {money(p.amountCents, lang)}
                </TableCell>
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
