import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';

export function CodeField({
  value,
  onChange,
  autoFocus = true,
}: {
  value: string;
  onChange: (v: string) => void;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation('auth');
  return (
    <TextField
      label={t('code.label')}
      name="one-time-code"
      autoComplete="one-time-code"
      autoFocus={autoFocus}
      value={value}
      onChange={(e) => onChange(e.target.value.replace(/[^\d ]/g, '').slice(0, 7))}
      slotProps={{
        htmlInput: {
          inputMode: 'numeric',
          style: { letterSpacing: '0.3em', fontSize: 22, textAlign: 'center' },
        },
      }}
    />
  );
}

/** Letters and digits of a typed recovery code (dashes and spaces are for reading only). */
export function recoveryCodeLength(value: string): number {
  return value.replace(/[\s-]/g, '').length;
}

export function RecoveryCodeField({
  value,
  onChange,
}: {
  value: string;
  onChange: (v: string) => void;
}) {
  const { t } = useTranslation('auth');
  return (
    <TextField
      label={t('code.recoveryLabel')}
      name="recovery-code"
      autoComplete="off"
      autoFocus
      value={value}
      onChange={(e) =>
        onChange(
          e.target.value
            .toUpperCase()
            .replace(/[^A-Z2-7\s-]/g, '')
            .slice(0, 24),
        )
      }
      slotProps={{
        htmlInput: {
          spellCheck: false,
          style: { letterSpacing: '0.1em', fontFamily: 'monospace', textAlign: 'center' },
        },
      }}
    />
  );
}
