import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import AutorenewIcon from '@mui/icons-material/Autorenew';
import GavelIcon from '@mui/icons-material/Gavel';
import HomeWorkIcon from '@mui/icons-material/HomeWork';
import MailIcon from '@mui/icons-material/Mail';
import MarkunreadMailboxIcon from '@mui/icons-material/MarkunreadMailbox';
import PhoneIcon from '@mui/icons-material/Phone';
import PhoneForwardedIcon from '@mui/icons-material/PhoneForwarded';
import ReplyIcon from '@mui/icons-material/Reply';
import TimelineIcon from '@mui/icons-material/Timeline';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, useTRPC, type RouterInputs, type RouterOutputs } from '../../trpc.ts';
import { dayLabel as day } from '../../../../server/domain/shared/date-labels.ts';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';
import { useCentreTime } from '../../components/CentreTime.tsx';
import { useOpenCallLetter } from './PayoffLetter.tsx';
import { topicLabel, useTopics } from '../messages/shared.tsx';
import { useServerText } from '../../server-text.ts';

type Kind = NonNullable<RouterInputs['calls']['timeline']['kinds']>[number];
type Item = RouterOutputs['calls']['timeline']['items'][number];

/** The filter chips: each groups one or more kinds of item. */
const FILTERS: ReadonlyArray<{ id: string; kinds: Kind[] }> = [
  { id: 'calls', kinds: ['call', 'call-action'] },
  { id: 'messages', kinds: ['message'] },
  { id: 'letters', kinds: ['letter'] },
  { id: 'disputes', kinds: ['dispute', 'dispute-step'] },
  { id: 'addresses', kinds: ['address-change'] },
  { id: 'payments', kinds: ['payment', 'payment-return'] },
  { id: 'easypay', kinds: ['easypay-change'] },
];

const ICONS: Record<Kind, ReactElement> = {
  call: <PhoneIcon fontSize="small" />,
  'call-action': <PhoneForwardedIcon fontSize="small" />,
  message: <MailIcon fontSize="small" />,
  letter: <MarkunreadMailboxIcon fontSize="small" />,
  dispute: <GavelIcon fontSize="small" />,
  'dispute-step': <GavelIcon fontSize="small" color="disabled" />,
  'address-change': <HomeWorkIcon fontSize="small" />,
  payment: <AccountBalanceIcon fontSize="small" />,
  'payment-return': <ReplyIcon fontSize="small" color="error" />,
  'easypay-change': <AutorenewIcon fontSize="small" />,
};

/**
 * Every contact and money event on the customer's record, newest first, in one list: calls,
 * secure messages, letters, disputes and their steps, address changes, payments and returns,
 * EasyPay changes. Paged by the server (keyset): "Load more" asks for the next page only.
 *
 * @example <CustomerTimeline customerId={12} timeZone="America/New_York" />
 */
export function CustomerTimeline({
  customerId,
  timeZone,
  pageSize = 20,
}: {
  customerId: number;
  timeZone: string;
  pageSize?: number;
}) {
  const { t, i18n } = useTranslation('calls');
  const lang = i18n.language;
  const trpc = useTRPC();
  const [filters, setFilters] = useState<string[]>([]);
  const kinds = FILTERS.filter((f) => filters.includes(f.id)).flatMap((f) => f.kinds);
  const pages = useInfiniteQuery(
    trpc.calls.timeline.infiniteQueryOptions(
      { customerId, limit: pageSize, ...(kinds.length > 0 ? { kinds } : {}) },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const toggle = (id: string) =>
    setFilters((f) => (f.includes(id) ? f.filter((x) => x !== id) : [...f, id]));

  return (
    <Box component="section" aria-label={t('timeline.title')} data-testid="customer-timeline">
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, mb: 1, flexWrap: 'wrap' }}>
        <TimelineIcon fontSize="small" color="action" />
        <Typography
          variant="overline"
          component="h2"
          sx={{ lineHeight: 1.6, color: 'text.secondary', fontWeight: 700, mr: 1 }}
        >
          {t('timeline.title')}
        </Typography>
        {FILTERS.map((f) => (
          <Chip
            key={f.id}
            size="small"
            label={t(`timeline.filter.${f.id}`)}
            color={filters.includes(f.id) ? 'primary' : 'default'}
            variant={filters.includes(f.id) ? 'filled' : 'outlined'}
            onClick={() => toggle(f.id)}
            aria-pressed={filters.includes(f.id)}
          />
        ))}
      </Stack>
      {pages.isPending && <CircularProgress size={20} aria-label={t('timeline.loading')} />}
      {pages.isError && (
        <Alert severity="error">{errorMessage(pages.error, t('timeline.loading'))}</Alert>
      )}
      {pages.isSuccess && items.length === 0 && (
        <Typography color="text.secondary">{t('timeline.empty')}</Typography>
      )}
      <List dense disablePadding>
        {items.map((item) => (
          <TimelineEntry
            key={`${item.kind}:${item.refId}`}
            item={item}
            lang={lang}
            timeZone={timeZone}
          />
        ))}
      </List>
      {pages.hasNextPage && (
        <Button
          size="small"
          onClick={() => void pages.fetchNextPage()}
          disabled={pages.isFetchingNextPage}
        >
          {t('timeline.more')}
        </Button>
      )}
    </Box>
  );
}

