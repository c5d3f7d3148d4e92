import Chip from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';

const COLOR = {
  not_applicable: 'default',
  not_started: 'default',
  running: 'info',
  at_risk: 'warning',
  met: 'success',
  breached: 'error',
  suspended: 'secondary',
} as const;

export type ClockStateName = keyof typeof COLOR;

/**
 * A clock's state as a coloured chip; a customer's lapsed window is not the lender's breach, and
 * a suspended clock (another clock's outcome lifted the duty) is never shown as breached.
 */
export function ClockStateChip({
  state,
  owner,
}: {
  state: ClockStateName;
  owner?: 'lender' | 'customer';
}) {
  const { t } = useTranslation('disputes');
  const lapsed = state === 'breached' && owner === 'customer';
  return (
    <Chip
      size="small"
      color={lapsed ? 'default' : COLOR[state]}
      variant={
        state === 'not_applicable' || state === 'not_started' || state === 'suspended'
          ? 'outlined'
          : 'filled'
      }
      label={t(lapsed ? 'state.lapsed' : `state.${state}`)}
      data-testid={`clock-state-${state}`}
    />
  );
}
