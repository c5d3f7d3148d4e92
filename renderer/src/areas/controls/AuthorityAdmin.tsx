import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
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
import { errorMessage, fieldErrors, useTRPC, type RouterOutputs } from '../../trpc.ts';
import { limitText, parseLimit, showCents } from './money-limit.ts';

type Rule = RouterOutputs['authority']['rules'][number];
const LIMITS = ['perItemCents', 'perCaseCents', 'perDayCents'] as const;

/**
 * The authority matrix (issue 21): per role and money action, the limits one person may move
 * alone and whether a second person is always needed. Edited with a reason; audited.
 */
export default function AuthorityAdmin() {
  const { t, i18n } = useTranslation('controls');
  const trpc = useTRPC();
  const rules = useQuery(trpc.authority.rules.queryOptions());
  const [editing, setEditing] = useState<Rule | null>(null);
  if (rules.error) return <Alert severity="error">{errorMessage(rules.error, t('offline'))}</Alert>;
  if (!rules.data) return null;
  const limit = (cents: number | null) =>
    cents === null ? t('authority.noLimit') : showCents(cents, i18n.language);
  return (
    <Paper sx={{ p: 2 }}>
      <Typography variant="h6" component="h2">
        {t('authority.title')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('authority.intro')}
      </Typography>
      <Table size="small" aria-label={t('authority.title')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('authority.role')}</TableCell>
            <TableCell>{t('authority.action')}</TableCell>
            <TableCell align="right">{t('authority.perItem')}</TableCell>
            <TableCell align="right">{t('authority.perCase')}</TableCell>
            <TableCell align="right">{t('authority.perDay')}</TableCell>
            <TableCell>{t('authority.secondPerson')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {rules.data.map((r) => (
            <TableRow key={`${r.role}:${r.action}`} data-testid={`rule-${r.role}-${r.action}`}>
              <TableCell>{t(`role.${r.role}`)}</TableCell>
              <TableCell>{t(`action.${r.action}`)}</TableCell>
              <TableCell align="right">{limit(r.perItemCents)}</TableCell>
              <TableCell align="right">{limit(r.perCaseCents)}</TableCell>
              <TableCell align="right">{limit(r.perDayCents)}</TableCell>
              <TableCell>{r.secondPerson ? t('authority.always') : '—'}</TableCell>
              <TableCell>
                <Button size="small" onClick={() => setEditing(r)}>
                  {t('authority.edit')}
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {editing && <RuleEditor rule={editing} onDone={() => setEditing(null)} />}
    </Paper>
  );
}

function RuleEditor({ rule, onDone }: { rule: Rule; onDone: () => void }) {
  const { t } = useTranslation('controls');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState<Record<(typeof LIMITS)[number], string>>({
    perItemCents: limitText(rule.perItemCents),
    perCaseCents: limitText(rule.perCaseCents),
    perDayCents: limitText(rule.perDayCents),
  });
  const [secondPerson, setSecondPerson] = useState(rule.secondPerson);
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation(
    trpc.authority.updateRule.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.authority.rules.queryFilter());
        onDone();
      },
    }),
  );
  const server = fieldErrors(save.error);
  const submit = () => {
    const parsed = Object.fromEntries(LIMITS.map((k) => [k, parseLimit(text[k])])) as Record<
      (typeof LIMITS)[number],
      number | null | undefined
    >;
    const errors: Record<string, string> = {};
    for (const k of LIMITS) if (parsed[k] === undefined) errors[k] = t('authority.badAmount');
    setLocal(errors);
    if (Object.keys(errors).length > 0) return;
    save.mutate({
      role: rule.role,
      action: rule.action,
      perItemCents: parsed.perItemCents ?? null,
      perCaseCents: parsed.perCaseCents ?? null,
      perDayCents: parsed.perDayCents ?? null,
      secondPerson,
      reason,
    });
  };
  const labels = {
    perItemCents: t('authority.perItem'),
    perCaseCents: t('authority.perCase'),
    perDayCents: t('authority.perDay'),
  };
  return (
    <Dialog open onClose={save.isPending ? undefined : onDone} fullWidth maxWidth="xs">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <DialogTitle>
          {t('authority.editTitle', {
            role: t(`role.${rule.role}`),
            action: t(`action.${rule.action}`),
          })}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            {LIMITS.map((k) => (
              <TextField
                key={k}
                label={labels[k]}
                value={text[k]}
                onChange={(e) => setText({ ...text, [k]: e.target.value })}
                error={Boolean(local[k] ?? server[k])}
                helperText={local[k] ?? server[k] ?? t('authority.emptyIsNoLimit')}
                slotProps={{ htmlInput: { inputMode: 'decimal', 'data-testid': `limit-${k}` } }}
              />
            ))}
            <FormControlLabel
              control={
                <Checkbox
                  checked={secondPerson}
                  onChange={(e) => setSecondPerson(e.target.checked)}
                />
              }
              label={t('authority.secondPersonLabel')}
            />
            <TextField
              label={t('authority.reason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
              error={Boolean(server.reason)}
              helperText={server.reason}
            />
            {save.error && Object.keys(server).length === 0 && (
              <Alert severity="error">{errorMessage(save.error, t('offline'))}</Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onDone} disabled={save.isPending}>
            {t('cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={save.isPending}>
            {t('authority.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
