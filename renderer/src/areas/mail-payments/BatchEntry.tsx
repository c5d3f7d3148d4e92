import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useRequestKey } from '../../request-key.ts';
import { errorMessage, translator, useTRPC } from '../../trpc.ts';
import { userText } from '../../../../server/domain/shared/server-messages.ts';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';
import { BalanceBar } from './BalanceBar.tsx';
import type { BatchItem } from './batch-view.ts';
import { ItemEntryForm } from './ItemEntryForm.tsx';
import { ItemsTable } from './ItemsTable.tsx';
import { LockboxImport } from './LockboxImport.tsx';
import { PostConfirm } from './PostConfirm.tsx';
import { ReturnDialog } from './ReturnDialog.tsx';

/**
 * One mail batch: its balance against the deposit ticket, keying and importing items, the
 * items with their findings, posting (confirmed) and NSF returns of posted items.
 */
export function BatchEntry() {
  const { t, i18n } = useTranslation('mailPayments');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const batchId = Number(useParams().batchId);
  const view = useQuery(trpc.mailPayments.batches.get.queryOptions({ batchId }));
  const [nsfItem, setNsfItem] = useState<BatchItem | null>(null);
  const [confirmPost, setConfirmPost] = useState(false);
  // One key per screen, made per action below: a retried post or NSF replays the first answer.
  const [actionKey] = useRequestKey();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.mailPayments.pathKey() });

  const remove = useMutation(
    trpc.mailPayments.items.remove.mutationOptions({ onSuccess: () => void refresh() }),
  );
  const post = useMutation(
    trpc.mailPayments.batches.post.mutationOptions({
      onSuccess: () => {
        setConfirmPost(false);
        void refresh();
      },
    }),
  );
  const nsf = useMutation(
    trpc.mailPayments.items.returnNsf.mutationOptions({
      onSuccess: () => {
        setNsfItem(null);
        void refresh();
      },
    }),
  );
  if (view.error) return <Alert severity="error">{errorMessage(view.error, t('offline'))}</Alert>;
  if (!view.data) return null;
  const v = view.data;
  const editable = v.batch.status !== 'posted';

  return (
    <Box>
      <BalanceBar view={v} />
      {editable && <LockboxImport batchId={batchId} onImported={() => void refresh()} />}
      {editable && <ItemEntryForm batchId={batchId} onAdded={() => void refresh()} />}

      <Paper sx={{ p: 2, mb: 2 }}>
        <Stack
          direction="row"
          spacing={2}
          sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap' }}
          useFlexGap
        >
          <Typography variant="h6" component="h2">
            {t('entry.items')}
          </Typography>
          <Box sx={{ flex: 1 }} />
          <Button component={Link} to={`/mail-payments/batches/${batchId}/proof`}>
            {t('entry.proof')}
          </Button>
          {editable && (
            <Button
              variant="contained"
              color="success"
              disabled={post.isPending || v.blockers.length > 0}
              onClick={() => {
                post.reset();
                setConfirmPost(true);
              }}
            >
              {t('entry.post')}
            </Button>
          )}
          {confirmPost && (
            <PostConfirm
              view={v}
              busy={post.isPending}
              error={post.error ? errorMessage(post.error, t('offline')) : null}
              onCancel={() => setConfirmPost(false)}
              onConfirm={() =>
                post.mutate({ batchId, idempotencyKey: `post-${batchId}-${actionKey}` })
              }
            />
          )}
        </Stack>
        {editable && v.blockers.length > 0 && (
          <Alert severity="info" sx={{ mb: 1 }} data-testid="blockers">
            {v.blockers.map((b) => (
              <div key={b.key}>{userText(b, translator)}</div>
            ))}
          </Alert>
        )}
        {post.data && (
          <Alert severity="success" sx={{ mb: 1 }} data-testid="post-result">
            {post.data.alreadyPosted
              ? t('entry.alreadyPosted')
              : t('entry.posted', {
                  count: post.data.postedCount,
                  amount: money(post.data.postedCents, i18n.language),
                  date: v.batch.receiptDate,
                })}
          </Alert>
        )}
        {post.error && (
          <Alert severity="error" sx={{ mb: 1 }}>
            {errorMessage(post.error, t('offline'))}
          </Alert>
        )}
        <ItemsTable
          items={v.items}
          onDelete={editable ? (item) => remove.mutate({ itemId: item.id }) : undefined}
          onNsf={(item) => setNsfItem(item)}
        />
      </Paper>
      {nsfItem && (
        <ReturnDialog
          title={t('nsf.title', {
            seq: nsfItem.seq,
            amount: money(nsfItem.amountCents, i18n.language),
          })}
          facts={[
            [t('confirm.item'), t('confirm.itemValue', { seq: nsfItem.seq, batch: batchId })],
            [t('confirm.account'), nsfItem.accountNumber],
            [t('confirm.amount'), money(nsfItem.amountCents, i18n.language)],
            [
              t('confirm.instrument'),
              `${t(`instrument.${nsfItem.instrumentType}`)} ${nsfItem.instrumentNumber}`,
            ],
          ]}
          explain={t('nsf.explain')}
          confirmLabel={t('nsf.confirm')}
          busy={nsf.isPending}
          error={nsf.error ? errorMessage(nsf.error, t('offline')) : null}
          onCancel={() => setNsfItem(null)}
          onConfirm={(reason) =>
            nsf.mutate({
              itemId: nsfItem.id,
              reason,
              idempotencyKey: `nsf-${nsfItem.id}-${actionKey}`,
            })
          }
        />
      )}
    </Box>
  );
}
