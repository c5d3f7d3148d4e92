/**
 * The desk's server for the benchmark, in its own process (so the load generator and the
 * timing loops do not share its event loop): `node bench/lib/server-child.ts <dataDir>`.
 * Prints one JSON line {url} when listening; stops on SIGTERM.
 */
import { startServer, defaultStaticDir } from '../../server/http/start.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: server-child.ts <dataDir>');
const server = await startServer({ port: 0, dataDir, quiet: true, staticDir: defaultStaticDir() });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
// Profiling (--cpu-prof): exit at once, so a backlog of requests cannot outlast the parent's
// patience (the profile is written on exit; a SIGKILL would lose it).
const profiling = process.execArgv.some((a) => a.startsWith('--cpu-prof'));
const stop = () => {
  if (profiling) process.exit(0);
  void server.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
