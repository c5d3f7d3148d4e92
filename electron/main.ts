/**
 * Electron main process: a thin shell. Every decision lives in ./security.ts and ./config.ts
 * (pure, unit tested); this file only wires them into Electron. Bundled by esbuild to
 * dist/electron/main.cjs (CommonJS), next to preload.cjs and server.cjs, hence `__dirname`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, session, shell, utilityProcess } from 'electron';
import type { Session, UtilityProcess, WebContents } from 'electron';
import {
  generateLaunchToken,
  LaunchConfigError,
  launchCookie,
  mainWindowOptions,
  parseServerChildMessage,
  parseStoredSettings,
  resolveLaunchMode,
  secondInstanceActions,
  SERVER_START_TIMEOUT_MS,
  SERVER_STOP_TIMEOUT_MS,
  serverChildEnv,
  SHUTDOWN_MESSAGE,
} from './config.ts';
import {
  contentSecurityPolicy,
  isNavigationAllowed,
  permissionDecision,
  preloadArguments,
  windowOpenDecision,
  withContentSecurityPolicy,
} from './security.ts';

let mainWindow: BrowserWindow | null = null;
/** Someone started the app again before the window existed: focus it once it does. */
let focusWhenCreated = false;
let serverChild: UtilityProcess | null = null;
let serverExpectedToExit = false;
/** Origin the window is allowed to stay on; set once the server address is known. */
let appOrigin = '';

function fatal(title: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox(title, message);
  serverExpectedToExit = true;
  serverChild?.kill();
  app.exit(1);
}

function readStoredSettingsText(): string | null {
  try {
    return readFileSync(path.join(app.getPath('userData'), 'settings.json'), 'utf8');
  } catch {
    return null;
  }
}

function hardenSession(ses: Session, serverOrigin: string): void {
  const csp = contentSecurityPolicy(serverOrigin);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, csp) });
  });
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionDecision(permission, details.requestingUrl, appOrigin));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permissionDecision(permission, requestingOrigin, appOrigin),
  );
  ses.setDevicePermissionHandler(() => false);
}

function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternal) void shell.openExternal(url);
    return { action: decision.action };
  });
}

/** Forks dist/electron/server.cjs as a utility process and resolves with the URL it listens on. */
function startEmbeddedServer(dataDir: string, launchToken: string): Promise<string> {
  const child = utilityProcess.fork(path.join(__dirname, 'server.cjs'), [], {
    serviceName: 'CIC Desk server',
    stdio: 'inherit',
    env: {
      ...process.env,
      ...serverChildEnv({
        port: 0,
        host: '127.0.0.1',
        dataDir,
        launchToken,
        staticDir: path.join(app.getAppPath(), 'dist', 'renderer'),
      }),
    },
  });
  serverChild = child;
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settle(() =>
        reject(new Error(`The server did not start within ${SERVER_START_TIMEOUT_MS / 1000} s.`)),
      );
    }, SERVER_START_TIMEOUT_MS);
    function settle(action: () => void): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
    }
    child.on('message', (raw: unknown) => {
      const message = parseServerChildMessage(raw);
      if (message?.type === 'listening') settle(() => resolve(message.url));
      else if (message?.type === 'error') settle(() => reject(new Error(message.message)));
    });
    child.on('exit', (code) => {
      serverChild = null;
      if (!settled) {
        settle(() =>
          reject(new Error(`The server process exited (code ${code}) before it was ready.`)),
        );
      } else if (!serverExpectedToExit) {
        fatal(
          'CIC Desk server stopped',
          new Error(`The embedded server exited unexpectedly (code ${code}).`),
        );
      }
    });
  });
}

async function start(): Promise<void> {
  const mode = resolveLaunchMode(
    process.env,
    process.argv,
    parseStoredSettings(readStoredSettingsText()),
    app.getPath('userData'),
  );

  let serverUrl: string;
  let launchToken: string | undefined;
  if (mode.mode === 'embedded') {
    launchToken = generateLaunchToken();
    serverUrl = await startEmbeddedServer(mode.dataDir, launchToken);
  } else {
    serverUrl = mode.serverUrl;
  }
  appOrigin = new URL(serverUrl).origin;

  hardenSession(session.defaultSession, appOrigin);
  if (launchToken !== undefined) {
    await session.defaultSession.cookies.set(launchCookie(serverUrl, launchToken));
  }

  const window = new BrowserWindow(
    mainWindowOptions(path.join(__dirname, 'preload.cjs'), {
      additionalArguments: preloadArguments({ serverUrl, launchToken }),
      devTools: !app.isPackaged,
    }),
  );
  mainWindow = window;
  window.once('ready-to-show', () => {
    window.show();
    if (focusWhenCreated) window.focus();
  });
  window.on('closed', () => {
    mainWindow = null;
  });
  await window.loadURL(serverUrl);
}

function stopServerThenQuit(): void {
  const child = serverChild;
  if (child === null) {
    app.quit();
    return;
  }
  serverExpectedToExit = true;
  const timer = setTimeout(() => child.kill(), SERVER_STOP_TIMEOUT_MS);
  child.once('exit', () => {
    clearTimeout(timer);
    app.quit();
  });
  child.postMessage(SHUTDOWN_MESSAGE);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A second start of the app: the data folder stays this instance's; its window comes forward.
  app.on('second-instance', () => {
    const window = mainWindow;
    const actions = secondInstanceActions({
      exists: window !== null,
      minimized: window?.isMinimized() ?? false,
      visible: window?.isVisible() ?? false,
    });
    for (const action of actions) {
      if (action === 'focus-when-created') focusWhenCreated = true;
      else if (action === 'restore') window?.restore();
      else if (action === 'show') window?.show();
      else window?.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (serverChild !== null && !serverExpectedToExit) {
      event.preventDefault();
      stopServerThenQuit();
    }
  });
  app.on('will-quit', () => {
    serverChild?.kill();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const title =
        error instanceof LaunchConfigError
          ? 'CIC Desk: invalid configuration'
          : 'CIC Desk could not start';
      fatal(title, error);
    });
}
