import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { insertUser } from '../../db/repositories/users.ts';
import { ManualClock } from '../../server/domain/clock.ts';
import { hashPassword, TEST_SCRYPT } from '../../server/auth/password.ts';
import { startServer, type RunningServer } from '../../server/http/start.ts';
import { DEMO, signIn, test as trainingTest } from './fixtures.ts';

/**
 * Two-step sign-in in the browser. A production database (no demo users, MFA required for
 * supervisors and admins): the supervisor is created the way the `desk` CLI would.
 */
interface ProductionDesk {
  server: RunningServer;
  clock: ManualClock;
}

const PASSWORD = 'production-pass-2026';

const test = base.extend<{ desk: ProductionDesk }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the fixtures object pattern
  desk: async ({}, use) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cic-e2e-mfa-'));
    const clock = new ManualClock('2026-11-20T15:00:10.000Z');
    const server = await startServer({
      port: 0,
      dataDir,
      clock,
      fastHash: true,
      quiet: true,
      kind: 'production',
    });
    await insertUser(
      server.deps.db,
      {
        username: 'sup',
        displayName: 'Sasha Supervisor',
        role: 'supervisor',
        passwordHash: await hashPassword(PASSWORD, TEST_SCRYPT),
      },
      clock.now().toISOString(),
    );
    await use({ server, clock });
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
  baseURL: async ({ desk }, use) => use(desk.server.url),
});

/** What the authenticator app on the user's phone would show at the desk's "now". */
function codeFor(manualKey: string, at: Date): string {
  const totp = new TOTP({ secret: Secret.fromBase32(manualKey.replace(/\s/g, '')), digits: 6 });
  return totp.generate({ timestamp: at.getTime() });
}

async function passwordStep(page: Page, username: string, password: string) {
  await page.goto('/');
  await page.getByLabel(/username|nom d'utilisateur/i).fill(username);
  await page.getByLabel(/^password|^mot de passe/i).fill(password);
  await page.getByRole('button', { name: /^sign in$|^se connecter$/i }).click();
}

test('a production supervisor must enrol at first sign-in, then signs in with a code', async ({
  page,
  desk,
}) => {
  await passwordStep(page, 'sup', PASSWORD);
  const enrolForm = page.getByRole('form', { name: 'Set up two-step sign-in' });
  await expect(enrolForm).toBeVisible();
  await expect(page.getByTestId('mfa-forced')).toContainText('Your role must use two-step');
  await expect(page.getByTestId('mfa-qr')).toBeVisible();
  const manualKey = (await page.getByTestId('mfa-manual-key').textContent()) ?? '';
  expect(manualKey).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  await page.screenshot({ path: 'test-results/mfa-enrol-forced.png' });

  // Nothing else works yet: the desk is not shown, and a direct call is refused.
  await expect(page.getByTestId('current-user')).toHaveCount(0);
  const probe = await page.request.get('/trpc/auth.me');
  expect((await probe.json()).result.data).toBeNull();

  const wrong = codeFor(manualKey, desk.clock.now()) === '000000' ? '111111' : '000000';
  await page.getByLabel('Code').fill(wrong);
  await page.getByRole('button', { name: 'Turn on and continue' }).click();
  await expect(page.getByTestId('mfa-error')).toContainText('Wrong code');

  await page.getByLabel('Code').fill(codeFor(manualKey, desk.clock.now()));
  await page.getByRole('button', { name: 'Turn on and continue' }).click();
  // The one-time recovery codes, shown this once.
  const codesPanel = page.getByTestId('recovery-codes');
  await expect(codesPanel).toContainText('shown only this once');
  await expect(codesPanel.getByRole('listitem')).toHaveCount(10); // allTextContents() does not wait
  const recoveryCodes = await codesPanel.getByRole('listitem').allTextContents();
  expect(recoveryCodes).toHaveLength(10);
  for (const c of recoveryCodes) expect(c).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
  await page.screenshot({ path: 'test-results/mfa-recovery-codes.png' });
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await expect(page.getByTestId('current-user')).toContainText('Sasha Supervisor');

  // The account menu shows it on, and required.
  await page.getByTestId('current-user').click();
  await page.getByRole('menuitem', { name: 'Two-step sign-in' }).click();
  const dialog = page.getByRole('dialog', { name: 'Two-step sign-in' });
  await expect(dialog.getByTestId('two-step-status')).toContainText('On since');
  await expect(dialog).toContainText('Required for your role on this database.');
  await expect(dialog.getByRole('button', { name: 'Turn off' })).toHaveCount(0);
  await expect(dialog.getByTestId('recovery-codes-left')).toHaveText('10 recovery codes left.');
  await page.screenshot({ path: 'test-results/mfa-account-dialog.png' });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

  // Next sign-in: password, then the code. The enrolment's code cannot be used again.
  const used = codeFor(manualKey, desk.clock.now());
  await passwordStep(page, 'sup', PASSWORD);
  const codeForm = page.getByRole('form', { name: 'Two-step sign-in' });
  await expect(codeForm).toBeVisible();
  await page.getByLabel('Code').fill(used);
  await Promise.all([
    page.waitForResponse(/auth\.mfa\.verify/),
    page.getByRole('button', { name: 'Verify' }).click(),
  ]);
  await expect(page.getByTestId('mfa-error')).toContainText('already used');
  await expect(page.getByTestId('mfa-error')).toContainText('4 attempts left');
  await page.screenshot({ path: 'test-results/mfa-code-replayed.png' });

  desk.clock.advanceMs(30_000);
  await page.getByLabel('Code').fill(codeFor(manualKey, desk.clock.now()));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('current-user')).toContainText('Sasha Supervisor');

  // Lost phone: a recovery code signs in once instead of a code.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await passwordStep(page, 'sup', PASSWORD);
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(recoveryCodes[0] ?? '');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('current-user')).toContainText('Sasha Supervisor');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await passwordStep(page, 'sup', PASSWORD);
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(recoveryCodes[0] ?? '');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('mfa-error')).toContainText('wrong or was already used');
  await page.screenshot({ path: 'test-results/mfa-recovery-used.png' });
});

