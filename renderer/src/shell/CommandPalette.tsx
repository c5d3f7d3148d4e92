import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Dialog from '@mui/material/Dialog';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useDebounce } from 'use-debounce';
import { useTRPC } from '../trpc.ts';
import { usePaletteActionList } from './palette-actions.tsx';
import { matchesText, parsePaletteQuery } from './palette-query.ts';

export interface Command {
  id: string;
  label: string;
  group: string;
  /** A second line (account numbers, city…), searched too. */
  detail?: string;
  run: () => void;
}

const quiet = { retry: false, staleTime: 30_000, placeholderData: keepPreviousData } as const;

/**
 * Ctrl+K: find a thread (SM-12 or a customer's threads), a customer (the same search as the
 * search box), a dispute case (D-000012), a batch (B-7), a topic, or run a command, including
 * the actions of the screen in view. One Esc closes it.
 */
export function CommandPalette({
  open,
  onClose,
  commands,
}: {
  open: boolean;
  onClose: () => void;
  commands: Command[];
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      // One Esc closes the palette, whatever the list inside is doing.
      onKeyDownCapture={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
      slotProps={{ paper: { sx: { position: 'absolute', top: 80, overflow: 'visible' } } }}
    >
      {open && <PaletteBody onClose={onClose} commands={commands} />}
    </Dialog>
  );
}

function PaletteBody({ onClose, commands }: { onClose: () => void; commands: Command[] }) {
  const { t, i18n } = useTranslation('workspace');
  const trpc = useTRPC();
  const navigate = useNavigate();
  const contextual = usePaletteActionList();
  const [input, setInput] = useState('');
  const [debounced] = useDebounce(input, 150);
  const q = parsePaletteQuery(debounced);
  const go = (path: string) => () => void navigate(path);

  const customers = useQuery({
    ...trpc.customers.search.queryOptions({ q: q.customerText ?? '', limit: 6 }),
    ...quiet,
    enabled: q.customerText !== null,
  });
  const customerThreads = useQuery({
    ...trpc.messages.list.queryOptions({
      view: 'team',
      state: 'any',
      sort: 'activity',
      search: q.customerText ?? '',
      limit: 5,
    }),
    ...quiet,
    enabled: q.customerText !== null,
  });
  const thread = useQuery({
    ...trpc.messages.thread.queryOptions({ id: q.threadId ?? 1 }),
    ...quiet,
    enabled: q.threadId !== null,
  });
  const dispute = useQuery({
    ...trpc.disputes.get.queryOptions({ id: q.caseId ?? 1 }),
    ...quiet,
    enabled: q.caseId !== null,
  });
  const batch = useQuery({
    ...trpc.mailPayments.batches.get.queryOptions({ batchId: q.batchId ?? 1 }),
    ...quiet,
    enabled: q.batchId !== null,
  });
  const topics = useQuery({ ...trpc.messages.topics.queryOptions({}), staleTime: 300_000 });

  const found: Command[] = [];
  if (q.threadId !== null && thread.data && thread.data.thread.id === q.threadId) {
    found.push({
      id: `thread-${q.threadId}`,
      group: t('palette.threads'),
      label: t('palette.openThread', {
        ref: `SM-${q.threadId}`,
        customer: thread.data.customer?.displayName ?? '',
      }),
      run: go(`/messages/${q.threadId}`),
    });
  }
  if (q.customerText !== null) {
    for (const hit of customers.data ?? []) {
      found.push({
        id: `customer-${hit.customerId}`,
        group: t('palette.customers'),
        label: hit.displayName,
        detail: [hit.accounts.map((a) => a.accountNumber).join(', '), hit.city]
          .filter(Boolean)
          .join(' · '),
        run: go(`/customers/${hit.customerId}${hit.accountId ? `?account=${hit.accountId}` : ''}`),
      });
    }
    for (const row of customerThreads.data?.rows ?? []) {
      found.push({
        id: `thread-${row.id}`,
        group: t('palette.threads'),
        label: t('palette.openThread', { ref: `SM-${row.id}`, customer: row.customerName }),
        detail: row.preview,
        run: go(`/messages/${row.id}`),
      });
    }
  }
  if (q.caseId !== null && dispute.data && dispute.data.case.id === q.caseId) {
    found.push({
      id: `case-${q.caseId}`,
      group: t('palette.cases'),
      label: t('palette.openCase', {
        ref: dispute.data.caseNumber,
        customer: dispute.data.customer.displayName,
      }),
      run: go(`/disputes/${q.caseId}`),
    });
  }
  if (q.batchId !== null && batch.data && batch.data.batch.id === q.batchId) {
    const b = batch.data.batch;
    found.push({
      id: `batch-${b.id}`,
      group: t('palette.batches'),
      label: t('palette.openBatch', {
        ref: `B-${b.id}`,
        lockbox: `${batch.data.lockbox.poBox}, ${batch.data.lockbox.city}`,
        status: t(`mailPayments:batchStatus.${b.status}`, { defaultValue: b.status }),
      }),
      run: go(`/mail-payments/batches/${b.id}`),
    });
  }
  if (q.text.length >= 3) {
    for (const topic of topics.data ?? []) {
      const label = i18n.language.startsWith('fr') ? topic.label.fr : topic.label.en;
      if (matchesText(label, q.text) || matchesText(topic.id, q.text)) {
        found.push({
          id: `topic-${topic.id}`,
          group: t('palette.topics'),
          label: t('palette.topicQueue', { topic: label }),
          run: go(`/messages?topic=${encodeURIComponent(topic.id)}&state=any`),
        });
      }
    }
  }
  const here: Command[] = contextual.map((a) => ({ ...a, group: t('palette.actions') }));
  const commandText = input.trim();
  const listed = [...here, ...commands].filter(
    (c) => matchesText(c.label, commandText) || matchesText(c.group, commandText),
  );
  const options = [...found, ...listed];
  const searching =
    (q.customerText !== null && customers.isFetching) ||
    (q.threadId !== null && thread.isFetching) ||
    (q.caseId !== null && dispute.isFetching) ||
    (q.batchId !== null && batch.isFetching);

  return (
    <Autocomplete<Command, false, false, false>
      open
      autoHighlight
      disablePortal
      options={options}
      filterOptions={(x) => x}
      groupBy={(c) => c.group}
      getOptionLabel={(c) => c.label}
      getOptionKey={(c) => c.id}
      inputValue={input}
      onInputChange={(_e, value, reason) => {
        if (reason === 'input' || reason === 'clear') setInput(value);
      }}
      value={null}
      loading={searching && options.length === 0}
      loadingText={t('palette.searching')}
      noOptionsText={t('palette.nothing')}
      onChange={(_e, c) => {
        if (c) {
          onClose();
          c.run();
        }
      }}
      slotProps={{ listbox: { sx: { maxHeight: '60vh' } } }}
      renderOption={({ key, ...props }, c) => (
        <Box component="li" key={key} {...props} data-testid="palette-option">
          <Box sx={{ display: 'flex', flexDirection: 'column', minWidth: 0 }}>
            <Typography variant="body2">{c.label}</Typography>
            {c.detail && (
              <Typography
                variant="caption"
                color="text.secondary"
                sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
              >
                {c.detail}
              </Typography>
            )}
          </Box>
        </Box>
      )}
      renderInput={(params) => (
        <TextField
          {...params}
          autoFocus
          placeholder={t('palette.hint')}
          slotProps={{
            ...params.slotProps,
            htmlInput: {
              ...params.slotProps.htmlInput,
              'aria-label': t('common:shell.commandPalette'),
            },
          }}
          sx={{ p: 1 }}
        />
      )}
    />
  );
}
