import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormLabel from '@mui/material/FormLabel';
import Grid from '@mui/material/Grid';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useDebounce } from 'use-debounce';
import { useTRPC } from '../../trpc.ts';
import { useServerText } from '../../server-text.ts';
import { WhyDisabled } from '../../components/WhyDisabled.tsx';
import { AddressBlock } from './shared.tsx';
import type { AddressForm, Context } from './intake-types.ts';

export function AddressStep(props: {
  context: Context;
  address: AddressForm;
  setAddress: (a: AddressForm) => void;
  accountIds: number[];
  setAccountIds: (ids: number[]) => void;
  effectiveFrom: string;
  setEffectiveFrom: (d: string) => void;
  reason: string;
  setReason: (r: string) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation('addressChanges');
  const trpc = useTRPC();
  const { address } = props;
  const [debounced] = useDebounce(address, 250);
  const normalized = useQuery({
    ...trpc.addressChanges.normalize.queryOptions({ address: debounced }),
    enabled: debounced.line1.trim() !== '' || debounced.postalCode.trim() !== '',
    placeholderData: keepPreviousData,
  });
  const result = normalized.data;
  const text = useServerText();
  // The server's field reasons are message keys: shown in the agent's language.
  const reasons = result && !result.ok ? result.fields : {};
  const errs: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(reasons).map(([field, reason]) => [field, text(reason)]),
  );
  const set = (k: keyof AddressForm) => (e: React.ChangeEvent<HTMLInputElement>) =>
    props.setAddress({ ...address, [k]: e.target.value });
  const us = address.country === 'US';
  const fresh = debounced === address;
  const missing = [
    ...(!fresh || normalized.isFetching
      ? [t('address.missing.checking')]
      : result?.ok
        ? []
        : [t('address.missing.address')]),
    ...(props.accountIds.length > 0 ? [] : [t('address.missing.account')]),
    ...(props.reason.trim().length >= 3 ? [] : [t('address.missing.reason')]),
    ...(props.effectiveFrom >= props.context.today ? [] : [t('address.missing.effectiveFrom')]),
  ];
  const ready = Boolean(result?.ok) && fresh && missing.length === 0;
  return (
    <Stack
      component="form"
      spacing={2}
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) props.onNext();
      }}
    >
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, sm: 4 }}>
          <TextField
            select
            fullWidth
            label={t('address.country')}
            value={address.country}
            onChange={(e) =>
              props.setAddress({ ...address, country: e.target.value as 'US' | 'CA' })
            }
          >
            <MenuItem value="US">{t('address.US')}</MenuItem>
            <MenuItem value="CA">{t('address.CA')}</MenuItem>
          </TextField>
        </Grid>
        <Grid size={{ xs: 12, sm: 8 }}>
          <TextField
            fullWidth
            autoFocus
            label={t('address.line1')}
            value={address.line1}
            onChange={set('line1')}
            error={Boolean(errs.line1)}
            helperText={errs.line1}
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 4 }}>
          <TextField
            fullWidth
            label={t('address.line2')}
            value={address.line2 ?? ''}
            onChange={set('line2')}
            error={Boolean(errs.line2)}
            helperText={errs.line2}
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 3 }}>
          <TextField
            fullWidth
            label={t('address.city')}
            value={address.city}
            onChange={set('city')}
            error={Boolean(errs.city)}
            helperText={errs.city}
          />
        </Grid>
        <Grid size={{ xs: 6, sm: 2 }}>
          <TextField
            fullWidth
            label={us ? t('address.regionUS') : t('address.regionCA')}
            value={address.region}
            onChange={set('region')}
            error={Boolean(errs.region)}
            helperText={errs.region}
          />
        </Grid>
        <Grid size={{ xs: 6, sm: 3 }}>
          <TextField
            fullWidth
            label={us ? t('address.postalUS') : t('address.postalCA')}
            value={address.postalCode}
            onChange={set('postalCode')}
            error={Boolean(errs.postalCode)}
            helperText={errs.postalCode}
          />
        </Grid>
      </Grid>
      <Paper
        variant="outlined"
        sx={{ p: 1.5, bgcolor: 'action.hover' }}
        data-testid="normalized-preview"
      >
        <Typography variant="overline">{t('address.normalized')}</Typography>
        {result?.ok ? (
          <AddressBlock address={result.address} testId="normalized-address" />
        ) : (
          <Typography color="text.secondary">{t('address.invalid')}</Typography>
        )}
      </Paper>
      <FormGroup>
        <FormLabel>{t('address.accounts')}</FormLabel>
        {props.context.accounts.map((a) => (
          <FormControlLabel
            key={a.id}
            control={
              <Checkbox
                checked={props.accountIds.includes(a.id)}
                onChange={(e) =>
                  props.setAccountIds(
                    e.target.checked
                      ? [...props.accountIds, a.id]
                      : props.accountIds.filter((x) => x !== a.id),
                  )
                }
              />
            }
            label={`${a.accountNumber} · ${t(`customers:account.type.${a.type}`)} · ${a.vehicle} · ${t(`customers:account.status.${a.status}`)}`}
          />
        ))}
      </FormGroup>
      <Stack direction="row" spacing={2}>
        <TextField
          type="date"
          label={t('address.effectiveFrom')}
          value={props.effectiveFrom}
          onChange={(e) => props.setEffectiveFrom(e.target.value)}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { min: props.context.today } }}
        />
        <TextField
          label={t('address.reason')}
          value={props.reason}
          onChange={(e) => props.setReason(e.target.value)}
          sx={{ flex: 1 }}
        />
      </Stack>
      <Stack direction="row" spacing={1}>
        <Button onClick={props.onBack}>{t('effects.back')}</Button>
        <Button
          type="submit"
          variant="contained"
          disabled={!ready}
          aria-describedby={ready ? undefined : 'preview-why'}
        >
          {t('address.preview')}
        </Button>
        <WhyDisabled id="preview-why" missing={ready ? [] : missing} />
      </Stack>
    </Stack>
  );
}
