import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useCentreTime } from '../../components/CentreTime.tsx';
import { useTRPC, type RouterOutputs } from '../../trpc.ts';

export type QueueRow = RouterOutputs['messages']['list']['rows'][number];
export type SlaStatus = QueueRow['slaStatus'];
export type Topic = RouterOutputs['messages']['topics'][number];

/** Business minutes as "2h 05m" / "3d 4h" (a business day is the centre's, so days are rough). */
export function formatMinutes(
  minutes: number,
  unit: { d: string; h: string; m: string } = { d: 'd', h: 'h', m: 'm' },
): string {
  const m = Math.abs(Math.round(minutes));
  if (m < 60) return `${m}${unit.m}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}${unit.h} ${String(m % 60).padStart(2, '0')}${unit.m}`;
  return `${Math.floor(h / 24)}${unit.d} ${h % 24}${unit.h}`;
}

/** SLA countdown: green while comfortable, amber at risk, red once breached, grey when paused. */
export function SlaChip({ status, dense }: { status: SlaStatus; dense?: boolean }) {
  const { t } = useTranslation('messages');
  const centreTime = useCentreTime();
  if (status.state === 'none') return <span aria-label={t('sla.none')}>{t('sla.none')}</span>;
  const color =
    status.state === 'breached'
      ? 'error'
      : status.state === 'at_risk'
        ? 'warning'
        : status.state === 'paused'
          ? 'default'
          : 'success';
  const minutes = status.remainingMinutes ?? 0;
  const unit = { d: t('sla.unit.d'), h: t('sla.unit.h'), m: t('sla.unit.m') };
  const label =
    status.state === 'paused'
      ? t('sla.paused')
      : minutes < 0 || status.state === 'breached'
        ? t('sla.over', { time: formatMinutes(minutes, unit) })
        : t('sla.left', { time: formatMinutes(minutes, unit) });
  const kind = status.kind === 'first' ? t('sla.first') : t('sla.next');
  const dueAt = status.dueAt ? centreTime(status.dueAt) : null;
  const due = dueAt
    ? `${t('sla.due', { at: dueAt.text })}${dueAt.pcText ? ` (${dueAt.pcText})` : ''}`
    : '';
  return (
    <Tooltip
      title={`${kind}${due ? ` · ${due}` : ''}${status.state === 'at_risk' ? ` · ${t('sla.atRisk')}` : ''}`}
    >
      <Chip
        size="small"
        color={color}
        variant={status.state === 'ok' || status.state === 'paused' ? 'outlined' : 'filled'}
        label={label}
        data-sla={status.state}
        sx={{ height: dense ? 20 : 24, fontSize: 12, fontVariantNumeric: 'tabular-nums' }}
      />
    </Tooltip>
  );
}

/** The topics, for labels and filters (cached: they change only in admin settings). */
export function useTopics() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.messages.topics.queryOptions({}), staleTime: 5 * 60_000 });
}

export function topicLabel(topics: readonly Topic[] | undefined, id: string, lang: string): string {
  const topic = topics?.find((x) => x.id === id);
  if (!topic) return id;
  return lang.startsWith('fr') ? topic.label.fr : topic.label.en;
}

export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions());
}

/** The server's stale-version refusal, if that is what an error is. */
export interface StaleDetail {
  kind: 'stale';
  currentVersion: number;
  state?: string;
  assigneeName?: string | null;
  newer?: Array<{
    id: number;
    direction: 'inbound' | 'outbound' | 'note';
    body: string;
    authorName: string | null;
    createdAt: string;
  }>;
}

export function staleDetailOf(error: unknown): StaleDetail | null {
  const data = (error as { data?: { detail?: unknown } } | null)?.data;
  const detail = data?.detail as StaleDetail | undefined;
  return detail && detail.kind === 'stale' ? detail : null;
}
