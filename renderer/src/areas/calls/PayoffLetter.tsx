import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Tooltip from '@mui/material/Tooltip';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage, useTRPC } from '../../trpc.ts';
import { dayLabel as day } from '../../../../server/domain/shared/date-labels.ts';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';
import { useInvalidate } from './CallParts.tsx';

/** Opens a letter produced from a call (fetched through tRPC: the session cookie applies). */
export function useOpenCallLetter() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async (letterId: number) => {
    const file = await queryClient.fetchQuery(trpc.calls.letterPdf.queryOptions({ letterId }));
    const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
    window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
}

/** "Payoff letter": the quote by letter for a verified caller; says what it quoted, or that it is held. */
export function PayoffLetterButton({
  callId,
  accountId,
  verified,
}: {
  callId: number;
  accountId: number;
  verified: boolean;
}) {
  const { t, i18n } = useTranslation('calls');
  const lang = i18n.language;
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const open = useOpenCallLetter();
  const send = useMutation(trpc.calls.payoffLetter.mutationOptions({ onSuccess: invalidate }));
  const r = send.data;
  return (
    <>
      <Tooltip title={verified ? '' : t('actions.verifyFirst')}>
        <span>
          <Button
            size="small"
            disabled={!verified || send.isPending}
            onClick={() => send.mutate({ callId, accountId })}
            data-testid="payoff-letter"
          >
            {t('payoff.send')}
          </Button>
        </span>
      </Tooltip>
      {r && !r.held && (
        <Alert
          severity="success"
          sx={{ mt: 1, width: '100%' }}
          data-testid="payoff-letter-sent"
          action={
            <Button size="small" onClick={() => void open(r.letterId)}>
              {t('payoff.open')}
            </Button>
          }
        >
          {t('payoff.sent', {
            amount: money(r.quote.payoffCents, lang),
            date: day(r.quote.goodThrough, lang),
          })}
          {r.quote.perDiemCents > 0 &&
            ' ' + t('payoff.perDiem', { amount: money(r.quote.perDiemCents, lang) })}
          {' ' + t('payoff.today', { amount: money(r.quote.payoffTodayCents, lang) })}
          {r.quote.installmentsDue.length > 0 &&
            ' ' +
              t('payoff.includes', {
                items: r.quote.installmentsDue
                  .map((i) =>
                    t('payoff.dueItem', {
                      amount: money(i.amountCents, lang),
                      date: day(i.dueOn, lang),
                    }),
                  )
                  .join(', '),
              })}
        </Alert>
      )}
      {r?.held && (
        <Alert severity="warning" sx={{ mt: 1, width: '100%' }} data-testid="payoff-letter-held">
          {t('payoff.held')}
        </Alert>
      )}
      {send.error && (
        <Alert severity="error" sx={{ mt: 1, width: '100%' }}>
          {errorMessage(send.error, t('error'))}
        </Alert>
      )}
    </>
  );
}
