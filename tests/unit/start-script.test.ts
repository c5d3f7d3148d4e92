import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ELECTRON_MISSING_MESSAGE,
  electronBinaryPath,
  npmInvocation,
  startPlan,
} from '../../scripts/start.ts';

const PKG = path.join(path.sep, 'proj', 'node_modules', 'electron');

describe('electronBinaryPath', () => {
  const probe = (over: Partial<Parameters<typeof electronBinaryPath>[0]>) => ({
    packageDir: PKG,
    pathTxt: 'electron',
    overrideDistPath: undefined,
    exists: () => true,
    ...over,
  });

  it('finds the downloaded binary', () => {
    expect(electronBinaryPath(probe({}))).toBe(path.join(PKG, 'dist', 'electron'));
    expect(electronBinaryPath(probe({ pathTxt: 'electron.exe\n' }))).toBe(
      path.join(PKG, 'dist', 'electron.exe'),
    );
  });

  it('reports a missing binary: never downloaded, deleted, or no electron package', () => {
    expect(electronBinaryPath(probe({ pathTxt: null }))).toBeNull();
    expect(electronBinaryPath(probe({ pathTxt: '  ' }))).toBeNull();
    expect(electronBinaryPath(probe({ exists: () => false }))).toBeNull();
    expect(electronBinaryPath(probe({ packageDir: null }))).toBeNull();
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    const dist = path.join(path.sep, 'opt', 'electron');
    expect(electronBinaryPath(probe({ overrideDistPath: dist, pathTxt: null }))).toBe(
      path.join(dist, 'electron'),
    );
    expect(
      electronBinaryPath(
        probe({ overrideDistPath: dist, exists: (f) => f !== path.join(dist, 'electron') }),
      ),
    ).toBeNull();
  });
});

describe('startPlan', () => {
  it('runs the desktop shell on the project when the binary is present', () => {
    expect(startPlan('/bin/electron', ['--server-url=https://cic.example'])).toEqual({
      kind: 'electron',
      binary: '/bin/electron',
      args: ['.', '--server-url=https://cic.example'],
    });
  });

  it('falls back to web mode with a plain explanation, forwarding extra args', () => {
    const plan = startPlan(null, ['--port', '5000']);
    expect(plan).toEqual({
      kind: 'web',
      message: ELECTRON_MISSING_MESSAGE,
      npmArgs: ['run', 'web', '--', '--port', '5000'],
    });
    expect(startPlan(null, [])).toMatchObject({ npmArgs: ['run', 'web'] });
  });

  it('explains why and what happens instead, without a stack trace', () => {
    expect(ELECTRON_MISSING_MESSAGE).toContain('Electron binary is not installed');
    expect(ELECTRON_MISSING_MESSAGE).toContain('GitHub releases');
    expect(ELECTRON_MISSING_MESSAGE).toContain('Starting web mode instead');
    expect(ELECTRON_MISSING_MESSAGE).not.toMatch(/Error|\n\s+at /);
  });
});

describe('npmInvocation', () => {
  it("uses npm's CLI script when started by npm", () => {
    expect(
      npmInvocation(
        ['run', 'web'],
        { npm_execpath: '/usr/lib/npm/bin/npm-cli.js' },
        '/node',
        'win32',
      ),
    ).toEqual({
      command: '/node',
      args: ['/usr/lib/npm/bin/npm-cli.js', 'run', 'web'],
      shell: false,
    });
  });

  it('falls back to the npm command, through a shell on Windows only', () => {
    expect(npmInvocation(['run', 'build'], {}, '/node', 'linux')).toEqual({
      command: 'npm',
      args: ['run', 'build'],
      shell: false,
    });
    expect(npmInvocation(['run', 'build'], {}, 'C:\\node.exe', 'win32').shell).toBe(true);
  });
});
