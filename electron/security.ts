/**
 * The Electron security checklist of CIC Desk, as pure functions and constants.
 *
 * Nothing in this file imports `electron` at runtime (types only), so every decision the main
 * process takes about navigation, new windows, permissions, the CSP and the build fuses is unit
 * tested without an Electron binary. `electron/main.ts` only wires these into Electron's hooks.
 * This file is also bundled into the sandboxed preload, so it must stay free of Node imports.
 *
 * Reference: https://www.electronjs.org/docs/latest/tutorial/security
 */
import type { WebPreferences } from 'electron';

/** Origin (`scheme://host[:port]`) of an http(s) URL; `null` for anything else or garbage. */
export function httpOrigin(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return parsed.origin;
}

export type SecureWebPreferencesOptions = {
  /** Passed to the preload as `process.argv` entries (see `preloadArguments`). */
  additionalArguments?: string[];
  /** DevTools are allowed only in unpackaged (developer) runs. Default false. */
  devTools?: boolean;
};

/** WebPreferences for every window of the app: sandboxed, isolated, no Node in the page. */
export function secureWebPreferences(
  preloadPath: string,
  options: SecureWebPreferencesOptions = {},
): WebPreferences {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    enableWebSQL: false,
    plugins: false,
    spellcheck: false,
    safeDialogs: true,
    devTools: options.devTools ?? false,
    additionalArguments: [...(options.additionalArguments ?? [])],
  };
}

/**
 * A strict Content-Security-Policy for the renderer. `serverOrigin` is where the tRPC server
 * lives (the page's own origin in embedded mode; the same or another origin in connected mode).
 * MUI/emotion injects `<style>` elements at runtime, hence `'unsafe-inline'` for styles only.
 */
export function contentSecurityPolicy(serverOrigin: string): string {
  const origin = httpOrigin(serverOrigin);
  if (origin === null) {
    throw new Error(
      `contentSecurityPolicy: not an http(s) origin: ${JSON.stringify(serverOrigin)}`,
    );
  }
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'", origin]],
    ['worker-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${[...new Set(values)].join(' ')}`).join('; ');
}

export type ResponseHeaders = Record<string, string[] | string>;

/**
 * Response headers with our CSP replacing any the server sent (header names compare
 * case-insensitively; a report-only variant is dropped too so it cannot confuse the picture).
 */
export function withContentSecurityPolicy(
  headers: ResponseHeaders | undefined,
  csp: string,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'content-security-policy-report-only') {
      continue;
    }
    result[name] = Array.isArray(value) ? value : [value];
  }
  result['Content-Security-Policy'] = [csp];
  return result;
}

/** In-app navigation is only allowed within the app's own http(s) origin. */
export function isNavigationAllowed(targetUrl: string, appOrigin: string): boolean {
  const target = httpOrigin(targetUrl);
  const app = httpOrigin(appOrigin);
  return target !== null && app !== null && target === app;
}

/** Hosts whose https links may be handed to the OS browser. Empty: nothing leaves the app. */
export const EXTERNAL_HOST_ALLOW_LIST: readonly string[] = [];

/**
 * Whether `url` may be opened with `shell.openExternal`: https only, default port, no user
 * info in the URL, and the host exactly (case-insensitively) in the allow-list.
 */
export function isExternalUrlAllowed(url: string, allowList: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (parsed.port !== '') return false;
  const host = parsed.hostname.toLowerCase();
  return allowList.some((allowed) => allowed.toLowerCase() === host);
}

export type WindowOpenDecision = { action: 'deny'; openExternal: boolean };

/** `window.open` / target=_blank never creates an Electron window; allow-listed links go to the OS browser. */
export function windowOpenDecision(
  url: string,
  allowList: readonly string[] = EXTERNAL_HOST_ALLOW_LIST,
): WindowOpenDecision {
  return { action: 'deny', openExternal: isExternalUrlAllowed(url, allowList) };
}

/** Permissions granted to the app's own origin; everything else is denied. */
export const ALLOWED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

/**
 * Permission requests and checks: deny by default. Writing to the clipboard (copying an
 * agreement number, say) is allowed for the app's own origin only. `requestingOrigin` may be an
 * origin or a full URL (Electron passes either depending on the hook).
 */
export function permissionDecision(
  permission: string,
  requestingOrigin: string,
  appOrigin: string,
): boolean {
  if (!ALLOWED_PERMISSIONS.includes(permission)) return false;
  const requesting = httpOrigin(requestingOrigin);
  return requesting !== null && requesting === httpOrigin(appOrigin);
}

/**
 * Electron fuses flipped at package time (electron-builder `electronFuses`, keep
 * electron-builder.yml in sync: a unit test compares them).
 */
export const FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
} as const;

/** `process.argv` switches through which main hands the preload what it exposes to the page. */
export const PRELOAD_SWITCHES = {
  serverUrl: '--cic-server-url=',
  launchToken: '--cic-launch-token=',
} as const;

export type PreloadValues = { serverUrl: string; launchToken?: string | undefined };

export function preloadArguments(values: PreloadValues): string[] {
  const args = [`${PRELOAD_SWITCHES.serverUrl}${values.serverUrl}`];
  if (values.launchToken) args.push(`${PRELOAD_SWITCHES.launchToken}${values.launchToken}`);
  return args;
}

/** Inverse of `preloadArguments` (last occurrence wins; unknown switches are ignored). */
export function readPreloadArguments(argv: readonly string[]): {
  serverUrl: string | null;
  launchToken: string | null;
} {
  let serverUrl: string | null = null;
  let launchToken: string | null = null;
  for (const arg of argv) {
    if (arg.startsWith(PRELOAD_SWITCHES.serverUrl)) {
      serverUrl = arg.slice(PRELOAD_SWITCHES.serverUrl.length);
    } else if (arg.startsWith(PRELOAD_SWITCHES.launchToken)) {
      launchToken = arg.slice(PRELOAD_SWITCHES.launchToken.length);
    }
  }
  return {
    serverUrl: serverUrl && httpOrigin(serverUrl) ? serverUrl : null,
    launchToken: launchToken || null,
  };
}
