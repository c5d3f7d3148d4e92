import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { createAccount } from '../../db/repositories/accounts.ts';
import { addAddress } from '../../db/repositories/customer-addresses.ts';
import { createCustomer } from '../../db/repositories/customers.ts';
import { DEMO, expect, signIn, test } from './fixtures.ts';

/**
 * A pass over the main screens in French: no English the desk itself writes (its labels, the
 * server's messages, clock explanations, gate reasons, timeline events) and no untranslated key
 * ("disputes.gate.noDetermination", "case.clocks"). Data stays as entered (names, addresses,
 * what customers wrote, ledger descriptions), so each screen is checked for phrases only the
 * desk produces; the dispute case screen, whose clocks and timeline are all desk text, is
 * checked more strictly.
 */
const SHOTS = 'test-results/french';
const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every top-level group of every catalogue: an untranslated key starts with one of them. */
function keyGroups(): string[] {
  const groups = new Set<string>();
  for (const dir of ['renderer/src/locales/en', 'server/domain/shared/locales/en']) {
    for (const file of readdirSync(path.join(ROOT, dir))) {
      const catalogue = JSON.parse(readFileSync(path.join(ROOT, dir, file), 'utf8')) as object;
      for (const group of Object.keys(catalogue)) groups.add(group);
    }
  }
  return [...groups];
}
const UNTRANSLATED_KEY = new RegExp(`\\b(?:${keyGroups().join('|')})\\.[A-Za-z_]+\\b`);

/** English the desk writes on every screen (labels, buttons, server messages). */
const DESK_ENGLISH = [
  /\bSign out\b/,
  /\bCustomers\b/,
  /\bDisputes\b/,
  /\bAddress changes\b/,
  /\bMail payments\b/,
  /\bSearch\b/,
  /\bCancel\b/,
  /\bLoading\b/,
  /\bbusiness days?\b/,
  /\bcalendar days?\b/,
  /\bNot started yet\b/,
  /\bDoes not apply\b/,
  /\binternal target\b/,
  /\bhas not been sent\b/,
  /\bcannot close\b/,
  /\bdoes not balance\b/,
  /\bResolve the exceptions\b/,
  /\bno overrides\b/i,
  /\bThe batch\b/,
  /\bweekends?\b/,
];

/** On the case screen (clocks, letters, actions, timeline) every word is the desk's own. */
const CASE_ENGLISH = [
  ...DESK_ENGLISH,
  /\bProvisional credit\b/,
  /\bNotice received\b/,
  /\bsent by\b/,
  /\bletter\b/,
  /\bAssigned to\b/,
  /\bDetermination\b/,
  /\bThanksgiving\b/,
  /\bskipped\b/,
  /\bWritten confirmation\b/,
  /\bCase closed\b/,
  /\bSend\b/,
  /\bRecord\b/,
  /\bthe\b/,
];

async function englishOn(where: Locator, phrases: RegExp[]): Promise<string[]> {
  const text = await where.innerText();
  const found = phrases.filter((p) => p.test(text)).map((p) => `English: ${p.source}`);
  const key = UNTRANSLATED_KEY.exec(text);
  if (key) found.push(`untranslated key: ${key[0]}`);
  return found;
}

const main = (page: Page) => page.locator('main');

test('the main screens in French show no English the desk wrote and no untranslated key', async ({
  page,
  desk,
}) => {
  test.setTimeout(180_000);
  mkdirSync(SHOTS, { recursive: true });
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
  // An open case with a provisional credit: clocks running, letters and a timeline to read.
  const dispute =
    (await db
      .selectFrom('disputes')
      .select('id')
      .where('closed_on', 'is', null)
      .where('provisional_credit_on', 'is not', null)
      .orderBy('id')
      .executeTakeFirst()) ??
    (await db.selectFrom('disputes').select('id').orderBy('id').executeTakeFirstOrThrow());
  const batch = await db
    .selectFrom('mail_batches')
    .select('id')
    .orderBy('id')
    .executeTakeFirstOrThrow();

  await signIn(page, ...DEMO.admin);
  await page.getByRole('button', { name: /^FR/ }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

  const screens: Array<[string, string, (p: Page) => Promise<void>]> = [
    ['queue', '/messages', (p) => expect(p.getByTestId('queue-total')).toBeVisible()],
    [
      'thread',
      `/messages/${thread.id}`,
      (p) => expect(p.getByTestId('conversation')).toBeVisible(),
    ],
    [
      'customer 360',
      `/customers/${customer.id}`,
      (p) => expect(main(p).getByRole('table').first()).toBeVisible(),
    ],
    ['disputes', '/disputes', (p) => expect(main(p).getByRole('heading').first()).toBeVisible()],
    [
      'address change',
      '/address-changes/new',
      (p) => expect(main(p).getByRole('heading').first()).toBeVisible(),
    ],
    [
      'mail payments batch',
      `/mail-payments/batches/${batch.id}`,
      (p) => expect(main(p).getByRole('table').first()).toBeVisible(),
    ],
    ['calls', '/calls', (p) => expect(main(p).getByRole('heading').first()).toBeVisible()],
    [
      'supervisor',
      '/supervisor/disputes',
      (p) => expect(main(p).getByRole('tab', { selected: true })).toBeVisible(),
    ],
  ];
  const found: string[] = [];
  for (const [name, url, ready] of screens) {
    await page.goto(url);
    await ready(page);
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    for (const problem of await englishOn(main(page), DESK_ENGLISH))
      found.push(`${name}: ${problem}`);
    await page.screenshot({ path: `${SHOTS}/${name.replaceAll(' ', '-')}.png`, fullPage: true });
  }

  // The dispute case screen: its clocks (with their explanations), letters and timeline.
  await page.goto(`/disputes/${dispute.id}`);
  await expect(page.getByTestId('case-number')).toBeVisible();
  await expect(
    page
      .getByTestId('case-clocks')
      .getByTestId(/-explanation$/)
      .first(),
  ).toBeVisible();
  for (const section of ['case-clocks', 'case-letters', 'case-timeline', 'case-actions']) {
    for (const problem of await englishOn(page.getByTestId(section), CASE_ENGLISH))
      found.push(`case ${section}: ${problem}`);
  }
  await expect(page.getByTestId('case-clocks')).toContainText(/jours? ouvrables?|jours? civils?/);
  await page.screenshot({ path: `${SHOTS}/dispute-case.png`, fullPage: true });
  await page.getByTestId('case-actions').screenshot({ path: `${SHOTS}/dispute-case-actions.png` });
  await page
    .getByTestId('case-timeline')
    .screenshot({ path: `${SHOTS}/dispute-case-timeline.png` });

  expect(found, found.join('\n')).toEqual([]);
});

test('a refused sign-in reads in French (a server message sent by key)', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('cic.language', 'fr'));
  await page.goto('/');
  await page.getByLabel(/nom d'utilisateur/i).fill('agent');
  await page.getByLabel(/^mot de passe/i).fill('not-the-password');
  await page.getByRole('button', { name: /se connecter/i }).click();
  await expect(page.getByText(/Connexion refusée/)).toBeVisible();
  await expect(page.getByText(/Sign-in refused/)).toHaveCount(0);
});

