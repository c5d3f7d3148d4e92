import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../trpc.ts';
import { dayLabel as day } from '../../../../server/domain/shared/date-labels.ts';
import { Section } from './CaseSection.tsx';
import type { CaseView as View } from './case-view.ts';

export function Notes({ v, onDone }: { v: View; onDone: () => void }) {
  const { t, i18n } = useTranslation('disputes');
  const trpc = useTRPC();
  const [body, setBody] = useState('');
  const add = useMutation(
    trpc.disputes.addNote.mutationOptions({
      onSuccess: () => {
        setBody('');
        onDone();
      },
    }),
  );
  const done = useMutation(
    trpc.disputes.completeTask.mutationOptions({ onSuccess: () => onDone() }),
  );
  return (
    <Section title={t('case.notes')}>
      <List dense disablePadding>
        {v.items.map((it) => (
          <ListItem key={it.id} disableGutters>
            {it.kind === 'task' && (
              <Checkbox
                size="small"
                checked={Boolean(it.doneAt)}
                disabled={Boolean(it.doneAt) || Boolean(v.case.closedOn)}
                onChange={() => done.mutate({ id: v.case.id, itemId: it.id })}
                slotProps={{ input: { 'aria-label': it.body } }}
              />
            )}
            <ListItemText
              primary={it.body}
              secondary={`${it.kind}${it.dueOn ? ` · ${day(it.dueOn, i18n.language)}` : ''}${it.fileName ? ` · ${it.fileName}` : ''}`}
            />
          </ListItem>
        ))}
      </List>
      {!v.case.closedOn && (
        <Stack direction="row" spacing={1}>
          <TextField
            size="small"
            label={t('case.notes')}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            sx={{ flex: 1 }}
          />
          <Button
            size="small"
            disabled={body.trim().length < 2}
            onClick={() => add.mutate({ id: v.case.id, kind: 'note', body })}
          >
            {t('case.addNote')}
          </Button>
          <Button
            size="small"
            disabled={body.trim().length < 2}
            onClick={() => add.mutate({ id: v.case.id, kind: 'task', body })}
          >
            {t('case.addTask')}
          </Button>
        </Stack>
      )}
    </Section>
  );
}
