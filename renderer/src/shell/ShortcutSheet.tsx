import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useShortcutEntries } from './shortcuts.tsx';

export function ShortcutSheet({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const groups = useShortcutEntries();
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="shortcut-title">
      <DialogTitle id="shortcut-title">{t('shell.shortcuts')}</DialogTitle>
      <DialogContent>
        {groups.map((g) => (
          <div key={g.group}>
            <Typography variant="overline">{g.group}</Typography>
            <Table size="small">
              <TableBody>
                {g.items.map((s) => (
                  <TableRow key={s.keys}>
                    <TableCell sx={{ width: 160 }}>
                      <kbd>{s.keys}</kbd>
                    </TableCell>
                    <TableCell>{s.label}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        ))}
      </DialogContent>
    </Dialog>
  );
}
