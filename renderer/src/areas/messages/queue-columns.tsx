import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CentreTime } from '../../components/CentreTime.tsx';
import { SlaChip, topicLabel, useTopics, type QueueRow } from './shared.tsx';

const column = createColumnHelper<QueueRow>();

/**
 * The queue's columns and their CSS grid template (each virtual row is its own grid, so the
 * widths are fixed per language, never measured from content).
 */
export function useQueueColumns(selected: ReadonlySet<number>, toggle: (id: number) => void) {
  const { t, i18n } = useTranslation('messages');
  const topics = useTopics();
  const columns = useMemo(
    () => [
      column.display({
        id: 'select',
        size: 36,
        header: () => (
          <Box
            component="span"
            sx={{
              position: 'absolute',
              width: 1,
              height: 1,
              overflow: 'hidden',
              clip: 'rect(0 0 0 0)',
            }}
          >
            {t('columns.select')}
          </Box>
        ),
        cell: (c) => (
          <Checkbox
            size="small"
            sx={{ p: 0 }}
            checked={selected.has(c.row.original.id)}
            onClick={(e) => e.stopPropagation()}
            onChange={() => toggle(c.row.original.id)}
            slotProps={{ input: { 'aria-label': `${t('columns.select')} #${c.row.original.id}` } }}
          />
        ),
      }),
      column.accessor('id', {
        header: () => t('columns.id'),
        size: 52,
        cell: (c) => (
          <Box component="span" sx={{ fontVariantNumeric: 'tabular-nums' }}>
            #{c.getValue()}
          </Box>
        ),
      }),
      column.accessor('slaStatus', {
        header: () => t('columns.sla'),
        size: 116,
        cell: (c) => <SlaChip status={c.getValue()} dense />,
      }),
      column.accessor('customerName', { header: () => t('columns.customer'), size: 160 }),
      column.accessor('accountNumber', {
        header: () => t('columns.account'),
        size: 96,
        cell: (c) => (
          <Box component="span" sx={{ fontFamily: 'monospace', fontSize: 12 }}>
            {c.getValue()}
          </Box>
        ),
      }),
      column.accessor('topic', {
        header: () => t('columns.topic'),
        size: 160,
        cell: (c) => topicLabel(topics.data, c.getValue(), i18n.language),
      }),
      column.accessor('preview', { header: () => t('columns.preview'), size: 400 }),
      column.accessor('state', {
        header: () => t('columns.state'),
        size: 136,
        cell: (c) => t(`states.${c.getValue()}`),
      }),
      column.accessor('assigneeName', {
        header: () => t('columns.assignee'),
        size: 116,
        cell: (c) =>
          c.getValue() ?? (
            <Box component="span" sx={{ color: 'text.secondary' }}>
              {t('unassigned')}
            </Box>
          ),
      }),
      column.accessor('lastActivityAt', {
        header: () => t('columns.activity'),
        size: 104,
        cell: (c) => <CentreTime iso={c.getValue()} focusable={false} />,
      }),
    ],
    [t, i18n.language, topics.data, selected, toggle],
  );
  // Fits 1280×720 beside the menu (~1030 px): the text columns shrink to their minimum before
  // anything is cut; SLA, account and Activity keep their full width (French SLA chips are longer).
  const fr = i18n.language.startsWith('fr');
  const tracks: Record<string, string> = {
    slaStatus: fr ? '150px' : '120px',
    customerName: 'minmax(110px, 170px)',
    topic: 'minmax(110px, 170px)',
    preview: 'minmax(150px, 1fr)',
    state: fr ? 'minmax(84px, 150px)' : 'minmax(70px, 120px)',
    assigneeName: 'minmax(90px, 120px)',
    lastActivityAt: fr ? '158px' : '150px',
  };
  // An accessor column's id is its accessor key (the definition carries only the key).
  const idOf = (c: (typeof columns)[number]) =>
    c.id ?? (c as { accessorKey?: string }).accessorKey ?? '';
  const template = columns.map((c) => tracks[idOf(c)] ?? `${c.size}px`).join(' ');

  return { columns, template };
}
