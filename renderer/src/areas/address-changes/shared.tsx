import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatCents } from '../../../../server/domain/shared/money.ts';
import { useTRPC, type RouterOutputs } from '../../trpc.ts';
import { useCentreTime } from '../../components/CentreTime.tsx';

export type ChangeRow = RouterOutputs['addressChanges']['context']['changes'][number];
export type RedFlagRow = ChangeRow['redFlags'][number];
export type LetterRow = RouterOutputs['addressChanges']['get']['letters'][number];

export interface PrintableAddress {
  line1: string;
  line2: string | null;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

/** An address as it prints on an envelope. */
export function AddressBlock({
  address,
  testId,
}: {
  address: PrintableAddress | null | undefined;
  testId?: string;
}) {
  const { t } = useTranslation('addressChanges');
  if (!address) return <Typography color="text.secondary">{t('customer.none')}</Typography>;
  return (
    <Typography
      component="div"
      data-testid={testId}
      sx={{ fontFamily: 'monospace', whiteSpace: 'pre-line', lineHeight: 1.4 }}
    >
      {[
        address.line1,
        address.line2,
        `${address.city} ${address.region}  ${address.postalCode}`,
        address.country === 'CA' ? 'CANADA' : null,
      ]
        .filter(Boolean)
        .join('\n')}
    </Typography>
  );
}

/** Red flags in the user's language (the server's English detail as a fallback). */
export function FlagList({ flags, dense }: { flags: readonly RedFlagRow[]; dense?: boolean }) {
  const { t } = useTranslation('addressChanges');
  return (
    <List dense={dense} disablePadding data-testid="red-flags">
      {flags.map((f) => (
        <ListItem key={f.kind} disableGutters sx={{ py: 0 }}>
          <ListItemText
            primary={`⚑ ${t(`flags.${f.kind}`, { ...f.facts, ...(typeof f.facts.failures === 'number' ? { count: f.facts.failures } : {}), requestKind: f.facts.requestKind ? t(`request.${String(f.facts.requestKind)}`) : '', defaultValue: f.detail })}`}
          />
        </ListItem>
      ))}
    </List>
  );
}

export function StatusChip({
  status,
  effectiveFrom,
  today,
}: {
  status: ChangeRow['status'];
  effectiveFrom: string;
  today: string;
}) {
  const { t } = useTranslation('addressChanges');
  const scheduled = status === 'applied' && effectiveFrom > today;
  const color =
    status === 'applied'
      ? 'success'
      : status === 'pending_approval' || status === 'in_review'
        ? 'warning'
        : 'default';
  return (
    <Chip
      size="small"
      color={color}
      data-testid="change-status"
      label={scheduled ? t('status.scheduled', { date: effectiveFrom }) : t(`status.${status}`)}
    />
  );
}

/** Opens a stored letter PDF in a new tab (fetched through tRPC: the session cookie applies). */
export function LetterList({ letters }: { letters: readonly LetterRow[] }) {
  const { t } = useTranslation('addressChanges');
  const centreTime = useCentreTime();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const open = async (letterId: number) => {
    const file = await queryClient.fetchQuery(
      trpc.addressChanges.letterPdf.queryOptions({ letterId }),
    );
    const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
    window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  if (letters.length === 0) return <Alert severity="info">—</Alert>;
  return (
    <List dense data-testid="letters">
      {letters.map((l) => (
        <ListItem
          key={l.id}
          data-testid={`letter-${l.recipient}`}
          secondaryAction={
            l.hasPdf ? (
              <Button size="small" onClick={() => void open(l.id)}>
                {t('done.open')}
              </Button>
            ) : undefined
          }
        >
          <ListItemText
            primary={`${l.recipient === 'old' ? t('done.letterOld') : t('done.letterNew')} · ${l.language.toUpperCase()} · ${t('done.sent', { time: centreTime(l.sentAt).text })}`}
            secondary={l.mailingAddress.split('\n').join(' / ')}
          />
        </ListItem>
      ))}
    </List>
  );
}

export function formatMoney(cents: number | null, language: string): string {
  return cents === null ? '—' : formatCents(cents, language);
}
