import FormHelperText from '@mui/material/FormHelperText';
import { useTranslation } from 'react-i18next';

/**
 * Why a primary button is disabled, said next to it ("Still needed: a valid address and at least
 * one account"), so a greyed-out button never leaves the agent guessing. Give the button
 * `aria-describedby={id}` so a screen reader reads the reason with it. Renders nothing when
 * nothing is missing.
 */
export function WhyDisabled({ id, missing }: { id: string; missing: readonly string[] }) {
  const { t, i18n } = useTranslation('workspace');
  if (missing.length === 0) return null;
  const list = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(missing);
  return (
    <FormHelperText id={id} data-testid="why-disabled" sx={{ m: 0, alignSelf: 'center' }}>
      {t('why.needed', { list })}
    </FormHelperText>
  );
}
