/**
 * `npm start`: the desktop shell. When the Electron binary is missing (electron@45 fetches it
 * on first use, not at `npm install`), it runs electron's own installer
 * (node_modules/electron/install.js, the `install-electron` bin) with progress and a time
 * limit, then launches the desktop app. Web mode is the fallback ONLY when that fetch fails,
 * and the console says in one plain sentence what failed.
 * Run directly by Node 24 (`node electron/tools/start.ts [args...]`); extra args are forwarded.
 *
 * The decisions (is the binary there, what to run next, how to word a failure) are the pure
 * functions below; `main()` only does the I/O they ask for.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ElectronProbe = {
  /** Directory of the installed `electron` package, or null when the package is missing. */
  packageDir: string | null;
  /** Contents of `<packageDir>/path.txt` (written once the binary is downloaded), or null. */
  pathTxt: string | null;
  /** `ELECTRON_OVERRIDE_DIST_PATH`, honoured like electron/index.js does. */
  overrideDistPath: string | undefined;
  exists: (file: string) => boolean;
};

/** Absolute path of the Electron executable, or null when it is not installed. */
export function electronBinaryPath(probe: ElectronProbe): string | null {
  const executable = probe.pathTxt?.trim() || null;
  if (probe.overrideDistPath) {
    const candidate = path.join(probe.overrideDistPath, executable ?? 'electron');
    return probe.exists(candidate) ? candidate : null;
  }
  if (probe.packageDir === null || executable === null) return null;
  const candidate = path.join(probe.packageDir, 'dist', executable);
  return probe.exists(candidate) ? candidate : null;
}

/**
 * Electron's own installer script: the `install-electron` bin of the electron package
 * (install.js in electron@45), or null when the package does not ship one.
 */
export function electronInstaller(
  packageDir: string | null,
  packageJson: { bin?: Record<string, string> | string } | null,
  exists: (file: string) => boolean,
): string | null {
  if (packageDir === null) return null;
  const bin = packageJson?.bin;
  const declared = typeof bin === 'object' ? bin['install-electron'] : undefined;
  for (const candidate of [declared, 'install.js']) {
    if (candidate === undefined) continue;
    const file = path.join(packageDir, candidate);
    if (exists(file)) return file;
  }
  return null;
}

/** What the fetch attempt ended with. */
export type FetchOutcome =
  | { kind: 'installed' }
  | { kind: 'no-package' }
  | { kind: 'no-installer' }
  | { kind: 'timed-out'; seconds: number }
  | { kind: 'failed'; exitCode: number | null; stderr: string; networkCause?: string | null }
  | { kind: 'spawn-error'; message: string };

/** Seconds `npm start` waits for the download (`CIC_ELECTRON_FETCH_TIMEOUT`, default 300). */
export function fetchTimeoutSeconds(env: Readonly<Record<string, string | undefined>>): number {
  const raw = Number(env.CIC_ELECTRON_FETCH_TIMEOUT);
  return Number.isFinite(raw) && raw > 0 ? Math.round(raw) : 300;
}

/** Host the installer downloads from (`ELECTRON_MIRROR` like @electron/get, else GitHub). */
export function downloadHost(env: Readonly<Record<string, string | undefined>>): string {
  const mirror = env.ELECTRON_MIRROR ?? env.npm_config_electron_mirror;
  if (mirror) {
    try {
      return new URL(mirror).host;
    } catch {
      return mirror;
    }
  }
  return 'github.com';
}

/** The error line of the installer's output (it prints a stack trace), without the stack. */
export function installerErrorLine(stderr: string): string | null {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^at\s/.test(line));
  const error = lines.find((line) => /(^|\w)Error\b|^error\b|failed/i.test(line));
  const line = error ?? lines[0] ?? null;
  return line === null ? null : line.replace(/^(\w*Error):\s*/, '');
}

const NETWORK_CAUSES: Record<string, string> = {
  ENOTFOUND: 'its name does not resolve on this network',
  EAI_AGAIN: 'the DNS lookup failed',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  ENETUNREACH: 'the network is unreachable',
  EHOSTUNREACH: 'the host is unreachable',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'its certificate is not trusted here, a proxy may be in the way',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate is not trusted here, a proxy may be in the way',
};

