import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useRequestKey } from '../../request-key.ts';
import { useServerText } from '../../server-text.ts';
import { errorMessage, fieldErrors, useTRPC } from '../../trpc.ts';
import { useServerFile } from '../../server-file.ts';
import { dayLabel as day } from '../../../../server/domain/shared/date-labels.ts';
import {
  formatCents as money,
  parseAmountToCents as toCents,
} from '../../../../server/domain/shared/money.ts';
import { Section } from './CaseSection.tsx';
import type { CaseView as View } from './case-view.ts';
import { LETTERS, nextLetterOf, type LetterKind } from './case-letters.ts';
import { NoticeCorrection } from './NoticeCorrection.tsx';

export function Actions({ v, onDone }: { v: View; onDone: () => void }) {
  const { t, i18n } = useTranslation('disputes');
  const lang = i18n.language;
  const trpc = useTRPC();
  const c = v.case;
  // Remounted for every case version (key={c.version}): one key per step, resent on retry.
  const [actionKey] = useRequestKey();
  const opts = { onSuccess: () => onDone() };
  const wc = useMutation(trpc.disputes.recordWrittenConfirmation.mutationOptions(opts));
  const pc = useMutation(trpc.disputes.postProvisionalCredit.mutationOptions(opts));
  const det = useMutation(trpc.disputes.recordDetermination.mutationOptions(opts));
  const send = useMutation(trpc.disputes.sendLetter.mutationOptions(opts));
  const corr = useMutation(trpc.disputes.postCorrection.mutationOptions(opts));
  const rev = useMutation(trpc.disputes.postReversal.mutationOptions(opts));
  const close = useMutation(trpc.disputes.close.mutationOptions(opts));
  const notice = useMutation(trpc.disputes.correctNotice.mutationOptions(opts));
  const words = useMutation(trpc.disputes.setCustomerReason.mutationOptions(opts));
  const withdraw = useMutation(trpc.disputes.withdraw.mutationOptions(opts));
  const [customerWords, setCustomerWords] = useState(c.customerReason ?? '');
  const [withdrawNote, setWithdrawNote] = useState('');
  const [confirm, setConfirm] = useState<'pc' | 'corr' | 'rev' | null>(null);
  const [wcOn, setWcOn] = useState(v.today);
  const [pcAmount, setPcAmount] = useState((c.disputedCents / 100).toFixed(2));
  // No default: the agent chooses the outcome.
  const [outcome, setOutcome] = useState<'error_found' | 'no_error' | 'different_error' | ''>('');
  const [explanation, setExplanation] = useState('');
  const nextLetter = nextLetterOf(v);
  const [letterKind, setLetterKind] = useState<LetterKind | null>(null);
  const kind = letterKind ?? nextLetter;
  const [letterLang, setLetterLang] = useState<'en' | 'fr'>(v.customer.language);
  const [channel, setChannel] = useState<'mail' | 'secure_message' | 'email' | 'fax'>('mail');
  const [reversalOn, setReversalOn] = useState(
    v.reversal?.planned ?? v.reversal?.earliest.date ?? v.suggestedReversal.date,
  );
  const [corrAmount, setCorrAmount] = useState('');
  const reversible = Math.max(
    0,
    (c.provisionalCreditCents ?? 0) -
      (c.determination && c.determination !== 'no_error' ? (c.correctionCents ?? 0) : 0),
  );
  const account = v.account.accountNumber;
  const [closeNote, setCloseNote] = useState('');
  const error = [wc, pc, det, send, corr, rev, close, notice, words, withdraw].find(
    (m) => m.error,
  )?.error;
  const detFields = fieldErrors(det.error);
  const blocker = v.letterBlockers[kind];
  const text = useServerText();
  const file = useServerFile();

  return (
    <Section title={t('case.actions')} testId="case-actions">
      <Stack spacing={2} divider={<Divider flexItem />}>
        {error && (
          <Alert severity="error" data-testid="action-error">
            {errorMessage(error, t('common:shell.offline'))}
          </Alert>
        )}
        {file.error && (
          <Alert severity="error" data-testid="file-error" onClose={file.clearError}>
            {file.error}
          </Alert>
        )}

        <Stack
          direction="row"
          spacing={1}
          sx={{ alignItems: 'center', flexWrap: 'wrap' }}
          data-testid="letter-panel"
        >
          <TextField
            select
            size="small"
            label={t('case.letterKind')}
            value={kind}
            onChange={(e) => setLetterKind(e.target.value as LetterKind)}
            sx={{ minWidth: 280 }}
            slotProps={{ htmlInput: { 'data-testid': 'letter-kind' } }}
          >
            {LETTERS.map((k) => (
              <MenuItem key={k} value={k} disabled={Boolean(v.letterBlockers[k])}>
                {t(`letter.${k}`)}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            size="small"
            label={t('case.language')}
            value={letterLang}
            onChange={(e) => setLetterLang(e.target.value as 'en' | 'fr')}
          >
            <MenuItem value="en">EN</MenuItem>
            <MenuItem value="fr">FR</MenuItem>
          </TextField>
          <TextField
            select
            size="small"
            label={t('case.sendChannel')}
            value={channel}
            onChange={(e) => setChannel(e.target.value as typeof channel)}
          >
            {(['mail', 'secure_message', 'email', 'fax'] as const).map((ch) => (
              <MenuItem key={ch} value={ch}>
                {t(`channel.${ch}`)}
              </MenuItem>
            ))}
          </TextField>
          {kind === 'reversal' && (
            <TextField
              type="date"
              size="small"
              label={t('case.reversalOn')}
              value={reversalOn}
              onChange={(e) => setReversalOn(e.target.value)}
              slotProps={{ inputLabel: { shrink: true } }}
            />
          )}
          <Button
            onClick={() =>
              void file.open(
                `/api/disputes/${c.id}/preview/${kind}.pdf?lang=${letterLang}${kind === 'reversal' ? `&reversalOn=${reversalOn}` : ''}`,
              )
            }
          >
            {t('case.preview')}
          </Button>
          <Button
            variant="contained"
            disabled={Boolean(blocker) || send.isPending}
            data-testid="record-letter"
            onClick={() =>
              send.mutate({
                id: c.id,
                kind,
                language: letterLang,
                channel,
                version: c.version,
                idempotencyKey: actionKey,
                ...(kind === 'reversal' ? { reversalOn } : {}),
              })
            }
          >
            {t('case.recordSent')}
          </Button>
          {blocker && (
            <Typography variant="caption" color="text.secondary">
              {text(blocker)}
            </Typography>
          )}
        </Stack>

        {c.writtenConfirmationRequired && !c.writtenConfirmationReceivedOn && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography sx={{ minWidth: 220 }}>{t('case.writtenConfirmation')}</Typography>
            <TextField
              type="date"
              size="small"
              label={t('case.receivedOn')}
              value={wcOn}
              onChange={(e) => setWcOn(e.target.value)}
              slotProps={{ inputLabel: { shrink: true } }}
            />
            <Button onClick={() => wc.mutate({ id: c.id, receivedOn: wcOn, version: c.version })}>
              {t('case.record')}
            </Button>
          </Stack>
        )}

        {!c.provisionalCreditOn && !c.determination && !c.withdrawnOn && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }} data-testid="pc-panel">
            <Typography sx={{ minWidth: 220 }}>{t('case.provisionalCredit')}</Typography>
            <TextField
              size="small"
              label={t('case.amount')}
              value={pcAmount}
              onChange={(e) => setPcAmount(e.target.value)}
              sx={{ width: 140 }}
              slotProps={{ htmlInput: { 'data-testid': 'pc-amount' } }}
            />
            <Button
              variant="outlined"
              disabled={toCents(pcAmount) === null || pc.isPending}
              onClick={() => setConfirm('pc')}
            >
              {t('case.post')}
            </Button>
            <ConfirmDialog
              open={confirm === 'pc'}
              title={t('case.confirmPc')}
              facts={[
                [t('case.amount'), money(toCents(pcAmount) ?? 0, lang)],
                [t('case.account'), account],
                [t('case.postedOn'), day(v.today, lang)],
              ]}
              confirmLabel={t('case.post')}
              busy={pc.isPending}
              onCancel={() => setConfirm(null)}
              onConfirm={() => {
                setConfirm(null);
                pc.mutate({
                  id: c.id,
                  amountCents: toCents(pcAmount) ?? 0,
                  version: c.version,
                  idempotencyKey: actionKey,
                });
              }}
            />
          </Stack>
        )}

        {!c.determination && !c.withdrawnOn && (
          <Stack spacing={1} data-testid="determination-panel">
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <Typography sx={{ minWidth: 220 }}>{t('case.determination')}</Typography>
              <TextField
                select
                size="small"
                label={t('case.outcome')}
                value={outcome}
                onChange={(e) => setOutcome(e.target.value as typeof outcome)}
                sx={{ minWidth: 200 }}
                slotProps={{ htmlInput: { 'data-testid': 'outcome' } }}
              >
                <MenuItem value="" disabled>
                  {t('case.chooseOutcome')}
                </MenuItem>
                {(['error_found', 'no_error', 'different_error'] as const).map((o) => (
                  <MenuItem key={o} value={o}>
                    {t(`determination.${o}`)}
                  </MenuItem>
                ))}
              </TextField>
            </Stack>
            <TextField
              label={t('case.explanation')}
              value={explanation}
              onChange={(e) => setExplanation(e.target.value)}
              multiline
              minRows={2}
              error={Boolean(detFields.explanation)}
              helperText={detFields.explanation ?? t('case.explanationHelp')}
              slotProps={{ htmlInput: { 'data-testid': 'explanation' } }}
            />
            <Stack direction="row" sx={{ justifyContent: 'flex-end' }}>
              <Button
                variant="outlined"
                disabled={det.isPending || outcome === ''}
                onClick={() =>
                  outcome && det.mutate({ id: c.id, outcome, explanation, version: c.version })
                }
              >
                {t('case.recordDetermination')}
              </Button>
            </Stack>
          </Stack>
        )}

        {c.determination && c.determination !== 'no_error' && !c.correctionOn && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography sx={{ minWidth: 220 }}>{t('case.correction')}</Typography>
            <TextField
              size="small"
              label={t('case.amount')}
              value={corrAmount}
              onChange={(e) => setCorrAmount(e.target.value)}
              sx={{ width: 140 }}
            />
            <Button
              variant="outlined"
              disabled={toCents(corrAmount) === null || corr.isPending}
              onClick={() => setConfirm('corr')}
            >
              {t('case.postCorrection')}
            </Button>
            <Typography variant="caption" color="text.secondary">
              {t('case.correctionHelp')}
            </Typography>
            <ConfirmDialog
              open={confirm === 'corr'}
              title={t('case.confirmCorrection')}
              facts={[
                [t('case.realError'), money(toCents(corrAmount) ?? 0, lang)],
                [t('case.provisionalCredit'), money(c.provisionalCreditCents ?? 0, lang)],
                [
                  t('case.creditedNow'),
                  money(
                    Math.max(0, (toCents(corrAmount) ?? 0) - (c.provisionalCreditCents ?? 0)),
                    lang,
                  ),
                ],
                [
                  t('case.toReverse'),
                  money(
                    Math.max(0, (c.provisionalCreditCents ?? 0) - (toCents(corrAmount) ?? 0)),
                    lang,
                  ),
                ],
                [t('case.account'), account],
              ]}
              confirmLabel={t('case.postCorrection')}
              busy={corr.isPending}
              onCancel={() => setConfirm(null)}
              onConfirm={() => {
                setConfirm(null);
                corr.mutate({
                  id: c.id,
                  amountCents: toCents(corrAmount) ?? 0,
                  version: c.version,
                  idempotencyKey: actionKey,
                });
              }}
            />
          </Stack>
        )}

        {c.reversalNoticeSentOn && !c.reversalOn && v.reversal && (
          <Stack
            direction="row"
            spacing={1}
            sx={{ alignItems: 'center', flexWrap: 'wrap' }}
            data-testid="reversal-panel"
          >
            <Typography sx={{ minWidth: 220 }}>{t('case.reversal')}</Typography>
            <TextField
              type="date"
              size="small"
              label={t('case.reversalOn')}
              value={reversalOn}
              onChange={(e) => setReversalOn(e.target.value)}
              slotProps={{
                inputLabel: { shrink: true },
                htmlInput: { 'data-testid': 'reversal-on' },
              }}
            />
            <Button variant="outlined" onClick={() => setConfirm('rev')}>
              {t('case.postReversal')}
            </Button>
            <ConfirmDialog
              open={confirm === 'rev'}
              title={t('case.confirmReversal')}
              danger
              facts={[
                [t('case.amount'), money(reversible, lang)],
                [t('case.account'), account],
                [t('case.reversalOn'), day(reversalOn, lang)],
              ]}
              confirmLabel={t('case.postReversal')}
              busy={rev.isPending}
              onCancel={() => setConfirm(null)}
              onConfirm={() => {
                setConfirm(null);
                rev.mutate({ id: c.id, reversalOn, version: c.version, idempotencyKey: actionKey });
              }}
            />
            <Typography variant="caption" color="text.secondary" sx={{ width: '100%' }}>
              {t('case.reversalEarliest', {
                date: day(v.reversal.earliest.date, lang),
                explanation: text(v.reversal.earliest.explanation),
              })}
            </Typography>
          </Stack>
        )}

        <NoticeCorrection
          noticeAt={c.noticeAt}
          pending={notice.isPending}
          onCorrect={(noticeAt, reason) =>
            notice.mutate({ id: c.id, noticeAt, reason, version: c.version })
          }
        />

        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Typography sx={{ minWidth: 220 }}>{t('case.customerWords')}</Typography>
          <TextField
            size="small"
            value={customerWords}
            onChange={(e) => setCustomerWords(e.target.value)}
            sx={{ flex: 1 }}
            helperText={t('intake.customerReasonHelp')}
          />
          <Button
            variant="outlined"
            disabled={
              customerWords.trim().length < 5 ||
              customerWords.trim() === (c.customerReason ?? '') ||
              words.isPending
            }
            onClick={() =>
              words.mutate({ id: c.id, customerReason: customerWords, version: c.version })
            }
          >
            {t('case.reviewedSave')}
          </Button>
        </Stack>

        {!c.determination && !c.withdrawnOn && (
          <Stack
            direction="row"
            spacing={1}
            sx={{ alignItems: 'center' }}
            data-testid="withdraw-panel"
          >
            <Typography sx={{ minWidth: 220 }}>{t('case.withdraw')}</Typography>
            <TextField
              size="small"
              label={t('case.withdrawNote')}
              value={withdrawNote}
              onChange={(e) => setWithdrawNote(e.target.value)}
              sx={{ flex: 1 }}
            />
            <Button
              variant="outlined"
              color="warning"
              disabled={withdrawNote.trim().length < 10 || withdraw.isPending}
              onClick={() => withdraw.mutate({ id: c.id, note: withdrawNote, version: c.version })}
            >
              {t('case.recordWithdrawal')}
            </Button>
          </Stack>
        )}

        <Stack spacing={1}>
          {v.closeBlockers.length > 0 && (
            <Alert severity="info" data-testid="close-blockers">
              {t('case.closeBlocked')}
              <ul style={{ margin: 0 }}>
                {v.closeBlockers.map((b) => (
                  <li key={b.key}>{text(b)}</li>
                ))}
              </ul>
            </Alert>
          )}
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <TextField
              size="small"
              label={t('case.closeNote')}
              value={closeNote}
              onChange={(e) => setCloseNote(e.target.value)}
              sx={{ flex: 1 }}
            />
            <Button
              variant="contained"
              color="success"
              disabled={v.closeBlockers.length > 0}
              onClick={() =>
                close.mutate({
                  id: c.id,
                  version: c.version,
                  ...(closeNote ? { note: closeNote } : {}),
                })
              }
            >
              {t('case.close')}
            </Button>
          </Stack>
        </Stack>
      </Stack>
    </Section>
  );
}
