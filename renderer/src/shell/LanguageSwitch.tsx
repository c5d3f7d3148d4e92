import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../i18n.ts';
import { useTRPC } from '../trpc.ts';

/** EN/FR switch; when signed in, the choice is saved on the user. */
export function LanguageSwitch({ signedIn = false }: { signedIn?: boolean }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const save = useMutation(trpc.auth.setLanguage.mutationOptions());
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={i18n.language}
      aria-label={t('shell.language')}
      onChange={(_e, value: Language | null) => {
        if (!value) return;
        setLanguage(value);
        if (signedIn) save.mutate({ language: value });
      }}
    >
      <ToggleButton value="en" aria-label="EN (English)" sx={{ py: 0.25, px: 1 }}>
        EN
      </ToggleButton>
      <ToggleButton value="fr" aria-label="FR (Français)" lang="fr" sx={{ py: 0.25, px: 1 }}>
        FR
      </ToggleButton>
    </ToggleButtonGroup>
  );
}
