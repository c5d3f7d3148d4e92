import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { keepPreviousData, useMutation, useQueries, useQuery } from '@tanstack/react-query';
import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ReasonDialog } from '../../components/ReasonDialog.tsx';
import { useShortcutHelp } from '../../shell/shortcuts.tsx';
import { errorMessage, useTRPC, type RouterInputs } from '../../trpc.ts';
import { useQueueColumns } from './queue-columns.tsx';
import { SimulatorControls } from './SimulatorControls.tsx';
import { topicLabel, useMe, useTopics, type QueueRow } from './shared.tsx';

type ListInput = RouterInputs['messages']['list'];
type View = ListInput['view'];
const PAGE = 50;
const ROW_HEIGHT = 34;
const VIEWS: View[] = ['mine', 'unassigned', 'team', 'breached'];
const STATES = [
  'active',
  'new',
  'open',
  'waiting_on_customer',
  'resolved',
  'closed',
  'any',
] as const;
const SORTS = ['sla', 'activity', 'newest', 'oldest'] as const;

/**
 * The queue: one virtualised table over the server's pages. The scroll area is as tall as the
 * whole filtered total; only the pages under the viewport are fetched (50 rows each, cached),
 * so a million messages scroll like fifty. Keyboard: j/k or arrows, Enter, c, n, x.
 */
