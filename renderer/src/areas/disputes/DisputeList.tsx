import AddIcon from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useTRPC } from '../../trpc.ts';
import { dayLabel as day } from '../../../../server/domain/shared/date-labels.ts';
import { formatCents as money } from '../../../../server/domain/shared/money.ts';

export function DisputeList() {
  const { t, i18n } = useTranslation('disputes');
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [mine, setMine] = useState(true);
  const list = useQuery(trpc.disputes.list.queryOptions({ mine, limit: 100 }));
  const today = list.data?.today;
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="h5" sx={{ flex: 1 }}>
          {t('title')}
        </Typography>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={mine ? 'mine' : 'all'}
          onChange={(_e, v: string | null) => v && setMine(v === 'mine')}
        >
          <ToggleButton value="mine">{t('list.mine')}</ToggleButton>
          <ToggleButton value="all">{t('list.all')}</ToggleButton>
        </ToggleButtonGroup>
        <Button variant="contained" startIcon={<AddIcon />} component={Link} to="/disputes/new">
          {t('newCase')}
        </Button>
      </Stack>
      <Paper>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{t('list.case')}</TableCell>
              <TableCell>{t('list.customer')}</TableCell>
              <TableCell>{t('list.account')}</TableCell>
              <TableCell>{t('list.notice')}</TableCell>
              <TableCell align="right">{t('list.amount')}</TableCell>
              <TableCell>{t('list.stage')}</TableCell>
              <TableCell>{t('list.next')}</TableCell>
              <TableCell>{t('list.agent')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {list.data?.rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={8}>{t('list.empty')}</TableCell>
              </TableRow>
            )}
            {list.data?.rows.map((r) => {
              const overdue = r.nextTargetOn && today && r.nextTargetOn < today;
              const dueToday = r.nextTargetOn && r.nextTargetOn === today;
              return (
                <TableRow
                  key={r.id}
                  hover
                  sx={{ cursor: 'pointer' }}
                  onClick={() => void navigate(`/disputes/${r.id}`)}
                  data-testid="dispute-row"
                >
                  <TableCell sx={{ fontFamily: 'monospace' }}>{r.caseNumber}</TableCell>
                  <TableCell>
                    {r.customerName}
                    {r.massachusetts && <Chip size="small" label="MA" sx={{ ml: 1 }} />}
                    {r.lateNotice && (
                      <Chip
                        size="small"
                        color="warning"
                        variant="outlined"
                        label="60+"
                        sx={{ ml: 1 }}
                      />
                    )}
                  </TableCell>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{r.accountNumber}</TableCell>
                  <TableCell>{day(r.noticeOn, i18n.language)}</TableCell>
                  <TableCell align="right">{money(r.disputedCents, i18n.language)}</TableCell>
                  <TableCell>{t(`stage.${r.stage}`)}</TableCell>
                  <TableCell
                    sx={{
                      color: overdue ? 'error.main' : dueToday ? 'warning.dark' : undefined,
                      fontWeight: overdue || dueToday ? 700 : undefined,
                    }}
                  >
                    {r.nextTargetOn ? day(r.nextTargetOn, i18n.language) : '—'}
                  </TableCell>
                  <TableCell>{r.assignedName ?? '—'}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Paper>
    </Stack>
  );
}
