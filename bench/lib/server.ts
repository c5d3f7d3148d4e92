import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchServer {
  url: string;
  pid: number;
  /** What the server wrote to stderr (it runs quiet: only failures are logged). */
  logged(): string;
  stop(): Promise<void>;
}

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'server-child.ts');

/**
 * Starts the real server (startServer, web mode, built renderer) on `dataDir` in a child process;
 * with `databaseUrl`, on that PostgreSQL database (CIC_DATABASE_URL) instead of the SQLite file.
 */
export async function startBenchServer(
  dataDir: string,
  databaseUrl: string | null = null,
  options: { profileDir?: string | null; readWorkers?: number } = {},
): Promise<BenchServer> {
  const env = { ...process.env };
  if (options.readWorkers !== undefined) env.CIC_READ_WORKERS = String(options.readWorkers);
  if (databaseUrl) env.CIC_DATABASE_URL = databaseUrl;
  else delete env.CIC_DATABASE_URL;
  // --profile DIR: a V8 CPU profile of the server (written when it stops), for reading its hot spots.
  const profile = options.profileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`, '--cpu-prof-interval=250']
    : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, CHILD, dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) =>
      reject(new Error(`server exited (${code}): ${stderr.slice(-2000)}`)),
    );
  });
  return {
    url,
    pid: child.pid ?? 0,
    logged: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
