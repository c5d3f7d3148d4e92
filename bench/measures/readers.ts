import type { BenchContext } from '../lib/context.ts';
import type { Row } from '../lib/output.ts';
import { startBenchServer } from '../lib/server.ts';
import { measureOpenLoop, type OpenLoopStep } from './open-loop.ts';

/**
 * Reads on every core (issue 20): the same open-loop step against the server started with
 * 0, 1, 2 and 4 reader threads (CIC_READ_WORKERS; 0 = every request on the main thread), one
 * server at a time on the work copy. Shows what more readers buy on this machine: answered
 * requests per second, latency, and the server's CPU per request (all its threads).
 */
export async function measureReaders(
  ctx: BenchContext,
  o: { agents: number; seconds: number; rate: number; counts: number[] },
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of o.counts) {
    const server = await startBenchServer(ctx.dir, null, { readWorkers: n });
    try {
      const step: OpenLoopStep = { nominal: o.rate, rate: o.rate, repetition: 1, of: 1 };
      const measured = await measureOpenLoop(
        { ...ctx, url: server.url, serverPid: server.pid },
        { agents: o.agents, seconds: o.seconds, steps: [step] },
      );
      for (const row of measured)
        rows.push({
          ...row,
          measure: `readers: ${n} reader thread${n === 1 ? '' : 's'} (CIC_READ_WORKERS=${n}), open loop ${o.rate} req/s`,
          target: '0 errors (the curve is reported)',
          pass: !row.error,
        });
    } finally {
      await server.stop();
    }
  }
  return rows;
}
