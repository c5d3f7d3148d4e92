import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { ManualClock } from '../../server/domain/clock.ts';
import { startServer, type RunningServer } from '../../server/http/start.ts';

/**
 * Each test gets its own server in web mode (real HTTP, real SQLite in a fresh temp data dir,
 * the built renderer) on a free port. `clock` is injected so tests can move time.
 */
export interface DeskFixture {
  server: RunningServer;
  clock: ManualClock;
  dataDir: string;
}

export const test = base.extend<{ desk: DeskFixture }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the fixtures object pattern
  desk: async ({}, use) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cic-e2e-'));
    const clock = new ManualClock(process.env.CIC_E2E_NOW ?? '2026-11-20T15:00:00.000Z');
    const server = await startServer({ port: 0, dataDir, clock, fastHash: true, quiet: true });
    await use({ server, clock, dataDir });
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
  baseURL: async ({ desk }, use) => use(desk.server.url),
});

export { expect };

/** Signs in through the real sign-in form and waits for the desk to show the user. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel(/username|nom d'utilisateur/i).fill(username);
  await page.getByLabel(/^password|^mot de passe/i).fill(password);
  await page.getByRole('button', { name: /sign in|se connecter/i }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

export const DEMO = {
  agent: ['agent', 'agent-demo-2026'],
  agent2: ['agent2', 'agent-demo-2026'],
  supervisor: ['supervisor', 'supervisor-demo-2026'],
  trainer: ['trainer', 'trainer-demo-2026'],
  admin: ['admin', 'admin-demo-2026'],
} as const;

/** Signs out and waits for the sign-in form, so the next navigation cannot cut the request. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^sign out$|^se déconnecter$/i }).click();
  await expect(page.getByRole('button', { name: /^sign in$|^se connecter$/i })).toBeVisible();
}

/**
 * The screen has settled: nothing is still loading (no indeterminate progress indicator) and
 * every finite animation or CSS transition (a fade, a collapse, a drawer sliding in) has
 * finished. Waits on those conditions, not on a fixed time; endless ones (a spinner) are ignored.
 */
export async function settled(page: Page): Promise<void> {
  await expect(page.locator('[role=progressbar]:not([aria-valuenow])')).toHaveCount(0);
  // The shell marks <main> busy while any of the screen's queries is in flight: a section
  // waiting for its data (a button disabled until it comes) is not the finished screen.
  await expect(page.locator('main[aria-busy="true"]')).toHaveCount(0);
  // A settled screen never shows a raw moment ("2026-11-20T15:00:00.000Z"): times are the
  // centre's, labelled with its zone. Catches a value interpolated without its format anywhere.
  expect(await page.locator('body').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  // Runs in the page (the tests' tsconfig has no DOM types: the shape used is declared here).
  type Running = { playState: string; effect: { getTiming(): { iterations?: number } } | null };
  type Doc = { getAnimations(): Running[] };
  await page.waitForFunction(() =>
    (globalThis as unknown as { document: Doc }).document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
}

/**
 * Holds every request matching `url` until the returned function is called (then they go on to
 * the server): a test can look at the screen while that data is still on its way.
 */
export async function holdRequests(page: Page, url: string): Promise<() => void> {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(url, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}