function TimelineEntry({ item, lang, timeZone }: { item: Item; lang: string; timeZone: string }) {
  const { t } = useTranslation('calls');
  const centreTime = useCentreTime(timeZone);
  const openLetter = useOpenCallLetter();
  /** A call action points at what it produced: "call-letter:12" opens that letter. */
  const letterId =
    item.kind === 'call-action' && item.status?.startsWith('call-letter:')
      ? Number(item.status.slice('call-letter:'.length))
      : null;
  const when = item.dateOnly
    ? // eslint-disable-next-line no-restricted-syntax -- a date-only ledger line's `at` is its posted_on (a calendar date) + 'T12:00:00.000Z' (db/repositories/timeline.ts), so the cut gives back that date
      day(item.at.slice(0, 10), lang)
    : centreTime(item.at, 'long').text;
  const topics = useTopics();
  const { t: tAll } = useTranslation(['calls', 'messages', 'disputes']);
  const serverText = useServerText();
  /** Never a raw code on screen: the words for it, or the code made readable. */
  const readable = (code: string) => code.replace(/[_-]+/g, ' ');
  const labelOf = (code: string): string => {
    switch (item.kind) {
      case 'message':
        return topicLabel(topics.data, code, lang);
      case 'dispute':
        return tAll(`disputes:errorType.${code}`, { defaultValue: readable(code) });
      default:
        return t(`timeline.label.${code}`, { defaultValue: readable(code) });
    }
  };
  const statusOf = (code: string): string => {
    switch (item.kind) {
      case 'message':
        return tAll(`messages:states.${code}`, { defaultValue: readable(code) });
      case 'dispute':
        return tAll(`disputes:stage.${code}`, { defaultValue: readable(code) });
      case 'letter':
        return code.toUpperCase(); // the letter's language: EN / FR
      case 'dispute-step':
        return code; // who did it: a person's name
      default:
        return t(`timeline.status.${code}`, { defaultValue: readable(code) });
    }
  };
  const title = t(`timeline.kind.${item.kind}`, { label: labelOf(item.label) });
  const secondary = [
    when,
    item.accountNumber,
    item.amountCents !== null ? money(Math.abs(item.amountCents), lang) : null,
    item.status && item.kind !== 'call-action' ? statusOf(item.status) : null,
    item.message ? serverText(item.message) : item.detail,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <ListItem
      disableGutters
      data-testid="timeline-item"
      data-kind={item.kind}
      sx={{ alignItems: 'flex-start' }}
    >
      <ListItemIcon sx={{ minWidth: 32, mt: 0.5 }}>{ICONS[item.kind]}</ListItemIcon>
      <ListItemText
        primary={title}
        secondary={secondary}
        slotProps={{ secondary: { sx: { whiteSpace: 'pre-line', wordBreak: 'break-word' } } }}
      />
      {letterId && (
        <Button
          size="small"
          sx={{ flexShrink: 0, ml: 1 }}
          onClick={() => void openLetter(letterId)}
        >
          {t('timeline.openLetter')}
        </Button>
      )}
    </ListItem>
  );
}
