import { draftKey as draftKeyFor } from '../../drafts.ts';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef, useState } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useRequestKey } from '../../request-key.ts';
import { useShortcutHelp } from '../../shell/shortcuts.tsx';
import { usePaletteActions } from '../../shell/palette-actions.tsx';
import { useTabTitle } from '../../shell/WorkspaceTabs.tsx';
import { errorMessage, useTRPC, type RouterOutputs } from '../../trpc.ts';
import { CustomerPanel } from './CustomerPanel.tsx';
import { CollisionNotice } from './CollisionNotice.tsx';
import { MessageBubble } from './MessageBubble.tsx';
import { ReplyComposer } from './ReplyComposer.tsx';
import { ThreadHeader } from './ThreadHeader.tsx';
import { staleDetailOf, useMe, type StaleDetail } from './shared.tsx';

type ThreadData = RouterOutputs['messages']['thread'];
type Presence = RouterOutputs['messages']['presence'] extends AsyncIterable<infer T> ? T : never;

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function ThreadView() {
  const { id } = useParams();
  const threadId = Number(id);
  const { t } = useTranslation('messages');
  const trpc = useTRPC();
  const thread = useQuery({
    ...trpc.messages.thread.queryOptions({ id: threadId }),
    enabled: Number.isSafeInteger(threadId) && threadId > 0,
    refetchInterval: 60_000,
  });
  if (thread.isPending) return <CircularProgress />;
  if (thread.isError || !thread.data)
    return (
      <Alert severity="error">
        {thread.error ? errorMessage(thread.error, 'offline') : t('thread.notFound')}
      </Alert>
    );
  return <Thread key={threadId} data={thread.data} />;
}

