import { parseArgs } from 'node:util';
import path from 'node:path';
import { bindHost } from './http/http-edge.ts';
import { startServer } from './http/start.ts';

/**
 * Web mode: `npm run web -- --port 5170 --data-dir ./data` (or CIC_PORT / CIC_DATA_DIR).
 * Serves the desk to a browser on 127.0.0.1 with an embedded SQLite database.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    host: { type: 'string' },
    production: { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

const port = Number(values.port ?? process.env.CIC_PORT ?? 5170);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(
    `--port must be a port number (0-65535), not "${values.port ?? process.env.CIC_PORT}"`,
  );
  process.exit(2);
}
const dataDir = path.resolve(values['data-dir'] ?? process.env.CIC_DATA_DIR ?? 'data');
const { host, exposed } = bindHost(values.host, process.env);
if (exposed)
  console.warn(
    `CIC Desk listens on ${host}, not loopback: other machines can reach it. Put TLS in front.`,
  );

try {
  const server = await startServer({
    port,
    host,
    dataDir,
    kind:
      values.production || process.env.CIC_DATABASE_KIND === 'production'
        ? 'production'
        : 'training',
    fastHash: process.env.CIC_FAST_HASH === '1',
    httpLog: process.env.CIC_HTTP_LOG === '1',
  });
  console.log(`CIC Desk is running at ${server.url}  (data: ${dataDir})`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(
    `CIC Desk could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
