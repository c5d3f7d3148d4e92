import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  EXTERNAL_HOST_ALLOW_LIST,
  FUSES,
  httpOrigin,
  isExternalUrlAllowed,
  isNavigationAllowed,
  permissionDecision,
  preloadArguments,
  readPreloadArguments,
  secureWebPreferences,
  windowOpenDecision,
  withContentSecurityPolicy,
} from '../../electron/security.ts';

const APP = 'http://127.0.0.1:51234';

describe('secureWebPreferences', () => {
  it('sandboxes and isolates the renderer', () => {
    const prefs = secureWebPreferences('/app/dist/electron/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      spellcheck: false,
      devTools: false,
    });
  });

  it('passes additional arguments and the devTools flag', () => {
    const prefs = secureWebPreferences('/p.cjs', {
      additionalArguments: ['--x=1'],
      devTools: true,
    });
    expect(prefs.additionalArguments).toEqual(['--x=1']);
    expect(prefs.devTools).toBe(true);
  });
});

describe('contentSecurityPolicy', () => {
  const directives = (csp: string) =>
    new Map(
      csp.split('; ').map((part) => {
        const [name = '', ...values] = part.split(' ');
        return [name, values] as const;
      }),
    );

  it('is strict and lets the page reach the server origin', () => {
    const d = directives(contentSecurityPolicy('https://cic.example.internal:8443/desk/'));
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(d.get('connect-src')).toEqual(["'self'", 'https://cic.example.internal:8443']);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
  });

  it('never allows eval or inline scripts', () => {
    const csp = contentSecurityPolicy(APP);
    expect(csp).not.toContain('unsafe-eval');
    expect(directives(csp).get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('rejects origins that are not http(s), including directive injection attempts', () => {
    expect(() => contentSecurityPolicy('not a url')).toThrow(/not an http\(s\) origin/);
    expect(() => contentSecurityPolicy('file:///C:/app')).toThrow();
    expect(() => contentSecurityPolicy('javascript:alert(1)')).toThrow();
    // Whatever follows the host is dropped: only the origin is used.
    expect(contentSecurityPolicy("http://a.test/; script-src 'unsafe-inline'")).not.toContain(
      "script-src 'unsafe-inline'",
    );
  });

  it('replaces CSP headers sent by the server, whatever their case', () => {
    const headers = withContentSecurityPolicy(
      {
        'content-security-policy': ['default-src *'],
        'Content-Security-Policy-Report-Only': ['default-src *'],
        'Content-Type': 'text/html',
      },
      "default-src 'self'",
    );
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': ["default-src 'self'"],
    });
    expect(withContentSecurityPolicy(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});

describe('httpOrigin', () => {
  it('returns the origin of http(s) URLs only', () => {
    expect(httpOrigin('http://127.0.0.1:51234/a?b#c')).toBe(APP);
    expect(httpOrigin('file:///etc/passwd')).toBeNull();
    expect(httpOrigin('garbage')).toBeNull();
  });
});

describe('isNavigationAllowed', () => {
  it('allows the app origin, any path', () => {
    expect(isNavigationAllowed(`${APP}/`, APP)).toBe(true);
    expect(isNavigationAllowed(`${APP}/customers/42?tab=notes#top`, APP)).toBe(true);
    expect(isNavigationAllowed(`${APP}/x`, `${APP}/`)).toBe(true);
  });

  it('denies other origins, ports and schemes', () => {
    expect(isNavigationAllowed('http://127.0.0.1:51235/', APP)).toBe(false);
    expect(isNavigationAllowed('http://localhost:51234/', APP)).toBe(false);
    expect(isNavigationAllowed('https://127.0.0.1:51234/', APP)).toBe(false);
    expect(isNavigationAllowed('https://evil.example/', APP)).toBe(false);
    expect(isNavigationAllowed('http://127.0.0.1:51234@evil.example/', APP)).toBe(false);
  });

  it('denies javascript:, file:, data: and about: URLs and garbage', () => {
    expect(isNavigationAllowed('javascript:alert(1)', APP)).toBe(false);
    expect(isNavigationAllowed('file:///C:/Windows/system32/calc.exe', APP)).toBe(false);
    expect(isNavigationAllowed('data:text/html,<script>alert(1)</script>', APP)).toBe(false);
    expect(isNavigationAllowed('about:blank', APP)).toBe(false);
    expect(isNavigationAllowed('not a url', APP)).toBe(false);
  });

  it('denies everything while the app origin is unknown', () => {
    expect(isNavigationAllowed(`${APP}/`, '')).toBe(false);
  });
});

describe('isExternalUrlAllowed', () => {
  const allow = ['docs.example.com', 'Status.Example.com'];

  it('allows https URLs on an allow-listed host', () => {
    expect(isExternalUrlAllowed('https://docs.example.com/guide?x=1', allow)).toBe(true);
    expect(isExternalUrlAllowed('https://DOCS.example.com/', allow)).toBe(true);
    expect(isExternalUrlAllowed('https://status.example.com/', allow)).toBe(true);
  });

  it('denies http, other schemes and garbage', () => {
    expect(isExternalUrlAllowed('http://docs.example.com/', allow)).toBe(false);
    expect(isExternalUrlAllowed('javascript:alert(1)', allow)).toBe(false);
    expect(isExternalUrlAllowed('file://docs.example.com/x', allow)).toBe(false);
    expect(isExternalUrlAllowed('mailto:someone@docs.example.com', allow)).toBe(false);
    expect(isExternalUrlAllowed('smb://docs.example.com/share', allow)).toBe(false);
    expect(isExternalUrlAllowed('', allow)).toBe(false);
  });

  it('denies other hosts, look-alikes, sub-domains, ports and credentials', () => {
    expect(isExternalUrlAllowed('https://evil.example/', allow)).toBe(false);
    expect(isExternalUrlAllowed('https://docs.example.com.evil.net/', allow)).toBe(false);
    expect(isExternalUrlAllowed('https://a.docs.example.com/', allow)).toBe(false);
    expect(isExternalUrlAllowed('https://docs.example.com:8443/', allow)).toBe(false);
    expect(isExternalUrlAllowed('https://user:pw@docs.example.com/', allow)).toBe(false);
    expect(isExternalUrlAllowed('https://user@docs.example.com/', allow)).toBe(false);
  });

  it('denies everything with an empty allow-list', () => {
    expect(isExternalUrlAllowed('https://docs.example.com/', [])).toBe(false);
  });
});

describe('windowOpenDecision', () => {
  it('never opens an Electron window', () => {
    expect(windowOpenDecision(`${APP}/popup`).action).toBe('deny');
    expect(windowOpenDecision('https://docs.example.com/', ['docs.example.com']).action).toBe(
      'deny',
    );
  });

  it('hands allow-listed https links to the OS browser only', () => {
    expect(windowOpenDecision('https://docs.example.com/', ['docs.example.com'])).toEqual({
      action: 'deny',
      openExternal: true,
    });
    expect(windowOpenDecision('http://docs.example.com/', ['docs.example.com']).openExternal).toBe(
      false,
    );
    expect(windowOpenDecision('javascript:alert(1)', ['docs.example.com']).openExternal).toBe(
      false,
    );
    expect(windowOpenDecision(`${APP}/`, ['127.0.0.1']).openExternal).toBe(false);
  });

  it('uses the built-in allow-list by default (empty: nothing leaves the app)', () => {
    expect(EXTERNAL_HOST_ALLOW_LIST).toEqual([]);
    expect(windowOpenDecision('https://docs.example.com/').openExternal).toBe(false);
  });
});

describe('permissionDecision', () => {
  it('allows sanitized clipboard writes for the app origin only', () => {
    expect(permissionDecision('clipboard-sanitized-write', APP, APP)).toBe(true);
    expect(permissionDecision('clipboard-sanitized-write', `${APP}/customers/1`, APP)).toBe(true);
    expect(permissionDecision('clipboard-sanitized-write', 'https://evil.example', APP)).toBe(
      false,
    );
    expect(permissionDecision('clipboard-sanitized-write', 'file:///', APP)).toBe(false);
    expect(permissionDecision('clipboard-sanitized-write', 'null', APP)).toBe(false);
    expect(permissionDecision('clipboard-sanitized-write', APP, '')).toBe(false);
  });

  it('denies every other permission, even for the app origin', () => {
    for (const permission of [
      'clipboard-read',
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'fullscreen',
      'display-capture',
      'hid',
      'serial',
      'usb',
      'unknown',
    ]) {
      expect(permissionDecision(permission, APP, APP), permission).toBe(false);
    }
  });
});

describe('FUSES', () => {
  it('hardens the packaged binary', () => {
    expect(FUSES).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('matches the electronFuses block of electron-builder.yml', () => {
    const yml = readFileSync(path.join(import.meta.dirname, '../../electron-builder.yml'), 'utf8');
    const block = /^electronFuses:\n((?:[ \t]+.*\n)+)/m.exec(yml)?.[1] ?? '';
    const fromYml = Object.fromEntries(
      [...block.matchAll(/^\s+(\w+):\s*(true|false)\s*$/gm)].map((m) => [m[1], m[2] === 'true']),
    );
    expect(fromYml).toEqual(FUSES);
  });
});

describe('preload arguments', () => {
  it('round-trips the server URL and launch token through argv', () => {
    const args = preloadArguments({ serverUrl: APP, launchToken: 'ab12' });
    expect(args).toEqual([`--cic-server-url=${APP}`, '--cic-launch-token=ab12']);
    expect(readPreloadArguments(['electron', '--type=renderer', ...args])).toEqual({
      serverUrl: APP,
      launchToken: 'ab12',
    });
  });

  it('omits the token in connected mode', () => {
    const args = preloadArguments({ serverUrl: 'https://cic.example', launchToken: undefined });
    expect(args).toEqual(['--cic-server-url=https://cic.example']);
    expect(readPreloadArguments(args)).toEqual({
      serverUrl: 'https://cic.example',
      launchToken: null,
    });
  });

  it('ignores a server URL that is not http(s)', () => {
    expect(readPreloadArguments(['--cic-server-url=javascript:alert(1)']).serverUrl).toBeNull();
    expect(readPreloadArguments([])).toEqual({ serverUrl: null, launchToken: null });
  });
});

/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security),
 * item by item. Decisions live in security.ts (tested above); these tests pin that main.ts and
 * preload.ts wire every one of them and that nothing reintroduces what the list forbids.
 */
describe('Electron security checklist', () => {
  const read = (file: string) =>
    readFileSync(path.join(import.meta.dirname, '../../electron', file), 'utf8');
  const main = read('main.ts');
  const preload = read('preload.ts');
  const sources = ['main.ts', 'preload.ts', 'security.ts', 'config.ts', 'server-entry.ts'].map(
    (f) => [f, read(f)] as const,
  );
  const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

  it('1. only secure content: the window loads the server over http(s), never file://', () => {
    expect(code(main)).not.toMatch(/loadFile\(|file:\/\//);
    expect(main).toMatch(/window\.loadURL\(serverUrl\)/);
  });

  it('2-4, 10. no Node in the page; context isolation and the sandbox on; no Blink features', () => {
    const prefs = secureWebPreferences('/p.cjs');
    expect(prefs).toMatchObject({
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      contextIsolation: true,
      sandbox: true,
      navigateOnDragDrop: false,
      plugins: false,
      enableWebSQL: false,
      safeDialogs: true,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('enableRemoteModule');
    expect(prefs).not.toHaveProperty('disableBlinkFeatures');
    expect(main).toMatch(/mainWindowOptions\(/);
  });

  it('6, 8-10. webSecurity stays on; no insecure content, experimental or Blink features', () => {
    const prefs = secureWebPreferences('/p.cjs');
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    for (const [file, text] of sources) {
      expect(code(text), file).not.toMatch(
        /webSecurity:\s*false|allowRunningInsecureContent:\s*true|experimentalFeatures:\s*true|enableBlinkFeatures/,
      );
    }
  });

  it('7. a Content-Security-Policy is put on every response of the session', () => {
    expect(main).toMatch(
      /onHeadersReceived\([\s\S]*withContentSecurityPolicy\(details\.responseHeaders, csp\)/,
    );
    expect(main).toMatch(/contentSecurityPolicy\(serverOrigin\)/);
  });

  it('5. permission requests, checks and devices go through the deny-by-default decision', () => {
    expect(main).toMatch(/setPermissionRequestHandler\([\s\S]*?permissionDecision\(/);
    expect(main).toMatch(/setPermissionCheckHandler\([\s\S]*?permissionDecision\(/);
    expect(main).toMatch(/setDevicePermissionHandler\(\(\) => false\)/);
  });

  it('11-15. no <webview>; navigation limited; new windows denied; openExternal only when allowed', () => {
    expect(secureWebPreferences('/p.cjs').webviewTag).toBe(false);
    expect(main).toMatch(/'will-attach-webview', \(event\) => event\.preventDefault\(\)/);
    expect(main).toMatch(
      /'will-navigate'[\s\S]*?isNavigationAllowed\(url, appOrigin\)[\s\S]*?preventDefault/,
    );
    expect(main).toMatch(
      /'will-redirect'[\s\S]*?isNavigationAllowed\(url, appOrigin\)[\s\S]*?preventDefault/,
    );
    expect(main).toMatch(/setWindowOpenHandler\([\s\S]*?windowOpenDecision\(url\)/);
    // Every web contents, including any created later, is guarded.
    expect(main).toMatch(
      /app\.on\('web-contents-created', \(_event, contents\) => guardWebContents\(contents\)\)/,
    );
    const opens = [...code(main).matchAll(/shell\.openExternal\(/g)];
    expect(opens).toHaveLength(1);
    expect(main).toMatch(/if \(decision\.openExternal\) void shell\.openExternal\(url\)/);
  });

  it('20. no remote module; no Electron APIs handed to the page', () => {
    for (const [file, text] of sources) {
      expect(code(text), file).not.toMatch(
        /@electron\/remote|\bremote\b\s*[.:]|require\(['"]electron['"]\)\.remote/,
      );
    }
    const exposed = [...preload.matchAll(/exposeInMainWorld\(/g)];
    expect(exposed).toHaveLength(1);
    expect(preload).toMatch(/Object\.freeze\(\{ serverUrl: [^}]*, launchToken: [^}]* \}\)/);
    expect(code(preload)).not.toMatch(/ipcRenderer|require\(|process\.env/);
  });

  it('17. IPC: there is none, so there is no sender to validate (add validation with any IPC)', () => {
    for (const [file, text] of sources) {
      expect(code(text), `${file}: IPC handlers must validate event.senderFrame`).not.toMatch(
        /ipcMain|ipcRenderer/,
      );
    }
  });

  it('18. no file:// privileges; the app runs from its asar only', () => {
    expect(FUSES.grantFileProtocolExtraPrivileges).toBe(false);
    expect(FUSES.onlyLoadAppFromAsar).toBe(true);
    const yml = readFileSync(path.join(import.meta.dirname, '../../electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/^asar: true$/m);
  });

  it('19. every fuse is set, to the hardened value', () => {
    expect(FUSES).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('16. a supported Electron (installed = declared major)', () => {
    const pkg = JSON.parse(
      readFileSync(path.join(import.meta.dirname, '../../package.json'), 'utf8'),
    ) as { devDependencies: Record<string, string> };
    const declared = Number(/(\d+)/.exec(pkg.devDependencies.electron ?? '')?.[1]);
    const installed = JSON.parse(
      readFileSync(
        path.join(import.meta.dirname, '../../node_modules/electron/package.json'),
        'utf8',
      ),
    ) as { version: string };
    expect(declared).toBeGreaterThanOrEqual(45);
    expect(Number(installed.version.split('.')[0])).toBe(declared);
  });

  it('DevTools only in unpackaged runs', () => {
    expect(secureWebPreferences('/p.cjs').devTools).toBe(false);
    expect(main).toMatch(/devTools: !app\.isPackaged/);
  });
});
