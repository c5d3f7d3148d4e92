import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC, type RouterOutputs } from '../../trpc.ts';
import { dayLabel as day } from '../../../../server/domain/shared/date-labels.ts';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';

type Line = RouterOutputs['customers']['ledger']['lines'][number];

const ROW_HEIGHT = 34;
const column = createColumnHelper<Line>();

/**
 * An account's ledger, newest first, with the running balance. Virtualised (only the visible
 * rows are in the DOM), so an 84-month semi-monthly loan scrolls as lightly as a new lease.
 * The scroll area takes the focus: ↑ ↓ PgUp PgDn Home End move through it.
 */
/** Below 600 px wide the Charge and Credit columns give way to one signed Amount column. */
const NARROW = {
  '& th, & td': { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  '& .col-date': { width: 112 },
  '& .col-charge, & .col-credit': { width: 112 },
  '& .col-balance': { width: 120 },
  '& .col-amount, & .d-short': { display: 'none' },
  '@container (max-width: 600px)': {
    '& table': { fontSize: 13 },
    '& th, & td': { px: 0.5 },
    '& .col-charge, & .col-credit, & .d-long': { display: 'none' },
    '& .col-amount': { display: 'table-cell', width: 88 },
    '& .d-short': { display: 'inline' },
    '& .col-date': { width: 70 },
    '& .col-balance': { width: 88 },
  },
} as const;

/**
 * The virtual scroll's spacer rows span no more columns than the narrow layout shows: hidden
 * columns (display: none) must not come back as empty slots.
 */
const SPACER_SPAN = 4;

/** '2026-11-17' → "11/17/26" / "26-11-17" (the narrow ledger's date column). */
function shortDay(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang.startsWith('fr') ? 'fr-CA' : 'en-US', {
    year: '2-digit',
    month: 'numeric',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T12:00:00Z`));
}

export function LedgerTable({ accountId, height = 360 }: { accountId: number; height?: number }) {
  const { t, i18n } = useTranslation('customers');
  const lang = i18n.language;
  const trpc = useTRPC();
  const ledger = useQuery(trpc.customers.ledger.queryOptions({ accountId }));
  const lines = useMemo(() => ledger.data?.lines ?? [], [ledger.data]);

  const columns = useMemo(
    () => [
      column.accessor('date', {
        header: () => t('ledger.date'),
        cell: (c) => (
          <>
            <span className="d-long">{day(c.getValue(), lang, false)}</span>
            <span className="d-short" title={day(c.getValue(), lang, false)}>
              {shortDay(c.getValue(), lang)}
            </span>
          </>
        ),
      }),
      column.display({
        id: 'description',
        header: () => t('ledger.description'),
        cell: ({ row }) => {
          const l = row.original;
          const kind = t(`ledger.kind.${l.kind}`);
          const code = l.code ? t(`ledger.code.${l.code}`, { defaultValue: l.code }) : null;
          const text = [kind, code, l.description].filter(Boolean).join(' · ');
          return <span title={text}>{text}</span>;
        },
      }),
      column.display({
        id: 'charge',
        header: () => t('ledger.charge'),
        cell: ({ row }) =>
          row.original.amountCents > 0 ? money(row.original.amountCents, lang) : '',
        meta: { align: 'right' },
      }),
      column.display({
        id: 'credit',
        header: () => t('ledger.credit'),
        cell: ({ row }) =>
          row.original.amountCents < 0 ? money(-row.original.amountCents, lang) : '',
        meta: { align: 'right' },
      }),
      // Narrow (the 360 beside a thread): one signed Amount column instead of Charge and Credit,
      // so the amounts fit without a horizontal scroll (see NARROW below).
      column.display({
        id: 'amount',
        header: () => t('ledger.amount'),
        cell: ({ row }) =>
          row.original.amountCents < 0
            ? `−${money(-row.original.amountCents, lang)}`
            : money(row.original.amountCents, lang),
        meta: { align: 'right' },
      }),
      column.accessor('balanceCents', {
        header: () => t('ledger.balance'),
        cell: (c) => money(c.getValue(), lang),
        meta: { align: 'right' },
      }),
    ],
    [t, lang],
  );

  const table = useReactTable({
    data: lines,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (l) => l.key,
  });
  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  if (ledger.isPending) return <CircularProgress size={24} aria-label={t('panel.loading')} />;
  if (lines.length === 0)
    return <Typography color="text.secondary">{t('ledger.empty')}</Typography>;

  const align = (meta: unknown) =>
    (meta as { align?: 'right' } | undefined)?.align === 'right' ? 'right' : 'left';
  return (
    <Box>
      <Box
        ref={scrollRef}
        tabIndex={0}
        role="region"
        aria-label={t('account.ledger')}
        data-testid="ledger-table"
        sx={{
          height,
          overflow: 'auto',
          containerType: 'inline-size',
          ...NARROW,
          border: 1,
          borderColor: 'divider',
          borderRadius: 1,
          '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main' },
        }}
      >
        <Box
          component="table"
          sx={{ width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed', fontSize: 14 }}
        >
          <Box
            component="thead"
            sx={{
              position: 'sticky',
              top: 0,
              bgcolor: 'background.paper',
              zIndex: 1,
              boxShadow: 1,
            }}
          >
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((h) => (
                  <Box
                    component="th"
                    key={h.id}
                    className={`col-${h.column.id}`}
                    sx={{
                      textAlign: align(h.column.columnDef.meta),
                      px: 1,
                      py: 0.75,
                      fontWeight: 600,
                    }}
                  >
                    {flexRender(h.column.columnDef.header, h.getContext())}
                  </Box>
                ))}
              </tr>
            ))}
          </Box>
          <tbody>
            {padTop > 0 && (
              <tr aria-hidden>
                <td colSpan={SPACER_SPAN} style={{ height: padTop, padding: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              const installment = row.original.kind === 'installment';
              return (
                <Box
                  component="tr"
                  key={row.id}
                  data-testid="ledger-row"
                  sx={{
                    height: ROW_HEIGHT,
                    borderTop: 1,
                    borderColor: 'divider',
                    color: installment ? 'text.secondary' : 'text.primary',
                  }}
                >
                  {row.getVisibleCells().map((cell) => (
                    <Box
                      component="td"
                      key={cell.id}
                      className={`col-${cell.column.id}`}

                      sx={{
                        px: 1,
                        textAlign: align(cell.column.columnDef.meta),
                        whiteSpace: 'nowrap',
                        overflow: 'hidden',
                        textOverflow: 'ellipsis',
                        fontVariantNumeric: 'tabular-nums',
                      }}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </Box>
                  ))}
                </Box>
              );
            })}
            {padBottom > 0 && (
              <tr aria-hidden>
                <td colSpan={SPACER_SPAN} style={{ height: padBottom, padding: 0 }} />
              </tr>
            )}
          </tbody>
        </Box>
      </Box>
      <Typography variant="caption" color="text.secondary">
        {t('ledger.rows', { count: lines.length })}
      </Typography>
    </Box>
  );
}
