import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import CallSplitIcon from '@mui/icons-material/CallSplit';
import EditNoteIcon from '@mui/icons-material/EditNote';
import VisibilityIcon from '@mui/icons-material/Visibility';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { RouterOutputs } from '../../trpc.ts';
import { SlaChip, topicLabel, useMe, useTopics } from './shared.tsx';

type ThreadData = RouterOutputs['messages']['thread'];
type Presence = RouterOutputs['messages']['presence'] extends AsyncIterable<infer T> ? T : never;
export type ThreadAction = 'wait' | 'resolve' | 'close' | 'reopen';

/**
 * The thread's header: number, topic, state, SLA and owner; the actions that fit its state
 * (claim, release, wait, resolve, close, reopen, next); the hand-off and linked cases; and who
 * else is viewing or replying.
 */
export function ThreadHeader({
  data,
  others,
  claimPending,
  onClaim,
  onRelease,
  onAction,
  onNext,
  handoffUrl,
}: {
  data: ThreadData;
  others: Presence;
  claimPending: boolean;
  onClaim: () => void;
  onRelease: () => void;
  onAction: (action: ThreadAction) => void;
  onNext: () => void;
  handoffUrl: string | null;
}) {
  const { t, i18n } = useTranslation('messages');
  const navigate = useNavigate();
  const me = useMe();
  const topics = useTopics();
  const th = data.thread;
  const handoff = data.topic?.handoff;
  const mine = th.assigneeId !== null && th.assigneeId === me.data?.id;
  const closed = th.state === 'closed';
  return (
    <Paper sx={{ p: 1.5 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
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
          <Button size="small" variant="contained" onClick={onClaim} disabled={claimPending}>
            {t('actions.claim')}
          </Button>
        )}
        {mine && !closed && (
          <Button size="small" onClick={onRelease}>
            {t('actions.release')}
          </Button>
        )}
        {(th.state === 'new' || th.state === 'open') && (
          <Button size="small" onClick={() => onAction('wait')}>
            {t('actions.wait')}
          </Button>
        )}
        {['new', 'open', 'waiting_on_customer'].includes(th.state) && (
          <Button size="small" onClick={() => onAction('resolve')}>
            {t('actions.resolve')}
          </Button>
        )}
        {!closed && (
          <Button size="small" color="error" onClick={() => onAction('close')}>
            {t('actions.close')}
          </Button>
        )}
        {(th.state === 'resolved' || closed) && (
          <Button size="small" onClick={() => onAction('reopen')}>
            {t('actions.reopen')}
          </Button>
        )}
        <Button size="small" variant="outlined" onClick={onNext}>
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
  );
}
