import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, useTRPC, type RouterInputs } from '../../trpc.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';

type Draft = RouterInputs['disputes']['policyDiff']['draft'];

/** The draft text as the server's schema wants it, or the reason it is not JSON. */
function parseDraft(text: string): { draft: Draft | null; error: string | null } {
  try {
    return { draft: JSON.parse(text) as Draft, error: null };
  } catch (e) {
    return { draft: null, error: (e as Error).message };
  }
}

/**
 * Compliance's policy screen (supervisors and admins): start a draft from the version in effect,
 * edit its clocks as data, see every difference from the current version (checked by the server
 * against the policy schema), and publish it with an effective date. Cases keep the version they
 * were opened under.
 */
export function PolicyEditor() {
  const { t, i18n } = useTranslation('disputes');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.disputes.currentPolicy.queryOptions());
  const [text, setText] = useState<string | null>(null);
  const [checked, setChecked] = useState<Draft | null>(null);
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [notes, setNotes] = useState('');
  const [confirm, setConfirm] = useState(false);
  const diff = useQuery({
    ...trpc.disputes.policyDiff.queryOptions({
      draft: checked ?? { atRiskBusinessDays: 0, clocks: [] },
    }),
    enabled: checked !== null,
    retry: false,
  });
  const publish = useMutation(
    trpc.disputes.publishPolicy.mutationOptions({
      onSuccess: () => {
        setText(null);
        setChecked(null);
        void queryClient.invalidateQueries({
          predicate: (q) => Array.isArray(q.queryKey[0]) && q.queryKey[0][0] === 'disputes',
        });
      },
    }),
  );
  const parsed = text === null ? null : parseDraft(text);
  const clockName = (id: string) => {
    const clock = current.data?.clocks.find((k) => k.id === id);
    if (!clock) return id === 'policy' ? t('policyEditor.wholePolicy') : id;
    return i18n.language.startsWith('fr') ? clock.label.fr : clock.label.en;
  };

  const startDraft = () => {
    const p = current.data;
    if (!p) return;
    setText(
      JSON.stringify({ atRiskBusinessDays: p.atRiskBusinessDays, clocks: p.clocks }, null, 2),
    );
    setChecked(null);
  };

  return (
    <Paper sx={{ p: 2 }} data-testid="policy-editor">
      <Stack spacing={2}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Typography variant="subtitle1" sx={{ fontWeight: 700, flex: 1 }}>
            {t('policyEditor.title')}
            {current.data &&
              ` · ${t('policyEditor.current', { version: current.data.version, from: current.data.effectiveFrom })}`}
          </Typography>
          <Button variant="outlined" onClick={startDraft} disabled={!current.data}>
            {t('policyEditor.newDraft')}
          </Button>
        </Stack>
        {publish.isSuccess && (
          <Alert severity="success" data-testid="policy-published">
            {t('policyEditor.published', {
              version: publish.data.version,
              from: publish.data.effectiveFrom,
            })}
          </Alert>
        )}
        {text !== null && (
          <>
            <TextField
              label={t('policyEditor.draft')}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setChecked(null);
              }}
              multiline
              minRows={10}
              maxRows={24}
              error={Boolean(parsed?.error)}
              helperText={parsed?.error ?? t('policyEditor.draftHelp')}
              slotProps={{
                htmlInput: {
                  'data-testid': 'policy-draft',
                  spellCheck: false,
                  style: { fontFamily: 'monospace', fontSize: 12 },
                },
              }}
            />
            <Stack direction="row" spacing={1}>
              <Button
                variant="contained"
                disabled={!parsed?.draft}
                onClick={() => setChecked(parsed?.draft ?? null)}
              >
                {t('policyEditor.compare')}
              </Button>
            </Stack>
          </>
        )}
        {checked && diff.error && (
          <Alert severity="error">{errorMessage(diff.error, t('common:shell.offline'))}</Alert>
        )}
        {checked && diff.data && (
          <>
            <Typography variant="subtitle2">
              {t('policyEditor.changes', {
                count: diff.data.changes.length,
                version: diff.data.current.version,
              })}
            </Typography>
            <Table size="small" data-testid="policy-diff">
              <TableHead>
                <TableRow>
                  <TableCell>{t('case.clock')}</TableCell>
                  <TableCell>{t('policyEditor.field')}</TableCell>
                  <TableCell>{t('policyEditor.from')}</TableCell>
                  <TableCell>{t('policyEditor.to')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {diff.data.changes.map((c) => (
                  <TableRow key={`${c.clockId}.${c.field}`}>
                    <TableCell>
                      {clockName(c.clockId)}
                      <Typography
                        variant="caption"
                        component="div"
                        sx={{ fontFamily: 'monospace' }}
                      >
                        {c.clockId}
                      </Typography>
                    </TableCell>
                    <TableCell sx={{ fontFamily: 'monospace' }}>{c.field}</TableCell>
                    <TableCell sx={{ color: 'error.main', wordBreak: 'break-word', maxWidth: 360 }}>
                      {c.from ?? '—'}
                    </TableCell>
                    <TableCell
                      sx={{ color: 'success.main', wordBreak: 'break-word', maxWidth: 360 }}
                    >
                      {c.to ?? '—'}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {diff.data.changes.length > 0 && (
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <TextField
                  type="date"
                  size="small"
                  label={t('policyEditor.effectiveFrom')}
                  value={effectiveFrom}
                  onChange={(e) => setEffectiveFrom(e.target.value)}
                  slotProps={{ inputLabel: { shrink: true } }}
                />
                <TextField
                  size="small"
                  label={t('policyEditor.notes')}
                  value={notes}
                  onChange={(e) => setNotes(e.target.value)}
                  sx={{ flex: 1, minWidth: 260 }}
                />
                <Button
                  variant="contained"
                  color="warning"
                  disabled={!effectiveFrom || notes.trim().length < 10 || publish.isPending}
                  onClick={() => setConfirm(true)}
                >
                  {t('policyEditor.publish')}
                </Button>
              </Stack>
            )}
            {publish.error && (
              <Alert severity="error">
                {errorMessage(publish.error, t('common:shell.offline'))}
              </Alert>
            )}
            <ConfirmDialog
              open={confirm}
              title={t('policyEditor.confirm')}
              facts={[
                [t('policyEditor.version'), String(diff.data.current.version + 1)],
                [t('policyEditor.effectiveFrom'), effectiveFrom],
                [t('policyEditor.changesCount'), String(diff.data.changes.length)],
              ]}
              confirmLabel={t('policyEditor.publish')}
              busy={publish.isPending}
              onCancel={() => setConfirm(false)}
              onConfirm={() => {
                setConfirm(false);
                publish.mutate({ draft: checked, effectiveFrom, notes });
              }}
            />
          </>
        )}
      </Stack>
    </Paper>
  );
}
