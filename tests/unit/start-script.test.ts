import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  downloadHost,
  electronBinaryPath,
  electronInstaller,
  fetchFailureSentence,
  fetchTimeoutSeconds,
  installerErrorLine,
  npmInvocation,
  progressLine,
  startPlan,
  webUrl,
} from '../../electron/tools/start.ts';

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
    expect(startPlan('/bin/electron', ['--server-url=https://cic.example'], '')).toEqual({
      kind: 'electron',
      binary: '/bin/electron',
      args: ['.', '--server-url=https://cic.example'],
    });
  });

  it('falls back to web mode with the reason, forwarding extra args', () => {
    const plan = startPlan(null, ['--port', '5000'], 'why');
    expect(plan).toEqual({
      kind: 'web',
      message: 'why',
      npmArgs: ['run', 'web', '--', '--port', '5000'],
    });
    expect(startPlan(null, [], 'why')).toMatchObject({ npmArgs: ['run', 'web'] });
  });
});

describe('electronInstaller', () => {
  it("uses electron's own install-electron bin, else install.js", () => {
    const all = () => true;
    expect(electronInstaller(PKG, { bin: { 'install-electron': 'install.js' } }, all)).toBe(
      path.join(PKG, 'install.js'),
    );
    expect(electronInstaller(PKG, { bin: { 'install-electron': 'bin/get.js' } }, all)).toBe(
      path.join(PKG, 'bin', 'get.js'),
    );
    expect(electronInstaller(PKG, { bin: 'cli.js' }, all)).toBe(path.join(PKG, 'install.js'));
  });

  it('reports no installer when the package is missing or ships none', () => {
    expect(electronInstaller(null, null, () => true)).toBeNull();
    expect(
      electronInstaller(PKG, { bin: { 'install-electron': 'install.js' } }, () => false),
    ).toBeNull();
  });
});

describe('fetch settings', () => {
  it('time limit: CIC_ELECTRON_FETCH_TIMEOUT seconds, default 300, nonsense ignored', () => {
    expect(fetchTimeoutSeconds({})).toBe(300);
    expect(fetchTimeoutSeconds({ CIC_ELECTRON_FETCH_TIMEOUT: '45' })).toBe(45);
    expect(fetchTimeoutSeconds({ CIC_ELECTRON_FETCH_TIMEOUT: 'soon' })).toBe(300);
    expect(fetchTimeoutSeconds({ CIC_ELECTRON_FETCH_TIMEOUT: '-1' })).toBe(300);
  });

  it('download host: GitHub unless ELECTRON_MIRROR says otherwise', () => {
    expect(downloadHost({})).toBe('github.com');
    expect(downloadHost({ ELECTRON_MIRROR: 'https://npmmirror.com/mirrors/electron/' })).toBe(
      'npmmirror.com',
    );
  });

  it('web address follows a forwarded --port', () => {
    expect(webUrl([], {})).toBe('http://127.0.0.1:5170');
    expect(webUrl(['--port', '5000'], {})).toBe('http://127.0.0.1:5000');
    expect(webUrl(['--port=6000'], { CIC_PORT: '7000' })).toBe('http://127.0.0.1:6000');
    expect(webUrl([], { CIC_PORT: '7000' })).toBe('http://127.0.0.1:7000');
  });

  it('progress says what is fetched, for how long so far and the limit', () => {
    expect(progressLine(10, 300, '45.4.1')).toBe(
      'Fetching the Electron 45.4.1 desktop binary (first start only)… 10 s (gives up at 300 s)',
    );
  });
});

describe('fetchFailureSentence', () => {
  const context = { version: '45.4.1', host: 'github.com', webUrl: 'http://127.0.0.1:5170' };
  const STACK =
    'TypeError: fetch failed\n    at node:internal/deps/undici:13502:13\n    at async x (/p/y.js:1:2)\n';
  const oneSentence = (text: string) => {
    expect(text).not.toMatch(/\n|\s+at\s|Error:/);
    expect(text.match(/\.(\s|$)/g) ?? []).toHaveLength(1);
    expect(text).toContain('web mode');
    expect(text).toContain('http://127.0.0.1:5170');
  };

  it('names the unreachable host and why, not the stack', () => {
    const text = fetchFailureSentence(
      { kind: 'failed', exitCode: 1, stderr: STACK, networkCause: 'ENOTFOUND' },
      context,
    );
    oneSentence(text);
    expect(text).toMatch(
      /^Could not fetch the Electron 45\.4\.1 binary from github\.com \(github\.com could not be reached: its name does not resolve on this network/,
    );
  });

  it("quotes the installer's error line when the network is not the cause", () => {
    const text = fetchFailureSentence(
      {
        kind: 'failed',
        exitCode: 1,
        stderr: 'Error: checksum mismatch for electron-v45.zip\n    at a (b.js:1:1)\n',
        networkCause: null,
      },
      context,
    );
    oneSentence(text);
    expect(text).toContain('the installer said "checksum mismatch for electron-v45.zip"');
    expect(installerErrorLine(STACK)).toBe('fetch failed');
    expect(installerErrorLine('')).toBeNull();
  });

  it('says so when the time limit ran out, or nothing could be run', () => {
    const late = fetchFailureSentence({ kind: 'timed-out', seconds: 300 }, context);
    oneSentence(late);
    expect(late).toContain('did not finish within 300 s');
    oneSentence(fetchFailureSentence({ kind: 'no-package' }, context));
    oneSentence(fetchFailureSentence({ kind: 'no-installer' }, context));
    oneSentence(fetchFailureSentence({ kind: 'spawn-error', message: 'spawn EACCES' }, context));
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
