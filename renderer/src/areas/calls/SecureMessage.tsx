import SendIcon from '@mui/icons-material/Send';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors, useTRPC } from '../../trpc.ts';
import { Card, useInvalidate } from './CallParts.tsx';
import type { CallView } from './call-types.ts';

/**
 * A secure message to the caller's Message Center from the call: a reply on one of their open
 * threads, or a new thread. Sent through the messages area's reply (its freshness and ownership
 * rules apply) and recorded on the call.
 */
export function SecureMessage({ view }: { view: CallView }) {
  const { t, i18n } = useTranslation('calls');
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const customer = view.customer!;
  const fr = i18n.language.startsWith('fr');
  const [target, setTarget] = useState<string>(
    customer.threads[0] ? String(customer.threads[0].id) : 'new',
  );
  const [topic, setTopic] = useState(view.messageTopics[0]?.id ?? 'other');
  const [accountId, setAccountId] = useState<number | ''>(customer.accounts[0]?.id ?? '');
  const [body, setBody] = useState('');
  const [resolve, setResolve] = useState(false);
  const send = useMutation(
    trpc.calls.sendMessage.mutationOptions({
      onSuccess: () => {
        setBody('');
        invalidate();
      },
    }),
  );
  const fields = fieldErrors(send.error);
  const thread = customer.threads.find((x) => String(x.id) === target) ?? null;
  const topicLabel = (id: string) => {
    const found = view.messageTopics.find((x) => x.id === id);
    return found ? (fr ? found.label.fr : found.label.en) : id;
  };
  const submit = () => {
    const then = resolve ? ('resolve' as const) : ('wait' as const);
    send.mutate(
      thread
        ? { callId: view.call.id, threadId: thread.id, expectedVersion: thread.version, body, then }
        : {
            callId: view.call.id,
            threadId: null,
            topic,
            accountId: accountId === '' ? null : accountId,
            body,
            then,
          },
    );
  };
  return (
    <Card title={t('message.title')}>
      <Stack spacing={1.5}>
        <Stack direction="row" sx={{ gap: 1.5, flexWrap: 'wrap' }}>
          <TextField
            select
            size="small"
            label={t('message.to')}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            sx={{ minWidth: 320 }}
            slotProps={{ htmlInput: { 'data-testid': 'message-target' } }}
          >
            {customer.threads.map((x) => (
              <MenuItem key={x.id} value={String(x.id)}>
                {t('message.reply', { id: x.id, topic: topicLabel(x.topic), preview: x.preview })}
              </MenuItem>
            ))}
            <MenuItem value="new">{t('message.new')}</MenuItem>
          </TextField>
          {!thread && (
            <>
              <TextField
                select
                size="small"
                label={t('message.topic')}
                value={topic}
                onChange={(e) => setTopic(e.target.value)}
                sx={{ minWidth: 220 }}
                error={Boolean(fields.topic)}
                helperText={fields.topic}
              >
                {view.messageTopics.map((x) => (
                  <MenuItem key={x.id} value={x.id}>
                    {fr ? x.label.fr : x.label.en}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                select
                size="small"
                label={t('message.account')}
                value={accountId}
                onChange={(e) => setAccountId(e.target.value === '' ? '' : Number(e.target.value))}
                sx={{ minWidth: 160 }}
              >
                <MenuItem value="">—</MenuItem>
                {customer.accounts.map((a) => (
                  <MenuItem key={a.id} value={a.id}>
                    {a.accountNumber}
                  </MenuItem>
                ))}
              </TextField>
            </>
          )}
        </Stack>
        <TextField
          size="small"
          multiline
          minRows={3}
          label={t('message.body')}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          error={Boolean(fields.body)}
          helperText={fields.body ?? t('message.hint')}
          slotProps={{ htmlInput: { 'data-testid': 'message-body' } }}
        />
        <FormControlLabel
          control={
            <Checkbox
              size="small"
              checked={resolve}
              onChange={(e) => setResolve(e.target.checked)}
            />
          }
          label={t('message.resolve')}
        />
        {send.error && !fields.body && !fields.topic && (
          <Alert severity="error">{errorMessage(send.error, t('error'))}</Alert>
        )}
        {send.data && (
          <Alert severity="success" data-testid="message-sent">
            {t(send.data.created ? 'message.sentNew' : 'message.sentReply', {
              id: send.data.threadId,
            })}
          </Alert>
        )}
        <Box>
          <Button
            variant="outlined"
            startIcon={<SendIcon />}
            disabled={send.isPending || body.trim() === ''}
            onClick={submit}
            data-testid="message-send"
          >
            {t('message.send')}
          </Button>
        </Box>
      </Stack>
    </Card>
  );
}
