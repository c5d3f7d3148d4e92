import KeyIcon from '@mui/icons-material/Key';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import ButtonBase from '@mui/material/ButtonBase';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors, useTRPC, type SignedInUser } from '../trpc.ts';
import { TwoStepDialog } from './TwoStep.tsx';

/** The signed-in user's name in the app bar; a click opens two-step sign-in and password. */
export function AccountMenu({ user }: { user: SignedInUser }) {
  const { t } = useTranslation();
  const { t: ta } = useTranslation('auth');
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [open, setOpen] = useState<'twoStep' | 'password' | null>(null);
  return (
    <>
      <ButtonBase
        data-testid="current-user"
        aria-label={ta('account.menu')}
        aria-haspopup="menu"
        onClick={(e) => setAnchor(e.currentTarget)}
        sx={{
          display: 'block',
          textAlign: 'right',
          lineHeight: 1.1,
          borderRadius: 1,
          px: 0.75,
          py: 0.25,
          '&:hover': { bgcolor: 'rgba(255,255,255,0.12)' },
        }}
      >
        <Typography sx={{ fontWeight: 600 }} variant="body2">
          {user.displayName}
        </Typography>
        <Typography variant="caption" sx={{ opacity: 0.85 }}>
          {t(`shell.role.${user.role}`)}
        </Typography>
      </ButtonBase>
      <Menu
        anchorEl={anchor}
        open={anchor !== null}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      >
        <MenuItem
          onClick={() => {
            setAnchor(null);
            setOpen('twoStep');
          }}
        >
          <ListItemIcon>
            <VerifiedUserIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText>{ta('account.twoStep')}</ListItemText>
        </MenuItem>
        <MenuItem
          onClick={() => {
            setAnchor(null);
            setOpen('password');
          }}
        >
          <ListItemIcon>
            <KeyIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText>{ta('account.changePassword')}</ListItemText>
        </MenuItem>
      </Menu>
      <TwoStepDialog open={open === 'twoStep'} onClose={() => setOpen(null)} />
      <ChangePasswordDialog open={open === 'password'} onClose={() => setOpen(null)} />
    </>
  );
}

function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('auth');
  const { t: tc } = useTranslation();
  const trpc = useTRPC();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrent('');
        setNext('');
        setAgain('');
      },
    }),
  );
  const fields = fieldErrors(change.error);
  const close = () => {
    setCurrent('');
    setNext('');
    setAgain('');
    setMismatch(false);
    change.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (next !== again) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate({ currentPassword: current, newPassword: next });
  };
  return (
    <Dialog open={open} onClose={close} maxWidth="xs" fullWidth aria-labelledby="password-title">
      <form onSubmit={submit}>
        <DialogTitle id="password-title">{t('password.title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {change.isSuccess ? (
              <Alert severity="success">{t('password.done')}</Alert>
            ) : (
              <>
                <TextField
                  label={t('password.current')}
                  type="password"
                  autoComplete="current-password"
                  autoFocus
                  value={current}
                  onChange={(e) => setCurrent(e.target.value)}
                  error={Boolean(fields.currentPassword)}
                  helperText={fields.currentPassword}
                />
                <TextField
                  label={t('password.new')}
                  type="password"
                  autoComplete="new-password"
                  value={next}
                  onChange={(e) => setNext(e.target.value)}
                  error={Boolean(fields.newPassword)}
                  helperText={fields.newPassword ?? t('password.hint')}
                />
                <TextField
                  label={t('password.confirm')}
                  type="password"
                  autoComplete="new-password"
                  value={again}
                  onChange={(e) => setAgain(e.target.value)}
                  error={mismatch}
                  helperText={mismatch ? t('password.mismatch') : undefined}
                />
                {change.error && !fields.currentPassword && !fields.newPassword && (
                  <Alert severity="error">{errorMessage(change.error, tc('shell.offline'))}</Alert>
                )}
              </>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>
            {change.isSuccess ? tc('common.close') : t('password.cancel')}
          </Button>
          {!change.isSuccess && (
            <Button
              type="submit"
              variant="contained"
              disabled={change.isPending || !current || !next || !again}
            >
              {t('password.submit')}
            </Button>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
}
