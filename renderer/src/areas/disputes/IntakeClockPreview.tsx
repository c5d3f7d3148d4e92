import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '../../trpc.ts';
import { dayLabel as day } from '../../../../server/domain/shared/date-labels.ts';
import { ClockStateChip } from './ClockStateChip.tsx';
import { userText } from '../../../../server/domain/shared/server-messages.ts';
import { translator } from '../../trpc.ts';

type PreviewClock = RouterOutputs['disputes']['intakePreview']['report']['clocks'][number];

/** Intake's preview of the legal clocks the case would start, before it is saved. */
export function IntakeClockPreview({ clocks }: { clocks: readonly PreviewClock[] }) {
  const { t, i18n } = useTranslation('disputes');
  const lang = i18n.language;
  return (
    <Paper sx={{ p: 2, mt: 2 }}>
      <Typography variant="subtitle1" sx={{ fontWeight: 600 }} gutterBottom>
        {t('intake.preview')}
      </Typography>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{t('case.clock')}</TableCell>
            <TableCell>{t('case.legalDue')}</TableCell>
            <TableCell>{t('case.target')}</TableCell>
            <TableCell>{t('case.stateCol')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {clocks
            .filter((c) => c.state !== 'not_applicable' && c.state !== 'not_started')
            .map((c) => (
              <TableRow key={c.id}>
                <TableCell>
                  {lang.startsWith('fr') ? c.label.fr : c.label.en}
                  <Typography variant="caption" component="div" color="text.secondary">
                    {userText(c.explanation, translator)}
                  </Typography>
                </TableCell>
                <TableCell>{day(c.legalDue, lang)}</TableCell>
                <TableCell>{day(c.target, lang)}</TableCell>
                <TableCell>
                  <ClockStateChip state={c.state} owner={c.owner} />
                </TableCell>
              </TableRow>
            ))}
        </TableBody>
      </Table>
    </Paper>
  );
}
