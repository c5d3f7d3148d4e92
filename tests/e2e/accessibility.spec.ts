import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO, expect, settled, signIn, test } from './fixtures.ts';

/**
 * WCAG 2.1 AA with axe-core (@axe-core/playwright) on the main screens, in light and dark,
 * English and French: any critical or serious violation fails the test, listing the rule, its
 * impact and the elements.
 */
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}

async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
}

function describeViolations(screen: string, list: AxeViolation[]): string {
  return list
    .map(
      (v) =>
        `${screen}: [${v.impact}] ${v.id} — ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map(
            (n) =>
              `    ${JSON.stringify(n.target)} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`,
          )
          .join('\n'),
    )
    .join('\n');
}

/** Main screens, by path; `ready` is something that shows the screen has loaded. */
type Screen = {
  name: string;
  path: string | ((ids: Ids) => string);
  ready: (page: Page) => Promise<void>;
};
type Ids = { thread: number; customer: number; dispute: number | null; batch: number | null };

const main = (page: Page) => page.locator('main');
const heading = async (page: Page) => {
  await expect(main(page).getByRole('heading').first()).toBeVisible();
};

const SCREENS: Screen[] = [
  {
    name: 'queue',
    path: '/messages',
    ready: async (p) => expect(p.getByTestId('queue-total')).toBeVisible(),
  },
  {
    name: 'thread',
    path: (i) => `/messages/${i.thread}`,
    ready: async (p) => expect(p.getByTestId('conversation')).toBeVisible(),
  },
  { name: 'outbox', path: '/messages/outbox', ready: heading },
  { name: 'customer search', path: '/customers', ready: heading },
  {
    name: 'customer 360',
    path: (i) => `/customers/${i.customer}`,
    ready: async (p) => expect(main(p).getByRole('table').first()).toBeVisible(),
  },
  { name: 'disputes', path: '/disputes', ready: heading },
  { name: 'dispute intake', path: '/disputes/new', ready: heading },
  {
    name: 'dispute case',
    path: (i) => (i.dispute ? `/disputes/${i.dispute}` : '/disputes'),
    ready: heading,
  },
  { name: 'address change', path: '/address-changes/new', ready: heading },
  {
    name: 'batches',
    path: '/mail-payments/batches',
    ready: async (p) => expect(main(p).getByRole('table').first()).toBeVisible(),
  },
  {
    name: 'batch entry',
    path: (i) => (i.batch ? `/mail-payments/batches/${i.batch}` : '/mail-payments/batches'),
    ready: async (p) => expect(main(p).getByRole('table').first()).toBeVisible(),
  },
  {
    name: 'exceptions',
    path: '/mail-payments/exceptions',
    ready: async (p) => expect(main(p).getByRole('tab', { selected: true })).toBeVisible(),
  },
  { name: 'returns', path: '/mail-payments/returns', ready: heading },
  {
    name: 'mail reports',
    path: '/mail-payments/reports',
    ready: async (p) => expect(main(p).getByRole('tab', { selected: true })).toBeVisible(),
  },
  {
    name: 'dispute cockpit',
    path: '/supervisor/disputes',
    ready: async (p) => expect(main(p).getByRole('tab', { selected: true })).toBeVisible(),
  },
  { name: 'queue statistics', path: '/supervisor/messages', ready: heading },
  { name: 'training', path: '/training', ready: heading },
  {
    name: 'users',
    path: '/admin/users',
    ready: async (p) => expect(main(p).getByRole('table').first()).toBeVisible(),
  },
  {
    name: 'lender configuration',
    path: '/admin/settings',
    ready: async (p) => expect(main(p).getByRole('tab', { selected: true })).toBeVisible(),
  },
  {
    name: 'audit log',
    path: '/admin/audit',
    ready: async (p) => expect(main(p).getByRole('table').first()).toBeVisible(),
  },
];

for (const theme of ['light', 'dark'] as const) {
  for (const lang of ['en', 'fr'] as const) {
    test(`no critical or serious axe findings on ${SCREENS.length} screens, ${theme}, ${lang}`, async ({
      page,
      desk,
    }) => {
      test.setTimeout(240_000);
      const db = desk.server.deps.db;
      const thread = await db
        .selectFrom('message_threads')
        .select('id')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const customer = await db
        .selectFrom('customers')
        .select('id')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const dispute = await db.selectFrom('disputes').select('id').orderBy('id').executeTakeFirst();
      const batch = await db
        .selectFrom('mail_batches')
        .select('id')
        .orderBy('id')
        .executeTakeFirst();
      const ids: Ids = {
        thread: thread.id,
        customer: customer.id,
        dispute: dispute?.id ?? null,
        batch: batch?.id ?? null,
      };

      await page.addInitScript((mode) => localStorage.setItem('cic.theme', mode), theme);
      await signIn(page, ...DEMO.admin);
      if (lang === 'fr') {
        await page.getByRole('button', { name: /^FR/ }).click();
        await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
      }
      const found: string[] = [];
      for (const screen of SCREENS) {
        await page.goto(typeof screen.path === 'string' ? screen.path : screen.path(ids));
        await screen.ready(page);
        // Transitions and lazy panels settle before colours are judged.
        await settled(page);
        const serious = await seriousViolations(page);
        if (serious.length > 0) found.push(describeViolations(screen.name, serious));
      }
      expect(found, found.join('\n')).toEqual([]);
    });
  }
}
