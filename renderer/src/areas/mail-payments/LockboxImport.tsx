import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { useMutation } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, useTRPC } from '../../trpc.ts';
import { LOCKBOX_COLUMNS, parseLockboxCsv, type LockboxFile } from './lockbox-csv.ts';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';

const MAX_ITEMS = 10_000;
const SHOWN = 8;

/**
 * "Import lockbox file": the bank's data file for the deposit (CSV), read and previewed in the
 * browser, then sent in one request; every item is checked on the server exactly as keying
 * checks it, and the result says how many went to the exceptions queue.
 */
export function LockboxImport({
  batchId,
  onImported,
}: {
  batchId: number;
  onImported: () => void;
}) {
  const { t, i18n } = useTranslation('mailPayments');
  const trpc = useTRPC();
  const [file, setFile] = useState<(LockboxFile & { name: string }) | null>(null);
  const [readError, setReadError] = useState(false);
  const run = useMutation(
    trpc.mailPayments.items.importItems.mutationOptions({
      onSuccess: () => {
        setFile(null);
        onImported();
      },
    }),
  );

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const chosen = e.target.files?.[0];
    e.target.value = '';
    run.reset();
    setReadError(false);
    if (!chosen) return;
    try {
      setFile({ ...parseLockboxCsv(await chosen.text()), name: chosen.name });
    } catch {
      setFile(null);
      setReadError(true);
    }
  };

  const tooMany = (file?.items.length ?? 0) > MAX_ITEMS;
  const canImport =
    file !== null &&
    file.items.length > 0 &&
    file.problems.length === 0 &&
    !tooMany &&
    !run.isPending;
  const result = run.data;

  return (
    <Paper sx={{ p: 2, mb: 2 }} component="section" aria-label={t('import.title')}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
        <Typography variant="subtitle2">{t('import.title')}</Typography>
        <Button
          component="label"
          variant="outlined"
          size="small"
          startIcon={<UploadFileIcon />}
          disabled={run.isPending}
        >
          {t('import.choose')}
          <input
            hidden
            type="file"
            accept=".csv,text/csv,text/plain"
            data-testid="lockbox-file"
            onChange={(e) => void choose(e)}
          />
        </Button>
        <Typography variant="body2" color="text.secondary">
          {t('import.hint', { columns: LOCKBOX_COLUMNS.join(', ') })}
        </Typography>
      </Stack>

      {readError && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {t('import.unreadable')}
        </Alert>
      )}

      {file && (
        <Box sx={{ mt: 1 }} data-testid="import-preview">
          <Typography variant="body2">
            {t('import.preview', {
              name: file.name,
              count: file.items.length,
              amount: money(file.totalCents, i18n.language),
            })}
          </Typography>
          {tooMany && (
            <Alert severity="error" sx={{ mt: 1 }}>
              {t('import.tooMany', { max: MAX_ITEMS.toLocaleString(i18n.language) })}
            </Alert>
          )}
          {file.problems.length > 0 && (
            <Alert severity="error" sx={{ mt: 1 }} data-testid="import-problems">
              {t('import.problems', { count: file.problems.length })}
              <ul style={{ margin: 0 }}>
                {file.problems.slice(0, SHOWN).map((p) => (
                  <li key={`${p.line}-${p.code}`}>
                    {t(`import.problem.${p.code}`, { line: p.line, detail: p.detail })}
                  </li>
                ))}
              </ul>
            </Alert>
          )}
          <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
            <Button
              variant="contained"
              disabled={!canImport}
              onClick={() => run.mutate({ batchId, items: file.items })}
            >
              {t('import.run', { count: file.items.length })}
            </Button>
            <Button
              onClick={() => {
                setFile(null);
                run.reset();
              }}
              disabled={run.isPending}
            >
              {t('import.cancel')}
            </Button>
          </Stack>
        </Box>
      )}

      {run.error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {errorMessage(run.error, t('offline'))}
        </Alert>
      )}
      {result && (
        <Alert
          severity={result.exceptionCount > 0 ? 'warning' : 'success'}
          sx={{ mt: 1 }}
          data-testid="import-result"
        >
          {t('import.done', {
            count: result.count,
            amount: money(result.totalCents, i18n.language),
            first: result.firstSeq,
            last: result.lastSeq,
          })}{' '}
          {result.exceptionCount > 0
            ? t('import.exceptions', { count: result.exceptionCount })
            : t('import.clean')}
          {result.exceptions.length > 0 && (
            <ul style={{ margin: 0 }}>
              {result.exceptions.slice(0, SHOWN).map((e) => (
                <li key={e.itemId}>
                  {t('import.exceptionLine', {
                    seq: e.seq,
                    account: e.accountNumber,
                    amount: money(e.amountCents, i18n.language),
                  })}
                  : {e.rules.map((r) => t(`rule.${r}`)).join(', ')}
                </li>
              ))}
              {result.exceptions.length > SHOWN && (
                <li>{t('import.more', { count: result.exceptions.length - SHOWN })}</li>
              )}
            </ul>
          )}
        </Alert>
      )}
    </Paper>
  );
}
