import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, useTRPC, type RouterInputs } from '../../trpc.ts';
import { AddressBlock, FlagList, formatMoney } from './shared.tsx';
import type { Submitted } from './intake-types.ts';

export function EffectsStep({
  customerId,
  input,
  onBack,
  onDone,
}: {
  customerId: number;
  input: RouterInputs['addressChanges']['submit'];
  onBack: () => void;
  onDone: (r: Submitted) => void;
}) {
  const { t, i18n } = useTranslation('addressChanges');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const preview = useQuery(
    trpc.addressChanges.preview.queryOptions({
      customerId,
      requesterCustomerId: input.requesterCustomerId,
      accountIds: input.accountIds,
      address: input.address,
      verificationId: input.verificationId,
    }),
  );
  const submit = useMutation(
    trpc.addressChanges.submit.mutationOptions({
      onSuccess: (r) => {
        void queryClient.invalidateQueries({ queryKey: trpc.addressChanges.context.queryKey() });
        onDone(r);
      },
    }),
  );
  const p = preview.data;
  const money = (c: number | null) => formatMoney(c, i18n.language);
  const rows = useMemo(() => p?.effects.lockboxes ?? [], [p]);
  if (preview.error) return <Alert severity="error">{errorMessage(preview.error, '')}</Alert>;
  if (!p) return null;
  const e = p.effects;
  return (
    <Stack
      component="form"
      spacing={2}
      data-testid="effects"
      onSubmit={(ev) => {
        ev.preventDefault();
        submit.mutate(input);
      }}
    >
      <Typography variant="h6">{t('effects.title')}</Typography>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, sm: 6 }}>
          <Typography variant="overline">{t('detail.old')}</Typography>
          <AddressBlock address={p.currentAddress} />
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <Typography variant="overline">{t('detail.new')}</Typography>
          <AddressBlock address={p.address} />
        </Grid>
      </Grid>
      {p.sameAsCurrent && <Alert severity="info">{t('address.same')}</Alert>}
      <Table size="small">
        <TableBody>
          <TableRow>
            <TableCell component="th" sx={{ width: 260 }}>
              {t('effects.fee')}
            </TableCell>
            <TableCell data-testid="effect-fee">
              {e.fee.changed ? (
                <strong>
                  {money(e.fee.beforeCents)} ({e.fromRegion ?? '—'}) → {money(e.fee.afterCents)} (
                  {e.toRegion})
                </strong>
              ) : (
                t('effects.feeSame', { fee: money(e.fee.afterCents) })
              )}
            </TableCell>
          </TableRow>
          <TableRow>
            <TableCell component="th">{t('effects.ma')}</TableCell>
            <TableCell data-testid="effect-ma">
              {e.massachusettsRule.change === 'starts' && <strong>{t('effects.maStarts')}</strong>}
              {e.massachusettsRule.change === 'stops' && <strong>{t('effects.maStops')}</strong>}
              {e.massachusettsRule.change === 'none' &&
                t('effects.maNone', {
                  state: e.massachusettsRule.after ? t('effects.on') : t('effects.off'),
                })}
            </TableCell>
          </TableRow>
          <TableRow>
            <TableCell component="th">{t('effects.lease')}</TableCell>
            <TableCell data-testid="effect-lease">
              {e.leaseNotices.length === 0
                ? t('effects.leaseNone')
                : e.leaseNotices.map((n) => (
                    <div key={n.accountId}>
                      {t('effects.leaseNotice', {
                        account: n.accountNumber,
                        from: n.fromRegion ?? '—',
                        to: n.toRegion,
                      })}
                    </div>
                  ))}
            </TableCell>
          </TableRow>
          <TableRow>
            <TableCell component="th">{t('effects.disputes')}</TableCell>
            <TableCell>
              {e.openDisputes.length === 0
                ? t('effects.noneOpen')
                : e.openDisputes.map((d) => `#${d.id} ${d.label}`).join(' · ')}
            </TableCell>
          </TableRow>
          <TableRow>
            <TableCell component="th">{t('effects.messages')}</TableCell>
            <TableCell>
              {e.openMessages.length === 0
                ? t('effects.noneOpen')
                : e.openMessages.map((d) => `#${d.id} ${d.label}`).join(' · ')}
            </TableCell>
          </TableRow>
        </TableBody>
      </Table>
      <Typography variant="subtitle2">{t('effects.lockbox')}</Typography>
      <Table size="small" data-testid="effect-lockboxes">
        <TableHead>
          <TableRow>
            <TableCell>{t('effects.account')}</TableCell>
            <TableCell>{t('effects.before')}</TableCell>
            <TableCell>{t('effects.after')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((l) => (
            <TableRow key={l.accountId}>
              <TableCell>
                {l.accountNumber} · {l.accountType}
              </TableCell>
              <TableCell>
                {l.before
                  ? `${l.before.poBox}, ${l.before.city} ${l.before.region} ${l.before.postalCode}`
                  : '—'}
              </TableCell>
              <TableCell sx={{ fontWeight: l.changed ? 700 : 400 }}>
                {l.after.payee}, {l.after.poBox}, {l.after.city} {l.after.region}{' '}
                {l.after.postalCode}
                {l.changed && (
                  <Chip size="small" color="warning" label={t('effects.changed')} sx={{ ml: 1 }} />
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Divider />
      {p.redFlags.length > 0 ? (
        <Alert severity="warning" data-testid="needs-approval">
          <strong>{t('effects.flagsTitle')}</strong>
          <FlagList flags={p.redFlags} dense />
        </Alert>
      ) : (
        <Alert severity="success">{t('effects.noFlags')}</Alert>
      )}
      {submit.error && <Alert severity="error">{errorMessage(submit.error, '')}</Alert>}
      <Stack direction="row" spacing={1}>
        <Button onClick={onBack}>{t('effects.back')}</Button>
        <Button
          type="submit"
          variant="contained"
          color={p.needsApproval ? 'warning' : 'primary'}
          disabled={submit.isPending}
          autoFocus
        >
          {p.needsApproval ? t('effects.submitForApproval') : t('effects.apply')}
        </Button>
      </Stack>
    </Stack>
  );
}
