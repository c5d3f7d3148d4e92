import Alert from '@mui/material/Alert';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Shown while the server is unreachable (health probe fails or the browser is offline), or
 * while it reports its disk full (`/healthz` → storage: 'disk-full', code DISK_FULL).
 */
export function OfflineBanner({ failing }: { failing: boolean }) {
  const { t } = useTranslation();
  const [offline, setOffline] = useState(false);
  const [diskFull, setDiskFull] = useState(false);
  useEffect(() => {
    let stopped = false;
    const probe = async () => {
      try {
        const res = await fetch('/healthz', { cache: 'no-store', credentials: 'include' });
        const body = res.ok ? ((await res.json()) as { storage?: string }) : null;
        if (stopped) return;
        setOffline(!res.ok);
        setDiskFull(body?.storage === 'disk-full');
      } catch {
        if (!stopped) setOffline(true);
      }
    };
    void probe();
    const timer = setInterval(probe, 15_000);
    const goOffline = () => setOffline(true);
    const goOnline = () => void probe();
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
    };
  }, [failing]);
  if (!offline && diskFull)
    return (
      <Alert
        severity="warning"
        variant="filled"
        square
        role="alert"
        data-testid="disk-full-banner"
        sx={{ position: 'sticky', top: 0, zIndex: 2000 }}
      >
        {t('shell.diskFull')}
      </Alert>
    );
  if (!offline) return null;
  return (
    <Alert
      severity="error"
      variant="filled"
      square
      role="alert"
      data-testid="offline-banner"
      sx={{ position: 'sticky', top: 0, zIndex: 2000 }}
    >
      {t('shell.offline')}
    </Alert>
  );
}