test('the code step and the enrolment read in French', async ({ page, desk }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Français' }).click();
  await passwordStep(page, 'sup', PASSWORD);
  await expect(
    page.getByRole('form', { name: 'Activer la connexion en deux étapes' }),
  ).toBeVisible();
  await expect(page.getByTestId('mfa-forced')).toContainText('Votre rôle exige');
  await expect(page.getByTestId('mfa-qr')).toBeVisible();
  await page.screenshot({ path: 'test-results/mfa-enrol-fr.png' });
  const manualKey = (await page.getByTestId('mfa-manual-key').textContent()) ?? '';
  await page.getByLabel('Code').fill(codeFor(manualKey, desk.clock.now()));
  await page.getByRole('button', { name: 'Activer et continuer' }).click();
  await expect(page.getByTestId('recovery-codes')).toContainText('Vos codes de secours');
  await page.getByRole('button', { name: 'Je les ai enregistrés' }).click();
  await expect(page.getByTestId('current-user')).toContainText('Sasha Supervisor');
  // The desk speaks the user's saved language (English) until they switch it there.
  await page.getByRole('button', { name: 'Français' }).click();
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();

  desk.clock.advanceMs(30_000);
  await passwordStep(page, 'sup', PASSWORD);
  await expect(page.getByRole('form', { name: 'Connexion en deux étapes' })).toBeVisible();
  await page
    .getByLabel('Code')
    .fill('000000' === codeFor(manualKey, desk.clock.now()) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await expect(page.getByTestId('mfa-error')).toContainText('Code erroné');
  await page.screenshot({ path: 'test-results/mfa-code-fr.png' });
  await page.getByRole('button', { name: 'Retour' }).click();
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();
});

trainingTest(
  'on a training database a demo user sets it up from the account menu (optional)',
  async ({ page, desk }) => {
    desk.clock.set('2026-11-21T04:30:00.000Z'); // Fri Nov 20, 23:30 in New York (Sat in UTC)
    await signIn(page, ...DEMO.agent);
    await page.getByTestId('current-user').click();
    await page.getByRole('menuitem', { name: 'Two-step sign-in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Two-step sign-in' });
    await expect(dialog.getByTestId('two-step-status')).toHaveText('Off');
    await expect(dialog).toContainText('Optional here');
    await dialog.getByRole('button', { name: 'Set up' }).click();
    const manualKey = (await dialog.getByTestId('mfa-manual-key').textContent()) ?? '';
    await page.screenshot({ path: 'test-results/mfa-enrol-optional.png' });
    await dialog.getByLabel('Code').fill(codeFor(manualKey, desk.clock.now()));
    await dialog.getByRole('button', { name: 'Turn on' }).click();
    await dialog.getByRole('button', { name: 'I have saved them' }).click();
    await expect(dialog).toContainText('Two-step sign-in is on.');
    // The centre's day, whatever the PC's or UTC's.
    await expect(dialog.getByTestId('two-step-status')).toHaveText('On since November 20, 2026');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

    desk.clock.advanceMs(30_000);
    await page.getByLabel('Username').fill('agent');
    await page.getByLabel('Password').fill('agent-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Code').fill(codeFor(manualKey, desk.clock.now()));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByTestId('current-user')).toContainText('Alex Agent');
  },
);
