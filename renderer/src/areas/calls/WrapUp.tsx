import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors, useTRPC } from '../../trpc.ts';
import { Card, useInvalidate } from './CallParts.tsx';
import type { CallView } from './call-types.ts';

const OUTCOMES = ['resolved', 'follow_up', 'callback', 'transferred', 'no_action'] as const;

/** Reasons, outcome, follow-up and notes: required before the next call. */
export function WrapUp({ view }: { view: CallView }) {
  const { t, i18n } = useTranslation('calls');
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const [reasons, setReasons] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('resolved');
  const [followUpOn, setFollowUpOn] = useState('');
  const [notes, setNotes] = useState('');
  const wrap = useMutation(trpc.calls.wrapUp.mutationOptions({ onSuccess: invalidate }));
  const fields = fieldErrors(wrap.error);
  const fr = i18n.language.startsWith('fr');
  return (
    <Card
      title={t('wrap.title')}
      right={
        view.call.status === 'wrap_up' ? (
          <Chip size="small" color="warning" label={t('wrap.required')} />
        ) : undefined
      }
    >
      <Stack spacing={1.5}>
        <Box>
          <Typography
            variant="body2"
            color={fields.reasons ? 'error' : 'text.secondary'}
            sx={{ mb: 0.5 }}
          >
            {fields.reasons ?? t('wrap.reasons')}
          </Typography>
          <Stack direction="row" sx={{ gap: 0.75, flexWrap: 'wrap' }}>
            {view.reasonCodes.map((r) => {
              const on = reasons.includes(r.code);
              return (
                <Chip
                  key={r.code}
                  label={fr ? r.labelFr : r.labelEn}
                  color={on ? 'primary' : 'default'}
                  variant={on ? 'filled' : 'outlined'}
                  aria-pressed={on}
                  data-testid={`reason-${r.code}`}
                  onClick={() =>
                    setReasons((x) => (on ? x.filter((c) => c !== r.code) : [...x, r.code]))
                  }
                />
              );
            })}
          </Stack>
        </Box>
        <Stack direction="row" sx={{ gap: 1.5, flexWrap: 'wrap' }}>
          <TextField
            select
            size="small"
            label={t('wrap.outcome')}
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as (typeof OUTCOMES)[number])}
            sx={{ minWidth: 200 }}
            slotProps={{ htmlInput: { 'data-testid': 'wrap-outcome' } }}
          >
            {OUTCOMES.map((o) => (
              <MenuItem key={o} value={o}>
                {t(`outcome.${o}`)}
              </MenuItem>
            ))}
          </TextField>
          {(outcome === 'follow_up' || outcome === 'callback') && (
            <TextField
              size="small"
              type="date"
              label={t('wrap.followUpOn')}
              value={followUpOn}
              onChange={(e) => setFollowUpOn(e.target.value)}
              error={Boolean(fields.followUpOn)}
              helperText={fields.followUpOn}
              slotProps={{ inputLabel: { shrink: true } }}
            />
          )}
        </Stack>
        <TextField
          size="small"
          multiline
          minRows={2}
          label={t('wrap.notes')}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'wrap-notes' } }}
        />
        {wrap.error && !fields.reasons && !fields.followUpOn && (
          <Alert severity="error">{errorMessage(wrap.error, t('error'))}</Alert>
        )}
        <Box>
          <Button
            variant="contained"
            onClick={() =>
              wrap.mutate({
                callId: view.call.id,
                reasons,
                outcome,
                followUpOn: followUpOn || null,
                notes: notes.trim() || null,
              })
            }
            disabled={wrap.isPending}
            data-testid="wrap-up"
          >
            {view.call.status === 'active' ? t('wrap.endAndSubmit') : t('wrap.submit')}
          </Button>
        </Box>
      </Stack>
    </Card>
  );
}
