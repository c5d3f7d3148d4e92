import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The one confirmation for actions that move money or change many records: it states what
 * will happen (amount, account, count) as label/value rows before anything is sent. The
 * confirming button names the action; Cancel has focus so a stray Enter changes nothing.
 */
export function ConfirmDialog({
  open,
  title,
  facts,
  children,
  confirmLabel,
  busy,
  error,
  danger,
  confirmDisabled,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  title: string;
  /** What the action does, e.g. [['Amount', '$120.00'], ['Account', '…4821']]. */
  facts: ReadonlyArray<readonly [label: string, value: ReactNode]>;
  children?: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  error?: string | null;
  danger?: boolean;
  /** Keeps the confirming button off until the dialog's own fields (a reason…) are filled. */
  confirmDisabled?: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={busy ? undefined : onCancel} fullWidth maxWidth="xs">
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <Table size="small" aria-label={title}>
          <TableBody>
            {facts.map(([label, value]) => (
              <TableRow key={label}>
                <TableCell component="th" scope="row" sx={{ fontWeight: 600, pl: 0 }}>
                  {label}
                </TableCell>
                <TableCell sx={{ fontVariantNumeric: 'tabular-nums' }}>{value}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {children}
        {error ? (
          <Typography role="alert" color="error" sx={{ mt: 1 }}>
            {error}
          </Typography>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={busy} autoFocus>
          {t('common.cancel')}
        </Button>
        <Button
          onClick={onConfirm}
          variant="contained"
          color={danger ? 'error' : 'primary'}
          disabled={busy || confirmDisabled}
        >
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
