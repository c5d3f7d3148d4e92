import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { QueryClientProvider } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { BrowserRouter } from 'react-router';
import { PreferencesProvider } from './preferences.tsx';
import { AuthGate } from './shell/AuthGate.tsx';
import { makeTheme } from './theme.ts';
import { makeQueryClient, makeTrpcClient, TRPCProvider } from './trpc.ts';

export function App() {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(makeTrpcClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <PreferencesProvider>{(mode) => <Themed mode={mode} />}</PreferencesProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

function Themed({ mode }: { mode: 'light' | 'dark' }) {
  const theme = useMemo(() => makeTheme(mode), [mode]);
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <BrowserRouter>
        <AuthGate />
      </BrowserRouter>
    </ThemeProvider>
  );
}
