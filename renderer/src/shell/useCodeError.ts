import { TRPCClientError } from '@trpc/client';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../trpc.ts';
import { useCentreTime } from '../components/CentreTime.tsx';

export interface ErrorDetail {
  reason?: 'wrong' | 'replayed';
  attemptsLeft?: number;
  lockedUntil?: string;
}

/** A failed code, in the user's language: wrong, replayed, locked, or the sign-in expired. */
export function useCodeError(error: unknown): { message: string | null; expired: boolean } {
  const { t } = useTranslation('auth');
  const centreTime = useCentreTime();
  const { t: tc } = useTranslation();
  if (!error) return { message: null, expired: false };
  const data =
    error instanceof TRPCClientError
      ? (error.data as { code?: string; detail?: ErrorDetail | null } | undefined)
      : undefined;
  const detail = data?.detail ?? {};
  if (detail.lockedUntil) {
    const time = centreTime(detail.lockedUntil, 'time').text;
    return { message: t('code.locked', { time }), expired: true };
  }
  if (detail.reason) {
    let message = t(detail.reason === 'replayed' ? 'code.replayed' : 'code.wrong');
    if (detail.attemptsLeft !== undefined)
      message += ` ${t('code.attemptsLeft', { count: detail.attemptsLeft })}`;
    return { message, expired: false };
  }
  if (data?.code === 'UNAUTHORIZED') return { message: t('code.expired'), expired: true };
  return { message: errorMessage(error, tc('shell.offline')), expired: false };
}
