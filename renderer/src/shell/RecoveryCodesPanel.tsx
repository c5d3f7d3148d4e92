import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * One-time recovery codes, shown the only time they exist in clear (after enrolment or after
 * asking for new ones): each signs in once instead of a code from the phone.
 */
export function RecoveryCodesPanel({
  codes,
  onContinue,
}: {
  codes: readonly string[];
  onContinue: () => void;
}) {
  const { t } = useTranslation('auth');
  const [copied, setCopied] = useState(false);
  return (
    <Stack spacing={2} aria-label={t('recovery.title')} data-testid="recovery-codes">
      <Typography variant="h6" component="h2">
        {t('recovery.title')}
      </Typography>
      <Alert severity="warning">{t('recovery.once')}</Alert>
      <Box
        component="ol"
        sx={{
          fontFamily: 'monospace',
          fontSize: 15,
          whiteSpace: 'nowrap',
          m: 0,
          pl: 3,
          bgcolor: 'action.hover',
          borderRadius: 1,
          py: 1,
        }}
      >
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </Box>
      <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
        <Button
          startIcon={<ContentCopyIcon />}
          onClick={() => {
            void navigator.clipboard?.writeText(codes.join('\n')).then(() => setCopied(true));
          }}
        >
          {copied ? t('recovery.copied') : t('recovery.copy')}
        </Button>
        <Button variant="contained" onClick={onContinue}>
          {t('recovery.saved')}
        </Button>
      </Stack>
    </Stack>
  );
}
