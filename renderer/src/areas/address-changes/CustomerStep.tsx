import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useTranslation } from 'react-i18next';
import { WhyDisabled } from '../../components/WhyDisabled.tsx';
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
      <Stack direction="row" spacing={1}>
        <Button
          type="submit"
          variant="contained"
          disabled={!selected}
          aria-describedby={selected ? undefined : 'customer-why'}
        >
          {t('customer.continue')}
        </Button>
        <WhyDisabled id="customer-why" missing={selected ? [] : [t('customer.missing')]} />
      </Stack>
    </Stack>
  );
}
