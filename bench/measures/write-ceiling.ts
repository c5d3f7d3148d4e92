import type { BenchContext } from '../lib/context.ts';
import { notAvailable, type Row } from '../lib/output.ts';
import { missing } from '../lib/procedures.ts';
import { ms, summarize } from '../lib/stats.ts';
import { drain } from './load.ts';
import { runStep, type Kind, type OpenLoopOptions } from './open-loop.ts';

/** Writes only: replies to claimed threads, and claims that keep agents supplied with them. */
const WRITE_MIX: ReadonlyArray<readonly [Kind, number]> = [
  ['reply', 80],
  ['claim', 20],
];
/** The p99 a write must stay under (issue 20: "writes/s at which p99 passes 100 ms"). */
const P99_LIMIT_MS = 100;

/** Offered write rates, lowest first; the run stops at the first one whose p99 passes the limit. */
export function writeCeilingRates(quick: boolean): number[] {
  return quick ? [5, 10] : [25, 50, 100, 150, 200, 300, 400, 600];
}

/**
 * The write ceiling (issue 20): every mutation queues for the one audit-chain write lock, so
 * more instances add read capacity, not write capacity. Open-loop Poisson arrivals of writes
 * only (reply 80 %, claim 20 %), stepping the rate up until p99 passes 100 ms or a request fails;
 * the ceiling is the highest rate that held. On PostgreSQL (`--database-url`) this is the figure
 * docs/operations.md sizes a centre by; on SQLite it is the single writer's.
 */
export async function measureWriteCeiling(
  ctx: BenchContext,
  o: { agents: number; seconds: number; rates: number[] },
): Promise<Row[]> {
  const gone = missing('messages.reply', 'messages.claim');
  if (gone.length > 0)
    return [notAvailable('write ceiling', 'reported', `not available: ${gone.join(', ')}`)];
  const steps: string[] = [];
  const data: unknown[] = [];
  let ceiling: number | null = null;
  let stoppedAt: { rate: number; why: string } | null = null;
  let errors = 0;
  for (const rate of o.rates) {
    ctx.log(`write ceiling: ${rate} writes/s for ${o.seconds} s …`);
    await drain(ctx.url);
    const options: OpenLoopOptions = {
      agents: o.agents,
      seconds: o.seconds,
      steps: [],
      mix: WRITE_MIX,
    };
    const r = await runStep(ctx, options, { nominal: rate, rate, repetition: 1, of: 1 });
    // A claim with nothing left to claim becomes a refresh (a read): count writes only.
    const writes = r.samples.filter((s) => s.kind === 'reply' || s.kind === 'claim');
    const all = summarize(writes.map((s) => s.latency));
    // A timeout (no answer in 10 s) is the limit passed, not a broken path; a non-2xx answer is.
    const timedOut = r.samples.filter((s) => s.status === 0).length;
    const failed = r.samples.filter((s) => s.status !== 200 && s.status !== 0).length;
    const achieved = writes.filter((s) => s.status === 200).length / r.wallS;
    steps.push(
      `${rate}/s → ${achieved.toFixed(0)}/s done, p50 ${ms(all.p50)} / p99 ${ms(all.p99)}${failed ? `, ${failed} failed` : ''}`,
    );
    data.push({ rate, achieved, overall: all, failed, sampleErrors: r.sampleErrors });
    if (failed > 0) {
      errors += failed;
      stoppedAt = { rate, why: `${failed} failed: ${r.sampleErrors[0] ?? ''}` };
      break;
    }
    if (timedOut > 0 || all.p99 > P99_LIMIT_MS) {
      stoppedAt = {
        rate,
        why: `p99 ${ms(all.p99)} > ${P99_LIMIT_MS} ms${timedOut ? `, ${timedOut} timed out` : ''}`,
      };
      break;
    }
    ceiling = rate;
  }
  const engine = ctx.engine === 'postgres' ? 'PostgreSQL' : 'SQLite';
  return [
    {
      measure: `write ceiling (writes/s with p99 ≤ ${P99_LIMIT_MS} ms), ${o.agents} agents — ${engine}`,
      target: ctx.quick
        ? '0 errors (ceiling: full run)'
        : 'reported (docs/operations.md), 0 errors',
      result: `${ceiling === null ? `below ${o.rates[0]}` : `≥ ${ceiling}`} writes/s${stoppedAt ? `; passed the limit at ${stoppedAt.rate}/s (${stoppedAt.why})` : `; not reached by ${o.rates.at(-1)}/s`} — ${steps.join('; ')}`,
      pass: errors === 0 ? null : false,
      method: `open loop: Poisson arrivals of writes only (${WRITE_MIX.map(([k, w]) => `${k} ${w}%`).join(', ')}) from ${o.agents} agent sessions, ${o.seconds} s per rate, rates ${o.rates.join(', ')}/s, stopping at the first rate whose write p99 (from the scheduled send time) passes ${P99_LIMIT_MS} ms or where a request fails; every write takes the audit chain's one write lock`,
      data: { ceiling, stoppedAt, steps: data },
      ...(errors > 0 ? { error: `${errors} failed writes at ${stoppedAt?.rate}/s` } : {}),
    },
  ];
}
