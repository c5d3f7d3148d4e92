import { draftKey as draftKeyFor } from '../../drafts.ts';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import AttachFileIcon from '@mui/icons-material/AttachFile';
import CallSplitIcon from '@mui/icons-material/CallSplit';
import EditNoteIcon from '@mui/icons-material/EditNote';
import VisibilityIcon from '@mui/icons-material/Visibility';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
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
import {
  SlaChip,
  staleDetailOf,
  topicLabel,
  useMe,
  useTopics,
  type StaleDetail,
} from './shared.tsx';
import { CentreTime } from '../../components/CentreTime.tsx';

type ThreadData = RouterOutputs['messages']['thread'];
type Message = ThreadData['messages'][number];
type Presence = RouterOutputs['messages']['presence'] extends AsyncIterable<infer T> ? T : never;

const MAX_BYTES = 10 * 1024 * 1024;

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

function MessageBubble({ m, fresh }: { m: Message; fresh: boolean }) {
  const { t } = useTranslation('messages');
  const who =
    m.direction === 'inbound'
      ? t('thread.inbound')
      : t(`thread.${m.direction}`, { name: m.authorName ?? '?' });
  const colors = {
    inbound: { bgcolor: 'background.paper', borderColor: 'divider' },
    outbound: { bgcolor: 'rgba(25,118,210,0.07)', borderColor: 'primary.light' },
    note: { bgcolor: 'rgba(237,108,2,0.08)', borderColor: 'warning.light' },
  }[m.direction];
  return (
    <Paper
      variant="outlined"
      data-testid="message"
      data-direction={m.direction}
      sx={{
        p: 1.25,
        ml: m.direction === 'inbound' ? 0 : 6,
        mr: m.direction === 'inbound' ? 6 : 0,
        ...colors,
        borderWidth: fresh ? 2 : 1,
        borderColor: fresh ? 'warning.main' : colors.borderColor,
      }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline', mb: 0.5 }}>
        <Typography variant="caption" sx={{ fontWeight: 700 }}>
          {who}
        </Typography>
        <Typography variant="caption" sx={{ color: 'text.secondary' }}>
          <CentreTime iso={m.createdAt} />
        </Typography>
        {fresh && (
          <Chip size="small" color="warning" label="NEW" sx={{ height: 18, fontSize: 10 }} />
        )}
      </Stack>
      <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
        {m.body}
      </Typography>
      {m.attachments.length > 0 && (
        <Stack direction="row" spacing={1} sx={{ mt: 0.75, flexWrap: 'wrap' }}>
          {m.attachments.map((a) => (
            <Chip
              key={a.id}
              size="small"
              icon={<AttachFileIcon />}
              component="a"
              href={`/api/messages/attachments/${a.id}`}
              clickable
              label={`${a.filename} (${Math.ceil(a.sizeBytes / 1024)} KB)`}
            />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function Thread({ data }: { data: ThreadData }) {
  const { t, i18n } = useTranslation('messages');
  const trpc = useTRPC();
  const navigate = useNavigate();
  const me = useMe();
  const topics = useTopics();
  const th = data.thread;
  const draftKey = draftKeyFor(me.data?.id ?? 0, `thread.${th.id}`);
  const [base, setBase] = useState(th.version);
  const [kind, setKind] = useState<'reply' | 'note'>('reply');
  const [body, setBody] = useState(() => sessionStorage.getItem(draftKey) ?? '');
  const [files, setFiles] = useState<File[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const [lang, setLang] = useState<'en' | 'fr'>(data.customer?.language ?? 'en');
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

  const insertCanned = (id: string) => {
    const r = canned.data?.replies.find((x) => x.id === id);
    if (!r) return;
    const text = r[lang].text;
    setBody((b) => (b.trim() ? `${b.trimEnd()}\n\n${text}` : text));
    replyRef.current?.focus();
  };
  const missing = canned.data
    ? [...body.matchAll(/\{(customerName|accountNumber|amountDue|agentName|lenderName)\}/g)].map(
        (m) => m[1],
      )
    : [];

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
        <Paper sx={{ p: 1.5 }}>
          <Stack
            direction="row"
            spacing={1}
            sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}
          >
            <Tooltip title={`${t('actions.back')} (Esc)`}>
              <IconButton
                size="small"
                onClick={() => void navigate('/messages')}
                aria-label={t('actions.back')}
              >
                <ArrowBackIcon fontSize="small" />
              </IconButton>
            </Tooltip>
            <Typography variant="h6" component="h1" sx={{ fontSize: 17 }}>
              {t('thread.title', { id: th.id })}
            </Typography>
            <Chip size="small" label={topicLabel(topics.data, th.topic, i18n.language)} />
            <Chip
              size="small"
              variant="outlined"
              label={t(`states.${th.state}`)}
              data-testid="thread-state"
            />
            <SlaChip status={th.slaStatus} />
            <Typography variant="body2" sx={{ color: 'text.secondary' }} data-testid="thread-owner">
              {th.assigneeName ? t('thread.owner', { name: th.assigneeName }) : t('thread.noOwner')}
            </Typography>
            <Box sx={{ flex: 1 }} />
            {!mine && !closed && (
              <Button
                size="small"
                variant="contained"
                onClick={() => claim.mutate({ threadId: th.id })}
                disabled={claim.isPending}
              >
                {t('actions.claim')}
              </Button>
            )}
            {mine && !closed && (
              <Button size="small" onClick={() => release.mutate({ threadId: th.id })}>
                {t('actions.release')}
              </Button>
            )}
            {(th.state === 'new' || th.state === 'open') && (
              <Button
                size="small"
                onClick={() =>
                  setState.mutate({ threadId: th.id, expectedVersion: base, action: 'wait' })
                }
              >
                {t('actions.wait')}
              </Button>
            )}
            {['new', 'open', 'waiting_on_customer'].includes(th.state) && (
              <Button
                size="small"
                onClick={() =>
                  setState.mutate({ threadId: th.id, expectedVersion: base, action: 'resolve' })
                }
              >
                {t('actions.resolve')}
              </Button>
            )}
            {!closed && (
              <Button
                size="small"
                color="error"
                onClick={() =>
                  setState.mutate({ threadId: th.id, expectedVersion: base, action: 'close' })
                }
              >
                {t('actions.close')}
              </Button>
            )}
            {(th.state === 'resolved' || closed) && (
              <Button
                size="small"
                onClick={() =>
                  setState.mutate({ threadId: th.id, expectedVersion: base, action: 'reopen' })
                }
              >
                {t('actions.reopen')}
              </Button>
            )}
            <Button size="small" variant="outlined" onClick={() => next.mutate({})}>
              {t('actions.next')}
            </Button>
          </Stack>
          {(handoffUrl || data.links.length > 0) && (
            <Stack
              direction="row"
              spacing={1}
              sx={{ mt: 1, alignItems: 'center', flexWrap: 'wrap' }}
              data-testid="thread-links"
            >
              {handoffUrl && (
                <Button
                  size="small"
                  variant="outlined"
                  color="secondary"
                  startIcon={<CallSplitIcon />}
                  onClick={() => void navigate(handoffUrl)}
                >
                  {handoff === 'dispute' ? t('thread.handoffDispute') : t('thread.handoffAddress')}
                </Button>
              )}
              {data.links.length > 0 && (
                <Typography variant="caption" sx={{ color: 'text.secondary' }}>
                  {t('thread.links')}:
                </Typography>
              )}
              {data.links.map((l) => (
                <Chip
                  key={l.id}
                  size="small"
                  color="secondary"
                  clickable
                  label={t(`thread.${l.targetType}`, { id: l.targetId })}
                  onClick={() =>
                    void navigate(
                      l.targetType === 'dispute'
                        ? `/disputes/${l.targetId}`
                        : `/address-changes/${l.targetId}`,
                    )
                  }
                />
              ))}
            </Stack>
          )}
          <Stack
            direction="row"
            spacing={1}
            sx={{ mt: 1, alignItems: 'center', minHeight: 24 }}
            data-testid="presence"
            aria-live="polite"
          >
            {others.length === 0 ? (
              <Typography variant="caption" sx={{ color: 'text.secondary' }}>
                {t('presence.alone')}
              </Typography>
            ) : (
              others.map((p) => (
                <Chip
                  key={p.userId}
                  size="small"
                  color={p.mode === 'replying' ? 'warning' : 'info'}
                  icon={p.mode === 'replying' ? <EditNoteIcon /> : <VisibilityIcon />}
                  label={t(`presence.${p.mode}`, { name: p.name })}
                />
              ))
            )}
          </Stack>
        </Paper>

        {(stale || changedLive) && (
          <Alert
            severity={stale ? 'error' : 'warning'}
            data-testid="collision-notice"
            action={
              <Button color="inherit" size="small" onClick={acknowledge}>
                {t('collision.ack')}
              </Button>
            }
          >
            <AlertTitle>{t('collision.title')}</AlertTitle>
            {stale ? t('collision.stopped') : t('collision.changedLive')}
            {stale && (
              <Typography variant="body2" sx={{ mt: 0.5 }}>
                {t('collision.state', {
                  state: t(`states.${stale.state ?? th.state}`),
                  owner: stale.assigneeName ?? t('collision.nobody'),
                })}
              </Typography>
            )}
            {stale?.newer && stale.newer.length > 0 && (
              <Box sx={{ mt: 1 }}>
                <Typography variant="caption" sx={{ fontWeight: 700 }}>
                  {t('collision.newer')}
                </Typography>
                {stale.newer.map((m) => (
                  <Typography
                    key={m.id}
                    variant="body2"
                    sx={{
                      whiteSpace: 'pre-wrap',
                      borderLeft: 3,
                      borderColor: 'warning.main',
                      pl: 1,
                      my: 0.5,
                    }}
                  >
                    <b>
                      {m.direction === 'inbound'
                        ? t('thread.inbound')
                        : t(`thread.${m.direction}`, { name: m.authorName ?? '?' })}
                      :
                    </b>{' '}
                    {m.body}
                  </Typography>
                ))}
              </Box>
            )}
          </Alert>
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

        <Paper sx={{ p: 1.5 }}>
          {closed ? (
            <Alert severity="info">{t('composer.closed')}</Alert>
          ) : (
            <Stack spacing={1}>
              <Stack
                direction="row"
                spacing={1}
                sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}
              >
                <ToggleButtonGroup
                  size="small"
                  exclusive
                  value={kind}
                  onChange={(_e, v: 'reply' | 'note' | null) => v && setKind(v)}
                >
                  <ToggleButton value="reply">{t('composer.reply')}</ToggleButton>
                  <ToggleButton value="note">{t('composer.note')}</ToggleButton>
                </ToggleButtonGroup>
                <TextField
                  select
                  size="small"
                  label={t('composer.canned')}
                  value=""
                  onChange={(e) => insertCanned(e.target.value)}
                  sx={{ width: 280 }}
                  disabled={kind === 'note'}
                >
                  <MenuItem value="" disabled>
                    {t('composer.cannedNone')}
                  </MenuItem>
                  {(canned.data?.replies ?? []).map((r) => (
                    <MenuItem key={r.id} value={r.id}>
                      {r.title[lang]}
                    </MenuItem>
                  ))}
                </TextField>
                <ToggleButtonGroup
                  size="small"
                  exclusive
                  value={lang}
                  onChange={(_e, v: 'en' | 'fr' | null) => v && setLang(v)}
                  aria-label={t('composer.cannedLang')}
                >
                  <ToggleButton value="en">EN</ToggleButton>
                  <ToggleButton value="fr">FR</ToggleButton>
                </ToggleButtonGroup>
              </Stack>
              <TextField
                inputRef={replyRef}
                multiline
                minRows={5}
                maxRows={16}
                label={kind === 'note' ? t('composer.noteLabel') : t('composer.label')}
                value={body}
                onChange={(e) => setBody(e.target.value)}
                sx={
                  kind === 'note'
                    ? { '& .MuiOutlinedInput-root': { bgcolor: 'rgba(237,108,2,0.05)' } }
                    : undefined
                }
              />
              {missing.length > 0 && (
                <Typography variant="caption" sx={{ color: 'warning.main' }}>
                  {t('composer.missing', { names: missing.join(', ') })}
                </Typography>
              )}
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <Button component="label" size="small" startIcon={<AttachFileIcon />}>
                  {t('composer.attach')}
                  <input
                    hidden
                    type="file"
                    multiple
                    accept=".pdf,.png,.jpg,.jpeg,.heic,.heif,application/pdf,image/png,image/jpeg,image/heic"
                    onChange={(e) => {
                      const picked = [...(e.target.files ?? [])];
                      const big = picked.find((f) => f.size > MAX_BYTES);
                      setFileError(big ? t('composer.tooBig', { name: big.name }) : null);
                      setFiles(picked.filter((f) => f.size <= MAX_BYTES).slice(0, 5));
                      e.target.value = '';
                    }}
                  />
                </Button>
                {files.map((f) => (
                  <Chip
                    key={f.name}
                    size="small"
                    label={f.name}
                    onDelete={() => setFiles((l) => l.filter((x) => x !== f))}
                  />
                ))}
                <Typography variant="caption" sx={{ color: 'text.secondary' }}>
                  {t('composer.attachHint')}
                </Typography>
                <Box sx={{ flex: 1 }} />
                {kind === 'reply' ? (
                  <>
                    <Button
                      variant="outlined"
                      onClick={() => void send('resolve')}
                      disabled={!body.trim() || reply.isPending || sendBlocked}
                    >
                      {t('composer.sendResolve')}
                    </Button>
                    <Button
                      variant="contained"
                      onClick={() => void send('wait')}
                      disabled={!body.trim() || reply.isPending || sendBlocked}
                    >
                      {t('composer.send')}
                    </Button>
                  </>
                ) : (
                  <Button
                    variant="contained"
                    color="warning"
                    onClick={() => void send('wait')}
                    disabled={!body.trim() || reply.isPending || sendBlocked}
                  >
                    {t('composer.addNote')}
                  </Button>
                )}
              </Stack>
              {fileError && <Alert severity="warning">{fileError}</Alert>}
              {failure && (
                <Alert
                  severity="error"
                  {...(claimConflict ? { onClose: () => claim.reset() } : {})}
                >
                  {errorMessage(failure, 'offline')} {t('composer.draftKept')}
                </Alert>
              )}
              {done && (
                <Alert severity="success" onClose={() => setDone(null)}>
                  {done}
                </Alert>
              )}
            </Stack>
          )}
        </Paper>
      </Stack>

      <Stack spacing={1.5} sx={{ position: 'sticky', top: 0 }}>
        <CustomerPanel data={data} />
      </Stack>
    </Box>
  );
}
