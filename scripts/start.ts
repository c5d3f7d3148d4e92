/**
 * `npm start`: the desktop shell when the Electron binary is installed, web mode otherwise.
 * Run directly by Node 24 (`node scripts/start.ts [args...]`); extra args are forwarded.
 *
 * The binary check mirrors node_modules/electron/index.js without requiring it: requiring the
 * package when the binary is missing makes it try to download Electron from GitHub, which hangs
 * or fails on machines without access to GitHub releases.
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

export const ELECTRON_MISSING_MESSAGE = [
  'CIC Desk desktop shell: the Electron binary is not installed on this machine',
  '(it is downloaded from GitHub releases, which this network cannot reach).',
  'Starting web mode instead: the same app in your browser.',
].join('\n');

export type StartPlan =
  | { kind: 'electron'; binary: string; args: string[] }
  | { kind: 'web'; message: string; npmArgs: string[] };

export function startPlan(binary: string | null, extraArgs: readonly string[]): StartPlan {
  if (binary !== null) return { kind: 'electron', binary, args: ['.', ...extraArgs] };
  return {
    kind: 'web',
    message: ELECTRON_MISSING_MESSAGE,
    npmArgs: ['run', 'web', ...(extraArgs.length > 0 ? ['--', ...extraArgs] : [])],
  };
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

/** Reads what the electron package installed (never triggers its download). */
export function probeElectron(projectRoot: string): ElectronProbe {
  let packageDir: string | null;
  try {
    const require = createRequire(path.join(projectRoot, 'package.json'));
    packageDir = path.dirname(require.resolve('electron/package.json'));
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
    pathTxt,
    overrideDistPath: process.env.ELECTRON_OVERRIDE_DIST_PATH,
    exists: existsSync,
  };
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
  const projectRoot = path.resolve(import.meta.dirname, '..');
  const plan = startPlan(electronBinaryPath(probeElectron(projectRoot)), process.argv.slice(2));
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
