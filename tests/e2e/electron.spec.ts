import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinaryPath, probeElectron } from '../../electron/tools/start.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const binary = electronBinaryPath(probeElectron(root));

// The Electron binary comes from GitHub releases; where it could not be downloaded this test
// cannot run, and says so instead of failing. Everything Electron decides is unit-tested anyway.
test.skip(!binary, 'Electron binary not installed on this machine');

test('the desktop app starts its embedded server and opens a hardened sign-in window', async () => {
  if (!existsSync(path.join(root, 'dist', 'electron', 'main.cjs'))) {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build-electron.ts')], {
      cwd: root,
    });
  }
  const userData = mkdtempSync(path.join(tmpdir(), 'cic-electron-'));
  const app = await electron.launch({
    executablePath: binary ?? undefined,
    args: [root, `--user-data-dir=${userData}`],
    env: { ...process.env, CIC_DATA_DIR: path.join(userData, 'data') },
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByLabel('Username')).toBeVisible({ timeout: 30_000 });
    expect(window.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    // The page must not see Node: sandboxed, context-isolated, no node integration.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    );
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
      'undefined',
    );
  } finally {
    await app.close();
    rmSync(userData, { recursive: true, force: true });
  }
});
