import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';

/**
 * Confirmation of a mail-payment return (returned unpaid / NSF, or returned to the sender):
 * money leaves or never reaches the account, so the dialog states the item, account and amount
 * and asks for the reason the audit record keeps.
 */
export function ReturnDialog({
  title,
  facts,
  explain,
  confirmLabel,
  busy,
  error,
  onCancel,
  onConfirm,
}: {
  title: string;
  facts: ReadonlyArray<readonly [string, ReactNode]>;
  explain: string;
  confirmLabel: string;
  busy: boolean;
  error: string | null;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <ConfirmDialog
      open
      title={title}
      facts={facts}
      confirmLabel={confirmLabel}
      danger
      busy={busy}
      error={error}
      confirmDisabled={reason.trim().length === 0}
      onCancel={onCancel}
      onConfirm={() => onConfirm(reason.trim())}
    >
      <Typography variant="body2" sx={{ mt: 1 }}>
        {explain}
      </Typography>
      <TextField
        label={t('common.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        fullWidth
        required
        multiline
        minRows={2}
        sx={{ mt: 2 }}
        slotProps={{ htmlInput: { maxLength: 500 } }}
      />
    </ConfirmDialog>
  );
}