/** One plain sentence: what failed and what happens instead. Never a stack trace. */
export function fetchFailureSentence(
  outcome: Exclude<FetchOutcome, { kind: 'installed' }>,
  context: { version: string | null; host: string; webUrl: string },
): string {
  const electron = context.version ? `Electron ${context.version}` : 'Electron';
  const instead = `so CIC Desk starts in web mode instead: open ${context.webUrl} in a browser.`;
  switch (outcome.kind) {
    case 'no-package':
      return `The electron package is not installed (run npm install), ${instead}`;
    case 'no-installer':
      return `The electron package has no installer script to fetch the ${electron} binary with, ${instead}`;
    case 'timed-out':
      return `Fetching the ${electron} binary from ${context.host} did not finish within ${outcome.seconds} s, ${instead}`;
    case 'spawn-error':
      return `The ${electron} installer could not be run (${outcome.message}), ${instead}`;
    case 'failed': {
      const cause =
        outcome.networkCause != null
          ? `${context.host} could not be reached: ${NETWORK_CAUSES[outcome.networkCause] ?? outcome.networkCause}`
          : `the installer said "${installerErrorLine(outcome.stderr) ?? `exit code ${outcome.exitCode}`}"`;
      return `Could not fetch the ${electron} binary from ${context.host} (${cause}), ${instead}`;
    }
  }
}

export type StartPlan =
  | { kind: 'electron'; binary: string; args: string[] }
  | { kind: 'web'; message: string; npmArgs: string[] };

/** What to run: the desktop shell when the binary is (now) there, else web mode with why. */
export function startPlan(
  binary: string | null,
  extraArgs: readonly string[],
  whyWeb: string,
): StartPlan {
  if (binary !== null) return { kind: 'electron', binary, args: ['.', ...extraArgs] };
  return {
    kind: 'web',
    message: whyWeb,
    npmArgs: ['run', 'web', ...(extraArgs.length > 0 ? ['--', ...extraArgs] : [])],
  };
}

/** The web address web mode will serve, from forwarded `--port P` / `--port=P` or CIC_PORT. */
export function webUrl(
  extraArgs: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string {
  let port = env.CIC_PORT ?? '5170';
  extraArgs.forEach((arg, i) => {
    if (arg === '--port' && extraArgs[i + 1]) port = extraArgs[i + 1]!;
    else if (arg.startsWith('--port=')) port = arg.slice('--port='.length);
  });
  return `http://127.0.0.1:${port}`;
}

/** A progress line for the download, printed every few seconds while it runs. */
export function progressLine(
  elapsedSeconds: number,
  limitSeconds: number,
  version: string | null,
): string {
  const what = version ? `Electron ${version}` : 'Electron';
  return `Fetching the ${what} desktop binary (first start only)… ${elapsedSeconds} s (gives up at ${limitSeconds} s)`;
}

/**
 * How to run npm from this process: through npm's own CLI script when started by npm (works
 * everywhere), else the `npm` command (through a shell on Windows, where it is `npm.cmd`).
 */
export function npmInvocation(
  npmArgs: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  execPath: string,
  platform: string,
): { command: string; args: string[]; shell: boolean } {
  const npmCli = env.npm_execpath;
  if (npmCli && /\.[cm]?js$/.test(npmCli)) {
    return { command: execPath, args: [npmCli, ...npmArgs], shell: false };
  }
  return { command: 'npm', args: [...npmArgs], shell: platform === 'win32' };
}

type ElectronPackage = { version?: string; bin?: Record<string, string> | string };

/** Reads what the electron package installed (never triggers its download). */
export function probeElectron(
  projectRoot: string,
): ElectronProbe & { packageJson: ElectronPackage | null } {
  let packageDir: string | null;
  let packageJson: ElectronPackage | null = null;
  try {
    const require = createRequire(path.join(projectRoot, 'package.json'));
    const file = require.resolve('electron/package.json');
    packageDir = path.dirname(file);
    packageJson = JSON.parse(readFileSync(file, 'utf8')) as ElectronPackage;
  } catch {
    packageDir = null;
  }
  let pathTxt: string | null = null;
  if (packageDir !== null) {
    try {
      pathTxt = readFileSync(path.join(packageDir, 'path.txt'), 'utf8');
    } catch {
      pathTxt = null;
    }
  }
  return {
    packageDir,
    packageJson,
    pathTxt,
    overrideDistPath: process.env.ELECTRON_OVERRIDE_DIST_PATH,
    exists: existsSync,
  };
}

/** Runs electron's installer with the given time limit, printing progress; never throws. */
function runInstaller(
  installer: string,
  limitSeconds: number,
  version: string | null,
): Promise<FetchOutcome> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [installer], {
      cwd: path.dirname(installer),
      stdio: ['ignore', 'inherit', 'pipe'],
      env: process.env,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    console.log(progressLine(0, limitSeconds, version));
    const ticker = setInterval(() => {
      console.log(progressLine(Math.round((Date.now() - started) / 1000), limitSeconds, version));
    }, 5000);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, limitSeconds * 1000);
    const finish = (outcome: FetchOutcome) => {
      clearInterval(ticker);
      clearTimeout(timer);
      resolve(outcome);
    };
    child.on('error', (error) => finish({ kind: 'spawn-error', message: error.message }));
    child.on('close', (code) => {
      if (timedOut) finish({ kind: 'timed-out', seconds: limitSeconds });
      else if (code === 0) finish({ kind: 'installed' });
      else finish({ kind: 'failed', exitCode: code, stderr });
    });
  });
}

