import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { serverMessageText } from '../../server/domain/shared/server-messages.ts';
import { serverFetch, translator } from './trpc.ts';

type ErrorData = Parameters<typeof serverMessageText>[1];

/** The message of a failed plain-HTTP reply, in the user's language (tRPC error shape). */
async function failureText(response: Response, fallback: string): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string; data?: ErrorData } };
    if (typeof body.error?.message === 'string') {
      return serverMessageText(body.error.message, body.error.data, translator);
    }
  } catch {
    // Not JSON (a proxy's page): the generic text below.
  }
  return fallback;
}

function saveAs(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once started; the page keeps no reference to the blob.
  queueMicrotask(() => URL.revokeObjectURL(url));
}

/**
 * A file from a plain-HTTP route (a letter PDF, a CSV or zip export), fetched by the page so a
 * refusal (session ended, role, no such letter) is shown on screen in the user's language
 * instead of as the server's JSON in place of the desk. `open` shows a PDF in a new tab (opened
 * during the click, so no popup blocker stops it; where no tab can open, the desktop window, the
 * PDF is saved instead); `download` saves the file.
 *
 * @example const file = useServerFile(); <Button onClick={() => file.download(url)} />
 *          {file.error && <Alert severity="error">{file.error}</Alert>}
 */
export function useServerFile() {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);

  const get = useCallback(
    async (path: string): Promise<{ blob: Blob; name: string | null } | null> => {
      setError(null);
      try {
        const response = await serverFetch(path);
        if (response.ok) {
          // The name the server gives the file (Content-Disposition), as a plain link would.
          const name = /filename="([^"]+)"/.exec(
            response.headers.get('content-disposition') ?? '',
          )?.[1];
          return { blob: await response.blob(), name: name ?? null };
        }
        setError(await failureText(response, t('common:shell.fileFailed')));
      } catch {
        setError(t('common:shell.offline'));
      }
      return null;
    },
    [t],
  );

  const download = useCallback(
    async (path: string) => {
      const file = await get(path);
      if (file) saveAs(file.blob, file.name ?? 'download');
    },
    [get],
  );

  const open = useCallback(
    async (path: string) => {
      const tab = window.open('', '_blank');
      const file = await get(path);
      if (!file) {
        tab?.close();
        return;
      }
      if (tab) {
        tab.opener = null;
        tab.location.href = URL.createObjectURL(file.blob);
      } else saveAs(file.blob, file.name ?? 'letter.pdf');
    },
    [get],
  );

  return { open, download, error, clearError: () => setError(null) };
}
