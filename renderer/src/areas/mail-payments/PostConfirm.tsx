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
  const postable = view.items.filter((i) => i.status === 'ok' || i.status === 'override');
  const cents = postable.reduce((sum, i) => sum + i.amountCents, 0);
  const accounts = new Set(postable.map((i) => i.accountNumber)).size;
  const amount = money(cents, i18n.language);
  return (
    <ConfirmDialog
      open
      title={t('confirm.postTitle', { id: view.batch.id })}
      facts={[
        [t('confirm.postCount'), postable.length.toLocaleString(i18n.language)],
        [t('confirm.postTotal'), amount],
        [t('confirm.postAccounts'), accounts.toLocaleString(i18n.language)],
        [
          t('confirm.postLockbox'),
          `${view.lockbox.poBox}, ${view.lockbox.city} (${t(`type.${view.lockbox.accountType}`)})`,
        ],
        [t('confirm.postAsOf'), view.batch.receiptDate],
      ]}
      confirmLabel={t('confirm.postConfirm', { count: postable.length, amount })}
      busy={busy}
      error={error}
      onCancel={onCancel}
      onConfirm={onConfirm}
    />
  );
}
