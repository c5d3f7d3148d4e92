import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useTranslation } from 'react-i18next';
import { CustomerSearchBox } from '../customers/index.ts';
import type { Context } from './intake-types.ts';

export function CustomerStep({
  selected,
  onPick,
  onNext,
}: {
  selected: Context | null;
  onPick: (id: number) => void;
  onNext: () => void;
}) {
  const { t } = useTranslation('addressChanges');
  return (
    <Stack
      component="form"
      spacing={2}
      onSubmit={(e) => {
        e.preventDefault();
        if (selected) onNext();
      }}
    >
      <CustomerSearchBox
        autoFocus
        clearOnSelect={false}
        label={t('search.label')}
        onSelect={(hit) => onPick(hit.customerId)}
      />
      {selected && (
        <Alert severity="success" data-testid="selected-customer">
          {selected.customer.displayName}
        </Alert>
      )}
      <Box>
        <Button type="submit" variant="contained" disabled={!selected}>
          {t('customer.continue')}
        </Button>
      </Box>
    </Stack>
  );
}
