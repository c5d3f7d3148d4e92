import Box from '@mui/material/Box';
import { useTranslation } from 'react-i18next';

/** Persistent, unmistakable: a training database is never taken for production. */
export function TrainingBanner({ right }: { right?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box
      role="status"
      data-testid="training-banner"
      sx={{
        bgcolor: '#9a4506',
        color: '#fff',
        px: 2,
        py: 0.5,
        fontWeight: 700,
        fontSize: 13,
        letterSpacing: 0.5,
        display: 'flex',
        alignItems: 'center',
        gap: 2,
        backgroundImage:
          'repeating-linear-gradient(135deg, rgba(255,255,255,0.08) 0 12px, transparent 12px 24px)',
      }}
    >
      <span>{t('shell.training')}</span>
      <Box sx={{ flex: 1 }} />
      {right}
    </Box>
  );
}
