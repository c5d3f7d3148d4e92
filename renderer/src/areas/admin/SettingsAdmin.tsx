import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors, useTRPC, type RouterInputs } from '../../trpc.ts';

type SettingKey = RouterInputs['admin']['settings']['update']['key'];

/** Each lender setting as validated JSON: edited with a reason, audited with before/after. */
export function SettingsAdmin() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const settings = useQuery(trpc.admin.settings.get.queryOptions());
  const [editing, setEditing] = useState<SettingKey | null>(null);
  if (settings.error)
    return <Alert severity="error">{errorMessage(settings.error, t('shell.offline'))}</Alert>;
  if (!settings.data) return null;
  return (
    <Stack spacing={2}>
      {(Object.entries(settings.data) as Array<[SettingKey, unknown]>).map(([key, value]) => (
        <Paper key={key} sx={{ p: 2 }} data-testid={`setting-${key}`}>
          <Stack sx={{ alignItems: 'center', justifyContent: 'space-between' }} direction="row">
            <Typography sx={{ fontWeight: 700 }} variant="subtitle1">
              {key}
            </Typography>
            <Button onClick={() => setEditing(key)}>{t('admin.editSetting')}</Button>
          </Stack>
          {editing === key ? (
            <SettingEditor settingKey={key} value={value} onDone={() => setEditing(null)} />
          ) : (
            <Typography
              component="pre"
              variant="body2"
              tabIndex={0}
              aria-label={key}
              sx={{ m: 0, maxHeight: 180, overflow: 'auto', fontFamily: 'monospace', fontSize: 12 }}
            >
              {JSON.stringify(value, null, 2)}
            </Typography>
          )}
        </Paper>
      ))}
    </Stack>
  );
}

function SettingEditor({
  settingKey,
  value,
  onDone,
}: {
  settingKey: SettingKey;
  value: unknown;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState(JSON.stringify(value, null, 2));
  const [reason, setReason] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const update = useMutation(
    trpc.admin.settings.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.admin.settings.get.queryKey() });
        onDone();
      },
    }),
  );
  const save = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      setJsonError(t('admin.invalidJson'));
      return;
    }
    setJsonError(null);
    update.mutate({ key: settingKey, value: parsed, reason });
  };
  const fields = fieldErrors(update.error);
  return (
    <Stack spacing={1} sx={{ mt: 1 }}>
      <TextField
        label={t('admin.settingJson')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        multiline
        minRows={6}
        slotProps={{ htmlInput: { style: { fontFamily: 'monospace', fontSize: 12 } } }}
        error={Boolean(jsonError)}
        helperText={jsonError}
      />
      <TextField
        label={t('common.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      {update.error && (
        <Alert severity="error">
          {errorMessage(update.error, t('shell.offline'))}
          {Object.entries(fields).map(([f, m]) => (
            <div key={f}>
              {f}: {m}
            </div>
          ))}
        </Alert>
      )}
      <Stack direction="row" spacing={1}>
        <Button
          variant="contained"
          onClick={save}
          disabled={update.isPending || reason.trim().length < 3}
        >
          {t('common.save')}
        </Button>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
      </Stack>
    </Stack>
  );
}
