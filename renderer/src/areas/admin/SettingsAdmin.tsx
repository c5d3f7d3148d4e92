import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WhyDisabled } from '../../components/WhyDisabled.tsx';
import { errorMessage, fieldErrors, translator, useTRPC } from '../../trpc.ts';
import type { SettingKey } from '../../../../server/domain/shared/lender-config.ts';
import { SettingForm } from './SettingForm.tsx';
import { validateSetting } from './setting-form-model.ts';

/**
 * The lender configuration, one section per setting, read as a form and edited as one: the
 * fields come from the schema the server validates with, errors show beside the field as you
 * type, and a save needs a reason (audited with before and after).
 */
export function SettingsAdmin() {
  const { t } = useTranslation();
  const { t: tw } = useTranslation('workspace');
  const trpc = useTRPC();
  const settings = useQuery(trpc.admin.settings.get.queryOptions());
  const [open, setOpen] = useState<SettingKey | null>(null);
  const [editing, setEditing] = useState<SettingKey | null>(null);
  if (settings.error)
    return <Alert severity="error">{errorMessage(settings.error, t('shell.offline'))}</Alert>;
  if (!settings.data) return null;
  return (
    <Stack spacing={1}>
      {(Object.entries(settings.data) as Array<[SettingKey, unknown]>).map(([key, value]) => (
        <Accordion
          key={key}
          expanded={open === key || editing === key}
          onChange={(_e, expanded) => setOpen(expanded ? key : null)}
          data-testid={`setting-${key}`}
          slotProps={{ transition: { unmountOnExit: true } }}
        >
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography sx={{ fontWeight: 700 }}>
              {tw(`config.settings.${key}`, { defaultValue: key })}
            </Typography>
          </AccordionSummary>
          <AccordionDetails>
            {editing === key ? (
              <SettingEditor settingKey={key} value={value} onDone={() => setEditing(null)} />
            ) : (
              <Stack spacing={1.5}>
                <SettingForm settingKey={key} value={value} readOnly />
                <Stack direction="row">
                  <Button variant="outlined" onClick={() => setEditing(key)}>
                    {t('admin.editSetting')}
                  </Button>
                </Stack>
              </Stack>
            )}
          </AccordionDetails>
        </Accordion>
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
  const { t, i18n } = useTranslation();
  const { t: tw } = useTranslation('workspace');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<unknown>(value);
  const [reason, setReason] = useState('');
  const update = useMutation(
    trpc.admin.settings.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.admin.settings.get.queryKey() });
        onDone();
      },
    }),
  );
  const local = validateSetting(settingKey, draft, i18n.language, translator);
  const errors = { ...fieldErrors(update.error), ...local };
  const errorCount = Object.keys(local).length;
  const missing = [
    ...(errorCount > 0 ? [tw('config.fix', { count: errorCount })] : []),
    ...(reason.trim().length >= 3 ? [] : [tw('config.reason')]),
  ];
  return (
    <Stack
      component="form"
      spacing={2}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (missing.length === 0) update.mutate({ key: settingKey, value: draft, reason });
      }}
    >
      <SettingForm
        settingKey={settingKey}
        value={draft}
        onChange={(v) => {
          setDraft(v);
          if (update.error) update.reset();
        }}
        errors={errors}
      />
      <TextField
        size="small"
        label={t('common.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        helperText={tw('why.reasonMin')}
        sx={{ maxWidth: 520 }}
      />
      {update.error && (
        <Alert severity="error">{errorMessage(update.error, t('shell.offline'))}</Alert>
      )}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Button
          type="submit"
          variant="contained"
          disabled={update.isPending || missing.length > 0}
          aria-describedby={missing.length > 0 ? `why-${settingKey}` : undefined}
        >
          {t('common.save')}
        </Button>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <WhyDisabled id={`why-${settingKey}`} missing={missing} />
      </Stack>
    </Stack>
  );
}
