import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * The supervisor's screen is one tab per workflow: each area adds ONE entry here (its own
 * lazily loaded component and its label key in its own i18n namespace).
 */
export interface SupervisorTab {
  id: string;
  /** i18n namespace and key of the tab label, e.g. ['disputes', 'cockpit.tab'] */
  label: [ns: string, key: string];
  Component: LazyExoticComponent<ComponentType>;
}

export const SUPERVISOR_TABS: SupervisorTab[] = [
  {
    id: 'disputes',
    label: ['disputes', 'cockpit.tab'],
    Component: lazy(() => import('../disputes/DisputesCockpit.tsx')),
  },
  {
    id: 'mail-payments',
    label: ['mailPayments', 'approvals.tab'],
    Component: lazy(() => import('../mail-payments/ApprovalsTab.tsx')),
  },
  {
    id: 'money-approvals',
    label: ['controls', 'approvals.tab'],
    Component: lazy(() => import('../controls/ApprovalsQueue.tsx')),
  },
  {
    id: 'address-changes',
    label: ['addressChanges', 'queue.tab'],
    Component: lazy(() => import('../address-changes/ApprovalQueue.tsx')),
  },
  {
    id: 'messages',
    label: ['messages', 'stats.tab'],
    Component: lazy(() => import('../messages/QueueStatsTab.tsx')),
  },
  {
    id: 'calls',
    label: ['calls', 'report.tab'],
    Component: lazy(() => import('../calls/ContactsTab.tsx')),
  },
  {
    id: 'audit',
    label: ['common', 'admin.audit'],
    Component: lazy(() => import('../admin/AuditLog.tsx').then((m) => ({ default: m.AuditLog }))),
  },
];
