import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, useTRPC } from '../../trpc.ts';
import { Section } from './CaseSection.tsx';
import type { CaseView as View } from './case-view.ts';

/** Documents on the case: upload (checked by content on the server), list, download. */
export function Documents({ v, onDone }: { v: View; onDone: () => void }) {
  const { t } = useTranslation('disputes');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [description, setDescription] = useState('');
  const add = useMutation(
    trpc.disputes.addDocument.mutationOptions({
      onSuccess: () => {
        setDescription('');
        onDone();
      },
    }),
  );
  const docs = v.items.filter((i) => i.kind === 'document');
  const download = async (itemId: number) => {
    const d = await queryClient.fetchQuery(
      trpc.disputes.document.queryOptions({ id: v.case.id, itemId }),
    );
    const bytes = Uint8Array.from(atob(d.base64), (ch) => ch.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: d.mimeType }));
    const a = document.createElement('a');
    a.href = url;
    a.download = d.fileName;
    a.click();
    URL.revokeObjectURL(url);
  };
  const upload = async (file: File) => {
    const buffer = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < buffer.length; i += 0x8000)
      binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
    add.mutate({
      id: v.case.id,
      description: description.trim() || file.name,
      fileName: file.name,
      contentBase64: btoa(binary),
    });
  };
  return (
    <Section title={t('case.documents')} testId="case-documents">
      {docs.length === 0 ? (
        <Typography variant="body2">—</Typography>
      ) : (
        <List dense disablePadding>
          {docs.map((d) => (
            <ListItem key={d.id} disableGutters>
              <ListItemText
                primary={
                  <Link component="button" onClick={() => void download(d.id)}>
                    {d.fileName}
                  </Link>
                }
                secondary={`${d.body}${d.size ? ` · ${Math.ceil(d.size / 1024)} KB` : ''}`}
              />
            </ListItem>
          ))}
        </List>
      )}
      {add.error && (
        <Alert severity="error">{errorMessage(add.error, t('common:shell.offline'))}</Alert>
      )}
      {!v.case.closedOn && (
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          <TextField
            size="small"
            label={t('case.documentDescription')}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            sx={{ flex: 1 }}
          />
          <Button size="small" component="label" disabled={add.isPending}>
            {t('case.upload')}
            <input
              hidden
              type="file"
              accept="application/pdf,image/png,image/jpeg,image/heic"
              data-testid="document-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void upload(f);
                e.target.value = '';
              }}
            />
          </Button>
        </Stack>
      )}
    </Section>
  );
}
