import { DEMO, expect, signIn, test } from './fixtures.ts';

/*
 * Dates are the centre's (New York), whatever the PC's zone: this browser is in Tokyo, where
 * it is already the next day (and here the next year).
 */
test.use({ timezoneId: 'Asia/Tokyo', locale: 'en-US' });

test('the holiday calendar opens on the centre’s year, not the PC’s', async ({ page, desk }) => {
  desk.clock.set('2027-01-01T04:30:00.000Z'); // Thu Dec 31 2026, 23:30 in New York
  await signIn(page, ...DEMO.admin);
  await page.goto('/admin/calendar');
  await expect(page.getByLabel('Year')).toHaveValue('2026');
  await expect(page.getByRole('cell', { name: '2026-12-25', exact: true })).toBeVisible();
});

test('recent calls are dated by the centre’s day', async ({ page, desk }) => {
  const db = desk.server.deps.db;
  const agent = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', DEMO.agent[0])
    .executeTakeFirstOrThrow();
  const at = '2026-11-21T04:30:00.000Z'; // Fri Nov 20, 23:30 in New York; Sat in UTC and Tokyo
  await db
    .insertInto('interactions')
    .values({
      channel: 'phone_in',
      customer_id: 1,
      agent_id: agent.id,
      status: 'closed',
      started_at: at,
      ended_at: at,
      wrapped_up_at: at,
      outcome: 'resolved',
      created_at: at,
      updated_at: at,
    })
    .execute();
  desk.clock.set('2026-11-21T05:00:00.000Z');
  await signIn(page, ...DEMO.agent);
  await page.goto('/calls');
  await expect(page.getByText('Fri, Nov 20, 2026 · Hélène Tremblay')).toBeVisible();
});
