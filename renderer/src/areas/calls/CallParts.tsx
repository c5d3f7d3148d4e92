import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTRPC } from '../../trpc.ts';

/** Pieces every part of the call screen shares: the card frame, the talk timer, the refresh. */

export function Card({
  title,
  children,
  right,
}: {
  title: string;
  children: ReactNode;
  right?: ReactNode;
}) {
  return (
    <Paper variant="outlined" component="section" aria-label={title} sx={{ p: 2 }}>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, flex: 1 }}>
          {title}
        </Typography>
        {right}
      </Stack>
      {children}
    </Paper>
  );
}

/** Talk time, counted from the server's "now" (the trainer's clock in training), ticking locally. */
export function Elapsed({
  from,
  to,
  serverNow,
}: {
  from: string;
  to: string | null;
  serverNow: string;
}) {
  const [base] = useState(() => ({ server: Date.parse(serverNow), local: Date.now() }));
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    if (to) return;
    const timer = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [to]);
  const now = base.server + (tick - base.local);
  const seconds = Math.max(0, Math.round(((to ? Date.parse(to) : now) - Date.parse(from)) / 1000));
  const mm = Math.floor(seconds / 60);
  const ss = String(seconds % 60).padStart(2, '0');
  return <span style={{ fontVariantNumeric: 'tabular-nums' }}>{`${mm}:${ss}`}</span>;
}

/** Refreshes every view a call action changes (the call, the 360, the timeline). */
export function useInvalidate() {
  const qc = useQueryClient();
  const trpc = useTRPC();
  return () => {
    void qc.invalidateQueries({ queryKey: trpc.calls.pathKey() });
    void qc.invalidateQueries({ queryKey: trpc.customers.pathKey() });
  };
}
