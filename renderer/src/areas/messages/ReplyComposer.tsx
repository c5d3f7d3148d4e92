import AttachFileIcon from '@mui/icons-material/AttachFile';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useState, type Dispatch, type RefObject, type SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '../../trpc.ts';

const MAX_BYTES = 10 * 1024 * 1024;
type Canned = RouterOutputs['messages']['cannedReplies']['replies'][number];

/**
 * The reply / internal-note composer: canned replies in the customer's language, attachments
 * (PDF and images, 10 MB each, 5 at most), the send buttons, and what happened to the last send.
 * The thread owns the text and the send (Ctrl+Enter works from anywhere in the thread).
 */
export function ReplyComposer({
  kind,
  setKind,
  body,
  setBody,
  files,
  setFiles,
  replyRef,
  canned,
  customerLanguage,
  sending,
  blocked,
  onSend,
  failure,
  onDismissFailure,
  done,
  onDismissDone,
}: {
  kind: 'reply' | 'note';
  setKind: (kind: 'reply' | 'note') => void;
  body: string;
  setBody: Dispatch<SetStateAction<string>>;
  files: File[];
  setFiles: Dispatch<SetStateAction<File[]>>;
  replyRef: RefObject<HTMLTextAreaElement | null>;
  canned: readonly Canned[] | undefined;
  customerLanguage: 'en' | 'fr';
  sending: boolean;
  blocked: boolean;
  onSend: (then: 'wait' | 'resolve') => void;
  failure: string | null;
  onDismissFailure: (() => void) | undefined;
  done: string | null;
  onDismissDone: () => void;
}) {
  const { t } = useTranslation('messages');
  const [lang, setLang] = useState<'en' | 'fr'>(customerLanguage);
  const [fileError, setFileError] = useState<string | null>(null);
  const insertCanned = (id: string) => {
    const r = canned?.find((x) => x.id === id);
    if (!r) return;
    const text = r[lang].text;
    setBody((b) => (b.trim() ? `${b.trimEnd()}\n\n${text}` : text));
    replyRef.current?.focus();
  };
  const missing = canned
    ? [...body.matchAll(/\{(customerName|accountNumber|amountDue|agentName|lenderName)\}/g)].map(
        (m) => m[1],
      )
    : [];
  const disabled = !body.trim() || sending || blocked;
  return (
    <Paper sx={{ p: 1.5 }}>
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
            {(canned ?? []).map((r) => (
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
              <Button variant="outlined" onClick={() => onSend('resolve')} disabled={disabled}>
                {t('composer.sendResolve')}
              </Button>
              <Button variant="contained" onClick={() => onSend('wait')} disabled={disabled}>
                {t('composer.send')}
              </Button>
            </>
          ) : (
            <Button
              variant="contained"
              color="warning"
              onClick={() => onSend('wait')}
              disabled={disabled}
            >
              {t('composer.addNote')}
            </Button>
          )}
        </Stack>
        {fileError && <Alert severity="warning">{fileError}</Alert>}
        {failure && (
          <Alert severity="error" {...(onDismissFailure ? { onClose: onDismissFailure } : {})}>
            {failure} {t('composer.draftKept')}
          </Alert>
        )}
        {done && (
          <Alert severity="success" onClose={onDismissDone}>
            {done}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
