import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Node 24 from node_modules (the system node may be too old for type stripping). */
export function nodeBinary(): string {
  const local = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');
  return existsSync(local) ? local : process.execPath;
}

/**
 * The real desk server (`node server/main.ts`, web mode) as a child process on a free port,
 * with its data in `dataDir` (a new training database with the demo data on first start).
 */
export class ServerProcess {
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  #child: ChildProcess | null = null;
  #exited: Promise<void> = Promise.resolve();
  url = '';
  /** The last lines the server wrote (for failure messages). */
  log: string[] = [];

  constructor(dataDir: string, env: NodeJS.ProcessEnv = {}) {
    this.dataDir = dataDir;
    this.env = env;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get running(): boolean {
    return this.#child !== null;
  }

  /** Starts the server and resolves with its URL once it listens. */
  async start(timeoutMs = 120_000): Promise<string> {
    if (this.#child) throw new Error('The server is already running');
    const child = spawn(nodeBinary(), ['server/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        CIC_PORT: '0',
        CIC_HOST: '127.0.0.1',
        CIC_DATA_DIR: this.dataDir,
        CIC_FAST_HASH: '1',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.log.push(line);
      if (this.log.length > 200) this.log.splice(0, this.log.length - 200);
    };
    child.stderr?.on('data', keep);
    this.url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`The server did not start in ${timeoutMs} ms:\n${this.log.join('\n')}`));
      }, timeoutMs);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`The server exited (${code}) while starting:\n${this.log.join('\n')}`));
      };
      child.once('exit', onExit);
      child.stdout?.on('data', (chunk: Buffer) => {
        keep(chunk);
        const m = /running at (http:\/\/\S+)/.exec(chunk.toString('utf8'));
        if (m?.[1]) {
          clearTimeout(timer);
          child.off('exit', onExit);
          resolve(m[1]);
        }
      });
    });
    return this.url;
  }

  /** SIGKILL: no shutdown code runs, like a power cut for the process (not for the disk). */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    child.kill('SIGKILL');
    await this.#exited;
    this.#child = null;
  }

  /** SIGTERM: the server's own clean shutdown. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await this.#exited;
    clearTimeout(timer);
    this.#child = null;
  }
}