function Thread({ data }: { data: ThreadData }) {
  const { t } = useTranslation('messages');
  const trpc = useTRPC();
  const navigate = useNavigate();
  const me = useMe();
  const th = data.thread;
  const draftKey = draftKeyFor(me.data?.id ?? 0, `thread.${th.id}`);
  const [base, setBase] = useState(th.version);
  const [kind, setKind] = useState<'reply' | 'note'>('reply');
  const [body, setBody] = useState(() => sessionStorage.getItem(draftKey) ?? '');
  const [files, setFiles] = useState<File[]>([]);
  const [stale, setStale] = useState<StaleDetail | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [presence, setPresence] = useState<Presence>([]);
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const conversationRef = useRef<HTMLDivElement>(null);
  const canned = useQuery(trpc.messages.cannedReplies.queryOptions({ threadId: th.id }));

  useEffect(() => {
    if (body) sessionStorage.setItem(draftKey, body);
    else sessionStorage.removeItem(draftKey);
  }, [body, draftKey]);

  useSubscription(
    trpc.messages.presence.subscriptionOptions(
      { threadId: th.id, mode: body.trim() ? 'replying' : 'viewing' },
      { onData: (list) => setPresence(list) },
    ),
  );
  const others = presence.filter((p) => p.userId !== me.data?.id);

  const onVersion = (r: { version: number }) => setBase(r.version);
  const onError = (e: unknown) => {
    const detail = staleDetailOf(e);
    if (detail) setStale(detail);
    else setDone(null);
  };
  const claim = useMutation(trpc.messages.claim.mutationOptions({ onSuccess: onVersion, onError }));
  const release = useMutation(
    trpc.messages.release.mutationOptions({ onSuccess: onVersion, onError }),
  );
  const setState = useMutation(
    trpc.messages.setState.mutationOptions({ onSuccess: onVersion, onError }),
  );
  const next = useMutation(
    trpc.messages.next.mutationOptions({
      onSuccess: (r) => r.threadId && void navigate(`/messages/${r.threadId}`),
    }),
  );
  // One key per reply: resent if the same reply is retried, renewed once it went out.
  const [replyKey, renewReplyKey] = useRequestKey();
  const reply = useMutation(
    trpc.messages.reply.mutationOptions({
      onSuccess: (r) => {
        renewReplyKey();
        setBase(r.version);
        setBody('');
        setFiles([]);
        setStale(null);
        setDone(kind === 'note' ? t('composer.noteAdded') : t('composer.sent'));
        // Out of the composer, so the queue keys (n, c, r…) work again straight away.
        conversationRef.current?.focus();
      },
      onError,
    }),
  );
  // "X already has this thread": the agent must look before anything is sent on it.
  const claimConflict =
    claim.error !== null && (claim.error as { data?: { code?: string } }).data?.code === 'CONFLICT';
  const sendBlocked = stale !== null || claimConflict;
  const failure = [claim, release, setState, reply]
    .map((m) => m.error)
    .find((e) => e && !staleDetailOf(e));

  const send = async (then: 'wait' | 'resolve') => {
    if (!body.trim() || reply.isPending || sendBlocked) return;
    setDone(null);
    const attachments = await Promise.all(
      files.map(async (f) => ({ filename: f.name, contentBase64: await toBase64(f) })),
    );
    reply.mutate({
      threadId: th.id,
      expectedVersion: base,
      kind,
      body,
      then,
      attachments,
      idempotencyKey: replyKey,
    });
  };
  const acknowledge = () => {
    setBase(Math.max(stale?.currentVersion ?? 0, th.version));
    setStale(null);
    reply.reset();
    claim.reset();
    replyRef.current?.focus();
  };

  const mine = th.assigneeId !== null && th.assigneeId === me.data?.id;
  const changedLive = th.version > base && !stale;
  const newerIds = new Set(
    stale?.newer?.map((m) => m.id) ??
      data.messages.filter((m) => m.threadVersion > base).map((m) => m.id),
  );
  const closed = th.state === 'closed';

  useHotkeys('r', () => replyRef.current?.focus(), { preventDefault: true });
  useHotkeys('c', () => !mine && claim.mutate({ threadId: th.id }), [mine, th.id]);
  useHotkeys('n', () => next.mutate({}), []);
  useHotkeys('escape', () => void navigate('/messages'), []);
  useHotkeys(
    'mod+enter',
    () => void send('wait'),
    { enableOnFormTags: true, preventDefault: true },
    [body, base, kind, files, replyKey, sendBlocked],
  );
  useShortcutHelp(t('shortcuts.group'), [
    { keys: 'R', label: t('shortcuts.reply') },
    { keys: 'Ctrl+Enter', label: t('shortcuts.send') },
    { keys: 'C', label: t('shortcuts.claim') },
    { keys: 'N', label: t('shortcuts.next') },
    { keys: 'Esc', label: t('shortcuts.back') },
  ]);

  const handoff = data.topic?.handoff;
  const handoffUrl =
    handoff === 'dispute'
      ? `/disputes/new?fromThread=${th.id}&customerId=${th.customerId}${th.accountId ? `&accountId=${th.accountId}` : ''}`
      : handoff === 'address_change'
        ? `/address-changes/new?fromThread=${th.id}&customerId=${th.customerId}`
        : null;
  useTabTitle(`thread:${th.id}`, data.customer?.displayName);
  usePaletteActions([
    !mine &&
      !closed && {
        id: 'claim',
        label: t('actions.claim'),
        run: () => claim.mutate({ threadId: th.id }),
      },
    mine &&
      !closed && {
        id: 'release',
        label: t('actions.release'),
        run: () => release.mutate({ threadId: th.id }),
      },
    !closed && {
      id: 'reply',
      label: t('shortcuts.reply'),
      run: () => setTimeout(() => replyRef.current?.focus(), 0),
    },
    handoffUrl !== null && {
      id: 'handoff',
      label: handoff === 'dispute' ? t('thread.handoffDispute') : t('thread.handoffAddress'),
      run: () => void navigate(handoffUrl),
    },
    { id: 'next', label: t('actions.next'), run: () => next.mutate({}) },
  ]);

  return (
    <Box
      sx={{
        display: 'grid',
        gridTemplateColumns: 'minmax(0, 1fr) 340px',
        gap: 2,
        alignItems: 'start',
      }}
    >
      <Stack spacing={1.5} sx={{ minWidth: 0 }}>
        <ThreadHeader
          data={data}
          others={others}
          claimPending={claim.isPending}
          onClaim={() => claim.mutate({ threadId: th.id })}
          onRelease={() => release.mutate({ threadId: th.id })}
          onAction={(action) => setState.mutate({ threadId: th.id, expectedVersion: base, action })}
          onNext={() => next.mutate({})}
          handoffUrl={handoffUrl}
        />

        {(stale || changedLive) && (
          <CollisionNotice stale={stale} threadState={th.state} onAcknowledge={acknowledge} />
        )}

        <Stack
          spacing={1}
          data-testid="conversation"
          ref={conversationRef}
          tabIndex={-1}
          role="region"
          aria-label={t('thread.title', { id: th.id })}
          sx={{ '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main' } }}
        >
          {data.messages.map((m) => (
            <MessageBubble
              key={m.id}
              m={m}
              fresh={newerIds.has(m.id) && (stale !== null || changedLive)}
            />
          ))}
        </Stack>

        {closed ? (
          <Paper sx={{ p: 1.5 }}>
            <Alert severity="info">{t('composer.closed')}</Alert>
          </Paper>
        ) : (
          <ReplyComposer
            kind={kind}
            setKind={setKind}
            body={body}
            setBody={setBody}
            files={files}
            setFiles={setFiles}
            replyRef={replyRef}
            canned={canned.data?.replies}
            customerLanguage={data.customer?.language ?? 'en'}
            sending={reply.isPending}
            blocked={sendBlocked}
            onSend={(then) => void send(then)}
            failure={failure ? errorMessage(failure, 'offline') : null}
            onDismissFailure={claimConflict ? () => claim.reset() : undefined}
            done={done}
            onDismissDone={() => setDone(null)}
          />
        )}
      </Stack>

      <Stack spacing={1.5} sx={{ position: 'sticky', top: 0 }}>
        <CustomerPanel data={data} />
      </Stack>
    </Box>
  );
}
