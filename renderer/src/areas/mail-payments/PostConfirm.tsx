import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';
import type { BatchView } from './batch-view.ts';

/** What posting does, before it is done: count, total, lockbox, as-of date, accounts. */
export function PostConfirm({
  view,
  busy,
  error,
  onCancel,
  onConfirm,
}: {
  view: BatchView;
  busy: boolean;
  error: string | null;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t, i18n } = useTranslation('mailPayments');
  // The server's figures: the same rule its money-authority check uses when posting.
  const { count, totalCents, accounts } = view.posting;
  const amount = money(totalCents, i18n.language);
  return (
    <ConfirmDialog
      open
      title={t('confirm.postTitle', { id: view.batch.id })}
      facts={[
        [t('confirm.postCount'), count.toLocaleString(i18n.language)],
        [t('confirm.postTotal'), amount],
        [t('confirm.postAccounts'), accounts.toLocaleString(i18n.language)],
        [
          t('confirm.postLockbox'),
          `${view.lockbox.poBox}, ${view.lockbox.city} (${t(`type.${view.lockbox.accountType}`)})`,
        ],
        [t('confirm.postAsOf'), view.batch.receiptDate],
      ]}
      confirmLabel={t('confirm.postConfirm', { count, amount })}
      busy={busy}
      error={error}
      onCancel={onCancel}
      onConfirm={onConfirm}
    />
  );
}
