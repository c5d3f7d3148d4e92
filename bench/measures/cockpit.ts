import { size, type BenchContext } from '../lib/context.ts';
import { DeskClient } from '../lib/http.ts';
import { notAvailable, type Row } from '../lib/output.ts';
import { missing } from '../lib/procedures.ts';
import { ms, summarize, timeRuns } from '../lib/stats.ts';

/** The supervisor's dispute cockpit (clocks, agents, aging, trend) over HTTP. */
export async function measureCockpit(ctx: BenchContext): Promise<Row[]> {
  const label = 'dispute cockpit aggregates (HTTP)';
  if (missing('disputes.cockpit').length > 0)
    return [notAvailable(label, 'p95 ≤ 50 ms', 'not available')];
  const n = size(ctx, 200, 40);
  const warm = size(ctx, 20, 5);
  const client = new DeskClient(ctx.url).useSession(ctx.sessions.supervisor.token);
  const serverMs: number[] = [];
  const times = await timeRuns(n, warm, async () => {
    const r = await client.query<{ milliseconds?: number }>('disputes.cockpit', {});
    if (typeof r.milliseconds === 'number') serverMs.push(r.milliseconds);
  });
  const s = summarize(times);
  let breakdown = '';
  if (missing('disputes.cockpitCases').length === 0) {
    const cases = await timeRuns(Math.ceil(n / 2), warm, () =>
      client.query('disputes.cockpitCases', { filter: 'open', limit: 100 }),
    ).catch(() => null);
    if (cases) breakdown = `; drill-down list (open, 100 rows) p95 ${ms(summarize(cases).p95)}`;
  }
  return [
    {
      measure: label,
      target: 'p95 ≤ 50 ms',
      result: `p50 ${ms(s.p50)} / p95 ${ms(s.p95)} / p99 ${ms(s.p99)}${breakdown}`,
      pass: s.p95 <= 50,
      method: `${n} sequential GET disputes.cockpit after ${warm} warm-up, supervisor session; nearest-rank p95`,
      data: { cockpit: s, serverReportedMs: summarize(serverMs) },
    },
  ];
}
