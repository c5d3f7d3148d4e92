import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { centreDateOf } from '../../../../server/domain/shared/centre-date.ts';
import { dayLabel as day } from '../../../../server/domain/shared/date-labels.ts';
import type { AddressView, Customer360 } from './customer-360-types.ts';
import { Fact, FlagChips, Revealable, Section } from './customer-360-parts.tsx';

/** The 360's identity block (masked, revealable) and the address with its history. */
export function Identity({ data, compact }: { data: Customer360; compact: boolean }) {
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
        <FlagChips flags={data.flags} timeZone={data.timeZone} />
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
          {t('panel.since', { date: day(centreDateOf(c.createdAt, data.timeZone), lang, false) })}
        </Typography>
      )}
    </Box>
  );
}

export function AddressLines({
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

export function AddressSection({ data, compact }: { data: Customer360; compact: boolean }) {
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