export function QueueView() {
  const { t, i18n } = useTranslation('messages');
  const trpc = useTRPC();
  const navigate = useNavigate();
  const me = useMe();
  const topics = useTopics();
  const [params, setParams] = useSearchParams();
  const view = (VIEWS.includes(params.get('view') as View) ? params.get('view') : 'team') as View;
  const topic = params.get('topic') || null;
  const state = (STATES as readonly string[]).includes(params.get('state') ?? '')
    ? (params.get('state') as (typeof STATES)[number])
    : 'active';
  const sort = (SORTS as readonly string[]).includes(params.get('sort') ?? '')
    ? (params.get('sort') as (typeof SORTS)[number])
    : 'sla';
  const [searchText, setSearchText] = useState(params.get('q') ?? '');
  const search = useDeferredValue(searchText.trim());
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [closing, setClosing] = useState(false);
  const [assignee, setAssignee] = useState<number | ''>('');
  const [notice, setNotice] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const supervisor = me.data?.role === 'supervisor' || me.data?.role === 'admin';

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setActive(0);
    scrollRef.current?.scrollTo({ top: 0 });
  };
  useEffect(() => {
    const id = setTimeout(() => {
      if ((params.get('q') ?? '') !== searchText.trim()) setParam('q', searchText.trim() || null);
    }, 250);
    return () => clearTimeout(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- debounce on the typed text only
  }, [searchText]);

  const base: Omit<ListInput, 'cursor'> = useMemo(
    () => ({ view, topic, state, sort, search: search || null, limit: PAGE }),
    [view, topic, state, sort, search],
  );
  const counts = useQuery({ ...trpc.messages.counts.queryOptions({}), refetchInterval: 60_000 });
  const first = useQuery({
    ...trpc.messages.list.queryOptions({ ...base, cursor: 0 }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const total = first.data?.total ?? 0;

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const firstPage = Math.floor((items[0]?.index ?? 0) / PAGE);
  const lastPage = Math.floor((items.at(-1)?.index ?? 0) / PAGE);
  const pageNumbers: number[] = [];
  for (let p = Math.max(1, firstPage); p <= lastPage; p++) pageNumbers.push(p);
  const pages = useQueries({
    queries: pageNumbers.map((p) => ({
      ...trpc.messages.list.queryOptions({ ...base, cursor: p * PAGE }),
      refetchInterval: 60_000,
    })),
  });
  const rowAt = (index: number): QueueRow | undefined => {
    const p = Math.floor(index / PAGE);
    const data = p === 0 ? first.data : pages[pageNumbers.indexOf(p)]?.data;
    return data?.rows[index - p * PAGE];
  };

  const loaded = useMemo(() => {
    const out: QueueRow[] = [];
    for (const it of items) {
      const row = rowAt(it.index);
      if (row) out.push(row);
    }
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- recomputed from the fetched pages
  }, [items.map((i) => i.index).join(','), first.data, ...pages.map((p) => p.data)]);

  const toggle = useCallback((id: number) => {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const { columns, template } = useQueueColumns(selected, toggle);
  const table = useReactTable({
    data: loaded,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => String(r.id),
  });
  const tableRows = new Map(table.getRowModel().rows.map((r) => [r.original.id, r]));

  const claim = useMutation(
    trpc.messages.claim.mutationOptions({ onError: (e) => setNotice(errorMessage(e, 'offline')) }),
  );
  const next = useMutation(
    trpc.messages.next.mutationOptions({
      onSuccess: (r) =>
        r.threadId ? void navigate(`/messages/${r.threadId}`) : setNotice(t('actions.nothingNext')),
      onError: (e) => setNotice(errorMessage(e, 'offline')),
    }),
  );
  const assign = useMutation(
    trpc.messages.assign.mutationOptions({
      onSuccess: () => setSelected(new Set()),
      onError: (e) => setNotice(errorMessage(e, 'offline')),
    }),
  );
  const bulkClose = useMutation(
    trpc.messages.bulkClose.mutationOptions({
      onSuccess: () => {
        setSelected(new Set());
        setClosing(false);
      },
    }),
  );
  const agents = useQuery({ ...trpc.messages.agents.queryOptions({}), enabled: supervisor });

  const move = (delta: number) => {
    if (total === 0) return;
    const to = Math.min(total - 1, Math.max(0, active + delta));
    setActive(to);
    virtualizer.scrollToIndex(to, { align: 'auto' });
  };
  const activeRow = rowAt(active);
  useHotkeys('j,down', () => move(1), { preventDefault: true }, [active, total]);
  useHotkeys('k,up', () => move(-1), { preventDefault: true }, [active, total]);
  useHotkeys('pagedown', () => move(15), { preventDefault: true }, [active, total]);
  useHotkeys('pageup', () => move(-15), { preventDefault: true }, [active, total]);
  useHotkeys('enter', () => activeRow && void navigate(`/messages/${activeRow.id}`), [activeRow]);
  useHotkeys('c', () => activeRow && claim.mutate({ threadId: activeRow.id }), [activeRow]);
  useHotkeys('x', () => activeRow && toggle(activeRow.id), [activeRow]);
  useHotkeys('n', () => next.mutate({}), []);
  useShortcutHelp(t('shortcuts.group'), [
    { keys: 'J / K, ↓ / ↑', label: t('shortcuts.move') },
    { keys: 'Enter', label: t('shortcuts.open') },
    { keys: 'C', label: t('shortcuts.claim') },
    { keys: 'N', label: t('shortcuts.next') },
    { keys: 'X', label: t('shortcuts.select') },
  ]);

  return (
    <Paper sx={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }}>
      <Stack
        direction="row"
        spacing={1}
        sx={{ px: 1.5, pt: 1, alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}
      >
        <Typography variant="h6" component="h1" sx={{ fontSize: 17, mr: 1 }}>
          {t('title')}
        </Typography>
        <Tabs
          value={view}
          onChange={(_e, v: View) => setParam('view', v)}
          sx={{ minHeight: 36, '& .MuiTab-root': { minHeight: 36, py: 0 } }}
        >
          {VIEWS.map((v) => (
            <Tab
              key={v}
              value={v}
              label={`${t(`views.${v}`)}${counts.data ? ` (${counts.data[v].toLocaleString(i18n.language)})` : ''}`}
            />
          ))}
        </Tabs>
        <Box sx={{ flex: 1 }} />
        <Button
          variant="contained"
          size="small"
          onClick={() => next.mutate({})}
          disabled={next.isPending}
        >
          {t('actions.next')}
        </Button>
        <Button size="small" onClick={() => void navigate('/messages/outbox')}>
          {t('actions.outbox')}
        </Button>
        {(me.data?.role === 'trainer' || me.data?.role === 'admin') && <SimulatorControls />}
      </Stack>
      <Stack direction="row" spacing={1} sx={{ px: 1.5, py: 1, alignItems: 'center' }}>
        <TextField
          size="small"
          label={t('filters.searchLabel')}
          placeholder={t('filters.search')}
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          sx={{ width: 260 }}
        />
        <TextField
          select
          size="small"
          label={t('filters.topic')}
          value={topic ?? ''}
          onChange={(e) => setParam('topic', e.target.value || null)}
          sx={{ width: 220 }}
        >
          <MenuItem value="">{t('filters.allTopics')}</MenuItem>
          {(topics.data ?? []).map((tp) => (
            <MenuItem key={tp.id} value={tp.id}>
              {topicLabel(topics.data, tp.id, i18n.language)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label={t('filters.state')}
          value={state}
          onChange={(e) => setParam('state', e.target.value === 'active' ? null : e.target.value)}
          sx={{ width: 190 }}
        >
          {STATES.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`states.${s}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label={t('filters.sort')}
          value={sort}
          onChange={(e) => setParam('sort', e.target.value === 'sla' ? null : e.target.value)}
          sx={{ width: 170 }}
        >
          {SORTS.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`sorts.${s}`)}
            </MenuItem>
          ))}
        </TextField>
        <Typography variant="body2" sx={{ color: 'text.secondary' }} data-testid="queue-total">
          {t('total', { count: total })}
        </Typography>
        <Box sx={{ flex: 1 }} />
        {supervisor && selected.size > 0 && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography variant="body2">
              {t('actions.selected', { count: selected.size })}
            </Typography>
            <TextField
              select
              size="small"
              label={t('actions.assignTo')}
              value={assignee}
              onChange={(e) => setAssignee(Number(e.target.value))}
              sx={{ width: 170 }}
            >
              {(agents.data ?? []).map((a) => (
                <MenuItem key={a.id} value={a.id}>
                  {a.displayName} ({a.load})
                </MenuItem>
              ))}
            </TextField>
            <Button
              size="small"
              variant="outlined"
              disabled={assignee === '' || assign.isPending}
              onClick={() =>
                assignee !== '' && assign.mutate({ threadIds: [...selected], userId: assignee })
              }
            >
              {t('actions.assign')}
            </Button>
            <Button size="small" color="error" variant="outlined" onClick={() => setClosing(true)}>
              {t('actions.bulkClose')}
            </Button>
          </Stack>
        )}
      </Stack>
      {notice && (
        <Alert severity="info" onClose={() => setNotice(null)} sx={{ mx: 1.5, mb: 1 }}>
          {notice}
        </Alert>
      )}
      <Box
        role="table"
        aria-label={t('title')}
        aria-rowcount={total}
        sx={{
          display: 'flex',
          flexDirection: 'column',
          flex: 1,
          minHeight: 0,
          borderTop: 1,
          borderColor: 'divider',
        }}
      >
        <Box
          role="row"
          sx={{
            display: 'grid',
            gridTemplateColumns: template,
            px: 1,
            py: 0.5,
            bgcolor: 'action.hover',
            fontSize: 12,
            fontWeight: 600,
            color: 'text.secondary',
          }}
        >
          {table.getFlatHeaders().map((h) => (
            <Box
              role="columnheader"
              key={h.id}
              sx={{ overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis', pr: 1 }}
            >
              {flexRender(h.column.columnDef.header, h.getContext())}
            </Box>
          ))}
        </Box>
        <Box
          ref={scrollRef}
          sx={{ flex: 1, overflow: 'auto', position: 'relative' }}
          data-testid="queue-scroll"
        >
          {total === 0 && !first.isPending && (
            <Typography sx={{ p: 3, color: 'text.secondary' }}>{t('empty')}</Typography>
          )}
          <Box sx={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rowAt(item.index);
              const tableRow = row ? tableRows.get(row.id) : undefined;
              const isActive = item.index === active;
              return (
                <Box
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 1}
                  aria-selected={isActive}
                  data-thread-id={row?.id}
                  onClick={() => {
                    setActive(item.index);
                    if (row) void navigate(`/messages/${row.id}`);
                  }}
                  sx={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: ROW_HEIGHT,
                    transform: `translateY(${item.start}px)`,
                    display: 'grid',
                    gridTemplateColumns: template,
                    alignItems: 'center',
                    px: 1,
                    fontSize: 13,
                    borderBottom: 1,
                    borderColor: 'divider',
                    cursor: 'pointer',
                    bgcolor: isActive
                      ? 'action.selected'
                      : row?.slaStatus.state === 'breached'
                        ? 'rgba(211,47,47,0.04)'
                        : undefined,
                    outline: isActive ? '2px solid' : 'none',
                    outlineColor: 'primary.main',
                    outlineOffset: -2,
                    fontWeight: row?.state === 'new' ? 600 : 400,
                  }}
                >
                  {tableRow ? (
                    tableRow.getVisibleCells().map((cell) => (
                      <Box
                        role="cell"
                        key={cell.id}
                        sx={{
                          overflow: 'hidden',
                          whiteSpace: 'nowrap',
                          textOverflow: 'ellipsis',
                          pr: 1,
                        }}
                      >
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </Box>
                    ))
                  ) : (
                    <Box role="cell" sx={{ color: 'text.disabled', gridColumn: '1 / -1' }}>
                      {t('loadingRow')}
                    </Box>
                  )}
                </Box>
              );
            })}
          </Box>
        </Box>
      </Box>
      <ReasonDialog
        open={closing}
        title={t('actions.closeReason', { count: selected.size })}
        busy={bulkClose.isPending}
        error={bulkClose.error ? errorMessage(bulkClose.error, 'offline') : null}
        onCancel={() => setClosing(false)}
        onConfirm={(reason) => bulkClose.mutate({ threadIds: [...selected], reason })}
      />
    </Paper>
  );
}
