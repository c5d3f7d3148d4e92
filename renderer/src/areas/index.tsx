import AccountBalanceWalletIcon from '@mui/icons-material/AccountBalanceWallet';
import AdminPanelSettingsIcon from '@mui/icons-material/AdminPanelSettings';
import GavelIcon from '@mui/icons-material/Gavel';
import HomeWorkIcon from '@mui/icons-material/HomeWork';
import MailIcon from '@mui/icons-material/Mail';
import PeopleIcon from '@mui/icons-material/People';
import PhoneInTalkIcon from '@mui/icons-material/PhoneInTalk';
import SchoolIcon from '@mui/icons-material/School';
import SpeedIcon from '@mui/icons-material/Speed';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactElement } from 'react';
import type { Role } from '../trpc.ts';

/**
 * The areas of the desk, in menu order. Each workflow fills its own entry with a lazily loaded
 * page (code-split, so the first screen stays small); an entry without a page shows the agent
 * what is coming instead of an error. Roles here mirror ROLE_SETS on the server, which is what
 * actually enforces them.
 */
export interface AreaDef {
  id: string;
  path: string;
  /** i18n key in the common namespace, under nav.* and coming.* */
  key: string;
  icon: ReactElement;
  roles: readonly Role[];
  Page?: LazyExoticComponent<ComponentType>;
}

const STAFF: readonly Role[] = ['agent', 'supervisor', 'trainer', 'admin'];

const loadMessagesPage = () => import('./messages/MessagesPage.tsx');

/**
 * Starts downloading the first screen an agent lands on (the queue) while the sign-in form is
 * on screen, so signing in does not wait for the chunk.
 */
export function preloadLandingArea(): void {
  void loadMessagesPage();
}

export const AREAS: readonly AreaDef[] = [
  {
    id: 'messages',
    path: 'messages',
    key: 'messages',
    icon: <MailIcon />,
    roles: STAFF,
    Page: lazy(loadMessagesPage),
  },
  {
    id: 'customers',
    path: 'customers',
    key: 'customers',
    icon: <PeopleIcon />,
    roles: STAFF,
    Page: lazy(() => import('./customers/CustomersPage.tsx')),
  },
  {
    id: 'calls',
    path: 'calls',
    key: 'calls',
    icon: <PhoneInTalkIcon />,
    roles: STAFF,
    Page: lazy(() => import('./calls/CallsPage.tsx')),
  },
  {
    id: 'disputes',
    path: 'disputes',
    key: 'disputes',
    icon: <GavelIcon />,
    roles: STAFF,
    Page: lazy(() => import('./disputes/DisputesPage.tsx')),
  },
  {
    id: 'address-changes',
    path: 'address-changes',
    key: 'addressChanges',
    icon: <HomeWorkIcon />,
    roles: STAFF,
    Page: lazy(() => import('./address-changes/AddressChangesPage.tsx')),
  },
  {
    id: 'mail-payments',
    path: 'mail-payments',
    key: 'mailPayments',
    icon: <AccountBalanceWalletIcon />,
    roles: STAFF,
    Page: lazy(() => import('./mail-payments/MailPaymentsPage.tsx')),
  },
  {
    id: 'supervisor',
    path: 'supervisor',
    key: 'supervisor',
    icon: <SpeedIcon />,
    roles: ['supervisor', 'admin'],
    Page: lazy(() => import('./supervisor/SupervisorPage.tsx')),
  },
  {
    id: 'training',
    path: 'training',
    key: 'training',
    icon: <SchoolIcon />,
    roles: ['trainer', 'admin'],
    Page: lazy(() => import('./training/TrainingPage.tsx')),
  },
  {
    id: 'admin',
    path: 'admin',
    key: 'admin',
    icon: <AdminPanelSettingsIcon />,
    roles: ['admin'],
    Page: lazy(() => import('./admin/AdminPage.tsx')),
  },
];

export function areasFor(role: Role): AreaDef[] {
  return AREAS.filter((a) => a.roles.includes(role));
}
