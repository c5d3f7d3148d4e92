import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { clearDrafts } from '../drafts.ts';
import { setLanguage } from '../i18n.ts';
import { useTRPC } from '../trpc.ts';
import { OfflineBanner } from './OfflineBanner.tsx';
import { Shell } from './Shell.tsx';
import { SignIn } from './SignIn.tsx';

/** Signed in → the desk; otherwise the sign-in page. The server decides, via auth.me. */
export function AuthGate() {
  const trpc = useTRPC();
  const me = useQuery(
    trpc.auth.me.queryOptions(undefined, { staleTime: 60_000, refetchInterval: 60_000 }),
  );
  const user = me.data;
  useEffect(() => {
    if (user) setLanguage(user.language);
  }, [user]);
  // Signed out (or someone else signed in): no one else's unsent draft stays in this browser.
  const signedInId = me.isSuccess ? (user?.id ?? null) : undefined;
  useEffect(() => {
    if (signedInId !== undefined) clearDrafts(signedInId ?? undefined);
  }, [signedInId]);

  if (me.isPending) {
    return (
      <Box sx={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
        <CircularProgress aria-label="loading" />
      </Box>
    );
  }
  return (
    <>
      <OfflineBanner failing={me.isError} />
      {user ? <Shell user={user} /> : <SignIn />}
    </>
  );
}
