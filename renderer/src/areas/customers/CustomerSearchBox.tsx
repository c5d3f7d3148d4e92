import SearchIcon from '@mui/icons-material/Search';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounce } from 'use-debounce';
import { useTRPC, type RouterOutputs } from '../../trpc.ts';

export type CustomerSearchHit = RouterOutputs['customers']['search'][number];

export interface CustomerSearchBoxProps {
  /** Called with the picked customer (and the account the query matched, if any). */
  onSelect: (hit: CustomerSearchHit) => void;
  autoFocus?: boolean;
  size?: 'small' | 'medium';
  /** Empty the box after a pick (default true): ready for the next caller. */
  clearOnSelect?: boolean;
  label?: string;
  /** Defaults to 'customer-search'. */
  testId?: string;
  /** The text input, e.g. to focus it from a keyboard shortcut. */
  inputRef?: React.Ref<HTMLInputElement>;
}

/**
 * The one search box, usable on any screen: account number, VIN (full or last 8), name (accents
 * optional), phone or e-mail. Keyboard-first: ↑ ↓ move through the results, Enter opens the
 * highlighted one (the first is highlighted as you type), Esc clears.
 *
 * @example <CustomerSearchBox onSelect={(hit) => navigate(`/customers/${hit.customerId}`)} autoFocus />
 */
export function CustomerSearchBox({
  onSelect,
  autoFocus,
  size = 'medium',
  clearOnSelect = true,
  label,
  testId = 'customer-search',
  inputRef,
}: CustomerSearchBoxProps) {
  const { t } = useTranslation('customers');
  const trpc = useTRPC();
  const [input, setInput] = useState('');
  const [q] = useDebounce(input.trim(), 120);
  const enabled = q.length >= 2;
  const results = useQuery({
    ...trpc.customers.search.queryOptions({ q, limit: 12 }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const options = enabled ? (results.data ?? []) : [];

  return (
    <Autocomplete<CustomerSearchHit, false, false, false>
      data-testid={testId}
      options={options}
      filterOptions={(x) => x}
      autoHighlight
      clearOnEscape
      selectOnFocus
      handleHomeEndKeys
      value={null}
      inputValue={input}
      onInputChange={(_e, value, reason) => {
        if (reason !== 'reset') setInput(value);
      }}
      onChange={(_e, hit) => {
        if (!hit) return;
        if (clearOnSelect) setInput('');
        onSelect(hit);
      }}
      getOptionLabel={(hit) => hit.displayName}
      getOptionKey={(hit) => `${hit.customerId}`}
      isOptionEqualToValue={(a, b) => a.customerId === b.customerId}
      loading={enabled && results.isFetching}
      loadingText={t('search.loading')}
      noOptionsText={enabled ? t('search.noResults', { q }) : t('search.typeMore')}
      renderOption={({ key, ...props }, hit) => (
        <Box component="li" key={key} {...props} data-testid="customer-search-option">
          <Box sx={{ display: 'flex', flexDirection: 'column', width: '100%', gap: 0.25 }}>
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
              <Typography sx={{ fontWeight: 600 }}>{hit.displayName}</Typography>
              <Chip size="small" variant="outlined" label={t(`search.matched.${hit.matchedOn}`)} />
              <Box sx={{ flex: 1 }} />
              <Typography variant="caption" color="text.secondary">
                {[hit.city, hit.region].filter(Boolean).join(', ')}
              </Typography>
            </Box>
            <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
              {hit.accounts
                .slice(0, 3)
                .map((a) => `${a.accountNumber} · ${a.vehicle} · …${a.vinLast8}`)
                .join('   ')}
              {hit.accounts.length > 3 ? ` +${hit.accounts.length - 3}` : ''}
            </Typography>
          </Box>
        </Box>
      )}
      renderInput={(params) => (
        <TextField
          {...params}
          inputRef={inputRef}
          autoFocus={autoFocus}
          size={size}
          label={label ?? t('search.label')}
          placeholder={t('search.placeholder')}
          slotProps={{
            ...params.slotProps,
            input: {
              ...params.slotProps.input,
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon fontSize="small" />
                </InputAdornment>
              ),
            },
          }}
        />
      )}
    />
  );
}
