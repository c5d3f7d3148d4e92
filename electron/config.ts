/**
 * Pure launch configuration of the desktop shell: which mode to run in, window options, the
 * launch cookie, and the contract with the embedded server child process. No `electron` import
 * at runtime, so all of it is unit tested without an Electron binary.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { BrowserWindowConstructorOptions, CookiesSetDetails } from 'electron';
import { secureWebPreferences } from './security.ts';

export type LaunchMode =
  { mode: 'embedded'; dataDir: string } | { mode: 'connected'; serverUrl: string };

export type StoredSettings = { serverUrl?: string | null | undefined } | null | undefined;

export type Env = Readonly<Record<string, string | undefined>>;

export class LaunchConfigError extends Error {
  override name = 'LaunchConfigError';
}

export const SERVER_URL_ARG = '--server-url=';

/**
 * Validates a configured server URL: https (plain http only for a loopback address, or anywhere
 * with `allowInsecure`), a host, no credentials, no query or fragment.
 * Returns the normalised URL without a trailing slash (`https://cic.example:8443/desk`).
 */
export function validateServerUrl(
  value: string,
  source: string,
  options: { allowInsecure?: boolean } = {},
): string {
  const hint = 'expected an http:// or https:// address such as https://cic-server.internal:8443';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new LaunchConfigError(
      `CIC Desk server address from ${source} is not a valid URL: ${JSON.stringify(value)} (${hint}).`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LaunchConfigError(
      `CIC Desk server address from ${source} must use http or https, got ${JSON.stringify(url.protocol)} (${hint}).`,
    );
  }
  if (url.hostname === '') {
    throw new LaunchConfigError(`CIC Desk server address from ${source} has no host (${hint}).`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !options.allowInsecure) {
    throw new LaunchConfigError(
      `CIC Desk server address from ${source} must use https (plain http is only accepted for this computer, e.g. http://127.0.0.1:5170): ` +
        `sign-in and customer data must not cross the network unencrypted. Got ${JSON.stringify(value)}; ` +
        'for a lab network without TLS set CIC_ALLOW_INSECURE_SERVER=1.',
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new LaunchConfigError(
      `CIC Desk server address from ${source} must not contain a user name or password.`,
    );
  }
  if (url.hash !== '' || url.search !== '') {
    throw new LaunchConfigError(
      `CIC Desk server address from ${source} must not contain a query or fragment (${hint}).`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** localhost, 127.0.0.0/8 and ::1: traffic that never leaves the computer. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127(\.\d{1,3}){3}$/.test(host)
  );
}

function nonEmpty(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/**
 * Embedded mode (the server runs inside the app on loopback, data under userData) unless a
 * server address is configured. Precedence: `--server-url=` argument, then `CIC_SERVER_URL`,
 * then the stored setting. A configured but invalid address is an error, never a silent fallback
 * to embedded mode (the agent would otherwise work on a local, empty database).
 *
 * Connected mode requires https unless the server is on this computer (loopback) or
 * `CIC_ALLOW_INSECURE_SERVER=1` is set (a lab network without TLS).
 *
 * `CIC_DATA_DIR` (absolute path) overrides the embedded data directory, for development.
 */
export function resolveLaunchMode(
  env: Env,
  argv: readonly string[],
  storedSettings: StoredSettings,
  userDataDir: string,
): LaunchMode {
  const fromArg = argv.findLast((arg) => arg.startsWith(SERVER_URL_ARG));
  const candidates: Array<[string | null, string]> = [
    [
      fromArg === undefined ? null : fromArg.slice(SERVER_URL_ARG.length).trim(),
      'the --server-url argument',
    ],
    [nonEmpty(env.CIC_SERVER_URL), 'the CIC_SERVER_URL environment variable'],
    [nonEmpty(storedSettings?.serverUrl), 'the saved settings'],
  ];
  for (const [value, source] of candidates) {
    if (value === null) continue;
    return {
      mode: 'connected',
      serverUrl: validateServerUrl(value, source, {
        allowInsecure: env.CIC_ALLOW_INSECURE_SERVER === '1',
      }),
    };
  }
  const dataDirOverride = nonEmpty(env.CIC_DATA_DIR);
  if (dataDirOverride !== null) {
    if (!path.isAbsolute(dataDirOverride)) {
      throw new LaunchConfigError(
        `CIC_DATA_DIR must be an absolute path, got ${JSON.stringify(dataDirOverride)}.`,
      );
    }
    return { mode: 'embedded', dataDir: path.normalize(dataDirOverride) };
  }
  return { mode: 'embedded', dataDir: path.join(userDataDir, 'data') };
}

/** Settings file (`userData/settings.json`) contents; unreadable or odd content counts as none. */
export function parseStoredSettings(text: string | null): StoredSettings {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const serverUrl = (value as { serverUrl?: unknown }).serverUrl;
  return typeof serverUrl === 'string' ? { serverUrl } : {};
}

/** Per-launch secret shared by the shell and its embedded server (32 random bytes, hex). */
export function generateLaunchToken(): string {
  return randomBytes(32).toString('hex');
}

export const WINDOW_BACKGROUND = '#F4F6F9';

export function mainWindowOptions(
  preloadPath: string,
  options: { additionalArguments?: string[]; devTools?: boolean } = {},
): BrowserWindowConstructorOptions {
  return {
    title: 'CIC Desk',
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath, options),
  };
}

export const LAUNCH_COOKIE_NAME = 'cic_launch';

/** Cookie carrying the launch token to the embedded server: session-only, HttpOnly, strict. */
export function launchCookie(serverUrl: string, token: string): CookiesSetDetails {
  const url = new URL(serverUrl);
  return {
    url: `${url.origin}/`,
    name: LAUNCH_COOKIE_NAME,
    value: token,
    path: '/',
    httpOnly: true,
    secure: url.protocol === 'https:',
    sameSite: 'strict',
  };
}

// --- contract with the embedded server child (electron/server-entry.ts) ---

export type ServerChildConfig = {
  port: number;
  host: string;
  dataDir: string;
  launchToken: string;
  staticDir?: string | undefined;
};

/** Environment variables `main` passes to the utility process. */
export function serverChildEnv(config: ServerChildConfig): Record<string, string> {
  const env: Record<string, string> = {
    CIC_PORT: String(config.port),
    CIC_HOST: config.host,
    CIC_DATA_DIR: config.dataDir,
    CIC_LAUNCH_TOKEN: config.launchToken,
  };
  if (config.staticDir !== undefined) env.CIC_STATIC_DIR = config.staticDir;
  return env;
}

/** Inverse of `serverChildEnv`, run in the child; throws on anything missing or malformed. */
export function parseServerChildEnv(env: Env): ServerChildConfig {
  const port = Number(env.CIC_PORT ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`CIC_PORT must be a port number, got ${JSON.stringify(env.CIC_PORT)}`);
  }
  const dataDir = nonEmpty(env.CIC_DATA_DIR);
  if (dataDir === null) throw new Error('CIC_DATA_DIR is required');
  const launchToken = nonEmpty(env.CIC_LAUNCH_TOKEN);
  if (launchToken === null) throw new Error('CIC_LAUNCH_TOKEN is required');
  return {
    port,
    host: nonEmpty(env.CIC_HOST) ?? '127.0.0.1',
    dataDir,
    launchToken,
    staticDir: nonEmpty(env.CIC_STATIC_DIR) ?? undefined,
  };
}

export type ServerChildMessage =
  { type: 'listening'; url: string } | { type: 'error'; message: string };

/** Message main sends the child on quit: close the server (and SQLite) cleanly, then exit. */
export const SHUTDOWN_MESSAGE = { type: 'shutdown' } as const;

export function isShutdownMessage(message: unknown): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === 'shutdown'
  );
}