/** The low-level reason a host cannot be reached (ENOTFOUND, ECONNREFUSED …), or null. */
async function networkCause(host: string): Promise<string | null> {
  try {
    await fetch(`https://${host}/`, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    return null;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; name?: string } }).cause;
    if (cause?.code) return cause.code;
    if ((error as Error).name === 'TimeoutError') return 'ETIMEDOUT';
    return null;
  }
}

/** Runs a command with inherited stdio; resolves with its exit code (signals forwarded). */
function run(
  command: string,
  args: string[],
  options: { cwd: string; shell: boolean },
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      stdio: 'inherit',
      shell: options.shell,
    });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('error', (error) => {
      console.error(`Could not run ${command}: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function main(): Promise<number> {
  const projectRoot = path.resolve(import.meta.dirname, '..', '..');
  const extraArgs = process.argv.slice(2);
  const probe = probeElectron(projectRoot);
  const version = probe.packageJson?.version ?? null;
  const context = {
    version,
    host: downloadHost(process.env),
    webUrl: webUrl(extraArgs, process.env),
  };

  let binary = electronBinaryPath(probe);
  let whyWeb = '';
  if (binary === null) {
    const installer = electronInstaller(probe.packageDir, probe.packageJson, probe.exists);
    let outcome: FetchOutcome;
    if (probe.packageDir === null) outcome = { kind: 'no-package' };
    else if (installer === null) outcome = { kind: 'no-installer' };
    else outcome = await runInstaller(installer, fetchTimeoutSeconds(process.env), version);
    if (outcome.kind === 'failed') outcome.networkCause = await networkCause(context.host);
    if (outcome.kind === 'installed') binary = electronBinaryPath(probeElectron(projectRoot));
    else whyWeb = fetchFailureSentence(outcome, context);
    if (outcome.kind === 'installed' && binary === null) {
      whyWeb = fetchFailureSentence(
        {
          kind: 'failed',
          exitCode: 0,
          stderr: 'the binary is still missing after the installer finished',
        },
        context,
      );
    }
  }

  const plan = startPlan(binary, extraArgs, whyWeb);
  const npm = (args: string[]) => {
    const invocation = npmInvocation(args, process.env, process.execPath, process.platform);
    return run(invocation.command, invocation.args, { cwd: projectRoot, shell: invocation.shell });
  };
  if (plan.kind === 'web') {
    console.log(plan.message);
    return npm(plan.npmArgs);
  }
  const built = await npm(['run', 'build']);
  if (built !== 0) return built;
  return run(plan.binary, plan.args, { cwd: projectRoot, shell: false });
}

if (import.meta.main) {
  process.exitCode = await main();
}
