import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReasonDialog } from '../../components/ReasonDialog.tsx';
import { errorMessage, fieldErrors, useTRPC, type Role, type RouterOutputs } from '../../trpc.ts';
import { useCentreTime } from '../../components/CentreTime.tsx';

type User = RouterOutputs['admin']['users']['list'][number];
type Action = { kind: 'reset' | 'unlock' | 'deactivate' | 'activate' | 'mfaReset'; user: User };

const ROLES: Role[] = ['agent', 'supervisor', 'trainer', 'admin'];

export function UsersAdmin() {
  const { t } = useTranslation();
  const centreTime = useCentreTime();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.admin.users.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [action, setAction] = useState<Action | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.queryKey() });
  const done = {
    onSuccess: () => {
      setAction(null);
      setNewPassword('');
      void refresh();
    },
  };
  const reset = useMutation(trpc.admin.users.resetPassword.mutationOptions(done));
  const unlock = useMutation(trpc.admin.users.unlock.mutationOptions(done));
  const setActive = useMutation(trpc.admin.users.setActive.mutationOptions(done));
  const mfaReset = useMutation(trpc.auth.mfa.adminReset.mutationOptions(done));
  const pending = reset.isPending || unlock.isPending || setActive.isPending || mfaReset.isPending;
  const actionError = reset.error ?? unlock.error ?? setActive.error ?? mfaReset.error;

  const confirm = (reason: string) => {
    if (!action) return;
    const userId = action.user.id;
    if (action.kind === 'reset') reset.mutate({ userId, password: newPassword, reason });
    if (action.kind === 'unlock') unlock.mutate({ userId, reason });
    if (action.kind === 'mfaReset') mfaReset.mutate({ userId, reason });
    if (action.kind === 'deactivate' || action.kind === 'activate')
      setActive.mutate({ userId, active: action.kind === 'activate', reason });
  };
  return (
    <Paper sx={{ p: 2 }}>
      <Stack direction="row" sx={{ justifyContent: 'space-between', mb: 1 }}>
        <h2 style={{ margin: 0, fontSize: 18 }}>{t('admin.users')}</h2>
        <Button variant="contained" onClick={() => setCreating(true)}>
          {t('admin.newUser')}
        </Button>
      </Stack>
      {users.error && (
        <Alert severity="error">{errorMessage(users.error, t('shell.offline'))}</Alert>
      )}
      <Table size="small" aria-label={t('admin.users')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('admin.username')}</TableCell>
            <TableCell>{t('admin.displayName')}</TableCell>
            <TableCell>{t('admin.role')}</TableCell>
            <TableCell>{t('admin.status')}</TableCell>
            <TableCell align="right">{t('common.actions')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {users.data?.map((u) => {
            const locked = u.locked;
            return (
              <TableRow key={u.id} data-testid={`user-row-${u.username}`}>
                <TableCell>{u.username}</TableCell>
                <TableCell>{u.displayName}</TableCell>
                <TableCell>{t(`shell.role.${u.role}`)}</TableCell>
                <TableCell>
                  <Stack direction="row" spacing={1}>
                    <Chip
                      size="small"
                      color={u.active ? 'success' : 'default'}
                      label={u.active ? t('admin.active') : t('admin.inactive')}
                    />
                    {u.mfaEnabled && (
                      <Chip size="small" variant="outlined" label={t('admin.mfaOn')} />
                    )}
                    {locked && u.lockedUntil && (
                      <Chip
                        size="small"
                        color="warning"
                        label={t('admin.locked', {
                          time: centreTime(u.lockedUntil, 'time').text,
                        })}
                      />
                    )}
                  </Stack>
                </TableCell>
                <TableCell align="right">
                  <Stack sx={{ justifyContent: 'flex-end' }} direction="row" spacing={1}>
                    {locked && (
                      <Button onClick={() => setAction({ kind: 'unlock', user: u })}>
                        {t('admin.unlock')}
                      </Button>
                    )}
                    <Button onClick={() => setAction({ kind: 'reset', user: u })}>
                      {t('admin.resetPassword')}
                    </Button>
                    {u.mfaEnabled && (
                      <Button onClick={() => setAction({ kind: 'mfaReset', user: u })}>
                        {t('admin.mfaReset')}
                      </Button>
                    )}
                    <Button
                      color={u.active ? 'error' : 'primary'}
                      onClick={() =>
                        setAction({ kind: u.active ? 'deactivate' : 'activate', user: u })
                      }
                    >
                      {u.active ? t('admin.deactivate') : t('admin.activate')}
                    </Button>
                  </Stack>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {action && (
        <ReasonDialog
          open
          title={`${t(`admin.${action.kind === 'reset' ? 'resetPassword' : action.kind}`)} — ${action.user.username}`}
          busy={pending}
          error={actionError ? errorMessage(actionError, t('shell.offline')) : null}
          onCancel={() => setAction(null)}
          onConfirm={confirm}
          extra={
            action.kind === 'reset' ? (
              <TextField
                label={t('admin.password')}
                type="password"
                value={newPassword}
                onChange={(e) => setNewPassword(e.target.value)}
                error={Boolean(fieldErrors(actionError).password)}
                helperText={fieldErrors(actionError).password}
              />
            ) : undefined
          }
        />
      )}
      {creating && (
        <CreateUserDialog
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            void refresh();
          }}
        />
      )}
    </Paper>
  );
}

function CreateUserDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [form, setForm] = useState({
    username: '',
    displayName: '',
    role: 'agent' as Role,
    password: '',
    language: 'en' as 'en' | 'fr',
  });
  const create = useMutation(trpc.admin.users.create.mutationOptions({ onSuccess: onCreated }));
  const fields = fieldErrors(create.error);
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [k]: e.target.value });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(form);
        }}
      >
        <DialogTitle>{t('admin.newUser')}</DialogTitle>
        <DialogContent sx={{ display: 'grid', gap: 2, pt: '8px !important' }}>
          <TextField
            label={t('admin.username')}
            value={form.username}
            onChange={set('username')}
            autoFocus
            error={Boolean(fields.username)}
            helperText={fields.username}
          />
          <TextField
            label={t('admin.displayName')}
            value={form.displayName}
            onChange={set('displayName')}
            error={Boolean(fields.displayName)}
            helperText={fields.displayName}
          />
          <TextField select label={t('admin.role')} value={form.role} onChange={set('role')}>
            {ROLES.map((r) => (
              <MenuItem key={r} value={r}>
                {t(`shell.role.${r}`)}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            label={t('shell.language')}
            value={form.language}
            onChange={set('language')}
          >
            <MenuItem value="en">English</MenuItem>
            <MenuItem value="fr">Français</MenuItem>
          </TextField>
          <TextField
            label={t('admin.password')}
            type="password"
            value={form.password}
            onChange={set('password')}
            error={Boolean(fields.password)}
            helperText={fields.password}
          />
          {create.error && !Object.keys(fields).length && (
            <Alert severity="error">{errorMessage(create.error, t('shell.offline'))}</Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={create.isPending}>
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