/** Validates a message from the child: `{ type: 'listening', url }` or `{ type: 'error', message }`. */
export function parseServerChildMessage(message: unknown): ServerChildMessage | null {
  if (typeof message !== 'object' || message === null) return null;
  const { type, url, message: text } = message as Record<string, unknown>;
  if (type === 'listening' && typeof url === 'string') {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return null;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return { type: 'listening', url };
  }
  if (type === 'error' && typeof text === 'string') return { type: 'error', message: text };
  return null;
}

/** How long main waits for the embedded server to report that it is listening. */
export const SERVER_START_TIMEOUT_MS = 30_000;
/** How long main waits for a graceful shutdown of the server on quit before killing it. */
export const SERVER_STOP_TIMEOUT_MS = 3_000;

/** What the running app's window shows when someone starts the app a second time. */
export interface WindowState {
  exists: boolean;
  minimized: boolean;
  visible: boolean;
}

/**
 * The second start of the desktop app never starts a second server on the same data folder
 * (main holds `app.requestSingleInstanceLock()`); the first instance brings its window forward
 * instead: restored if minimised, shown if hidden, focused. While the window is not created yet
 * (the server still starting) it is focused as soon as it exists.
 *
 * @example secondInstanceActions({ exists: true, minimized: true, visible: true }) // ['restore', 'focus']
 */
export function secondInstanceActions(
  window: WindowState,
): Array<'restore' | 'show' | 'focus' | 'focus-when-created'> {
  if (!window.exists) return ['focus-when-created'];
  const actions: Array<'restore' | 'show' | 'focus'> = [];
  if (window.minimized) actions.push('restore');
  if (!window.visible) actions.push('show');
  actions.push('focus');
  return actions;
}
