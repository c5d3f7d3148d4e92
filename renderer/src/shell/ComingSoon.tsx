import Alert from '@mui/material/Alert';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

/** An area not built yet says what it will do rather than failing. */
export function ComingSoon({ areaKey }: { areaKey: string }) {
  const { t } = useTranslation();
  return (
    <Paper sx={{ p: 3, maxWidth: 720 }}>
      <Typography variant="h5" component="h1" gutterBottom>
        {t('coming.title', { area: t(`nav.${areaKey}`) })}
      </Typography>
      <Alert severity="info" sx={{ mb: 2 }}>
        {t('coming.body')}
      </Alert>
      <Typography>{t(`coming.${areaKey}`)}</Typography>
    </Paper>
  );
}
