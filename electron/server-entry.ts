/**
 * Entry of the embedded server, run by main as an Electron utility process (bundled to
 * dist/electron/server.cjs). Reads its configuration from the environment (see
 * `serverChildEnv` in config.ts), starts the server on loopback and reports back to main:
 * `{ type: 'listening', url }` or `{ type: 'error', message }`. On `{ type: 'shutdown' }` it
 * closes the server (and so the database) and exits.
 */
import { mkdirSync } from 'node:fs';
import { startServer } from '../server/http/start.ts';
import { isShutdownMessage, parseServerChildEnv } from './config.ts';
import type { ServerChildMessage } from './config.ts';

/** `process.parentPort` only exists in Electron utility processes. */
type ParentPortLike = {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
};

const parentPort =
  (process as unknown as { parentPort?: ParentPortLike | null }).parentPort ?? null;

function report(message: ServerChildMessage): void {
  if (parentPort !== null) parentPort.postMessage(message);
  else console.log(JSON.stringify(message));
}

async function main(): Promise<void> {
  const config = parseServerChildEnv(process.env);
  mkdirSync(config.dataDir, { recursive: true });
  const server = await startServer({
    port: config.port,
    host: config.host,
    dataDir: config.dataDir,
    launchToken: config.launchToken,
    ...(config.staticDir === undefined ? {} : { staticDir: config.staticDir }),
    // Embedded mode is always the desktop's own SQLite file, whatever CIC_DATABASE_URL says.
    databaseUrl: null,
  });
  let closing = false;
  parentPort?.on('message', (event) => {
    if (!isShutdownMessage(event.data) || closing) return;
    closing = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('CIC Desk server: error while closing', error);
        process.exit(1);
      },
    );
  });
  report({ type: 'listening', url: server.url });
}

main().catch((error: unknown) => {
  console.error('CIC Desk server failed to start', error);
  report({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  // Give the message port a moment to deliver the report before exiting.
  setTimeout(() => process.exit(1), parentPort === null ? 0 : 500);
});
