import FlagIcon from '@mui/icons-material/Flag';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ReasonDialog } from '../../components/ReasonDialog.tsx';
import { errorMessage, useTRPC } from '../../trpc.ts';
import { centreDateOf } from '../../../../server/domain/shared/centre-date.ts';
import { dayLabel as day } from '../../../../server/domain/shared/date-labels.ts';
import type { Customer360 } from './customer-360-types.ts';

/** Small building blocks of the customer 360: a titled section, a labelled fact, flag chips, a masked value with its audited reveal. */
export function Section({
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

export function Fact({
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

/** Flag chips; each one's tooltip gives the day it was raised, in the centre's zone. */
export function FlagChips({ flags, timeZone }: { flags: Customer360['flags']; timeZone: string }) {
  const { t, i18n } = useTranslation('customers');
  if (flags.length === 0) return null;
  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
      {flags.map((f) => (
        <Tooltip
          key={f.id}
          title={`${f.note ?? ''} (${day(centreDateOf(f.raisedAt, timeZone), i18n.language, false)})`}
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
export function Revealable({
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