test('the address form’s field reasons read in French (validator reasons sent by key)', async ({
  page,
  desk,
}) => {
  const db = desk.server.deps.db;
  const at = desk.clock.now().toISOString();
  const customer = await createCustomer(
    db,
    {
      firstName: 'Ombeline',
      lastName: 'Quillfeather',
      dateOfBirth: '1980-04-12',
      ssnLast4: '4321',
      language: 'fr',
    },
    at,
  );
  await addAddress(
    db,
    {
      customerId: customer.id,
      line1: '12 MAIN ST',
      city: 'ALBANY',
      region: 'NY',
      postalCode: '12207',
      country: 'US',
      effectiveFrom: '2020-01-01',
      source: 'origination',
    },
    at,
  );
  await createAccount(
    db,
    {
      accountNumber: '9900000771',
      type: 'lease',
      vin: '1M8GDM9AXKP042788',
      vehicle: { year: 2024, make: 'MINI', model: 'Cooper' },
      holderCustomerId: customer.id,
      termMonths: 36,
      frequency: 'monthly',
      paymentCents: 45_000,
      dueDay: 5,
      openedOn: '2024-01-05',
      amountFinancedCents: 3_000_000,
      aprBps: 399,
      residualCents: 1_500_000,
    },
    at,
  );
  await signIn(page, ...DEMO.agent);
  await page.getByRole('button', { name: /^FR/ }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.goto('/address-changes/new');
  await page.getByTestId('customer-search').getByRole('combobox').fill('Ombeline');
  await page.getByTestId('customer-search-option').first().click();
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.getByLabel('Date de naissance').fill('1980-04-12');
  await page.getByLabel('4 derniers chiffres du SSN').fill('4321');
  await page.getByLabel('Code postal / ZIP au dossier').fill('12207');
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await expect(page.getByTestId('verify-passed')).toBeVisible();
  await page.getByRole('button', { name: 'Continuer' }).click();

  await page.getByLabel('Adresse', { exact: true }).fill('Boylston street');
  await page.getByLabel('Ville', { exact: true }).fill('Boston');
  await page.getByLabel('État', { exact: true }).fill('ON');
  await page.getByLabel('ZIP ou ZIP+4').fill('1234');
  await expect(
    page.getByText('L’adresse doit comporter un numéro civique ou une case postale'),
  ).toBeVisible();
  await expect(page.getByText('ON n’est pas un code d’État américain')).toBeVisible();
  await expect(main(page)).not.toContainText(/civic number|is not a US state code|ZIP code/);
  await page.screenshot({ path: `${SHOTS}/address-field-reasons.png`, fullPage: true });
});

test('a refused export reads in French on screen (a plain-HTTP reply sent by key)', async ({
  page,
}) => {
  await signIn(page, ...DEMO.supervisor);
  await page.getByRole('button', { name: /^FR/ }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.goto('/supervisor/disputes');
  await expect(page.getByTestId('disputes-cockpit')).toBeVisible();
  // The export is asked for a case that does not exist: the server's real refusal (404, keyed).
  await page.route('**/api/disputes/cockpit.csv*', (route) =>
    route.continue({
      url: new URL('/api/disputes/999999/evidence.zip', route.request().url()).href,
    }),
  );
  await page.getByRole('button', { name: 'Exporter en CSV' }).click();
  await expect(page.getByTestId('file-error')).toHaveText('Contestation introuvable.');
  await expect(page.getByText('No such dispute.')).toHaveCount(0);
});
