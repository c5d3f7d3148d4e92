import Autocomplete from '@mui/material/Autocomplete';
import Dialog from '@mui/material/Dialog';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';

export interface Command {
  id: string;
  label: string;
  group: string;
  run: () => void;
}

/** Ctrl+K: jump anywhere or run a command by typing part of its name. */
export function CommandPalette({
  open,
  onClose,
  commands,
}: {
  open: boolean;
  onClose: () => void;
  commands: Command[];
}) {
  const { t } = useTranslation();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      slotProps={{ paper: { sx: { position: 'absolute', top: 80 } } }}
    >
      <Autocomplete
        openOnFocus
        autoHighlight
        options={commands}
        groupBy={(c) => c.group}
        getOptionLabel={(c) => c.label}
        onChange={(_e, c) => {
          if (c) {
            onClose();
            c.run();
          }
        }}
        renderInput={(params) => (
          <TextField
            {...params}
            autoFocus
            placeholder={t('shell.paletteHint')}
            aria-label={t('shell.commandPalette')}
            sx={{ p: 1 }}
          />
        )}
      />
    </Dialog>
  );
}
