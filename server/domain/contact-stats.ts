import { localDateOf, localMinutesOf, type IsoDate } from './dates.ts';

/**
 * The supervisor's view of calls (issue 17): contacts by reason and by hour of the centre's day,
 * average handle and wrap-up time per agent, and repeat callers (a customer who called again
 * within `repeatDays`). Pure: the calls are passed in.
 */
export interface ClosedCall {
  id: number;
  customerId: number | null;
  customerName: string | null;
  agentId: number;
  agentName: string;
  startedAt: string;
  handleSeconds: number;
  wrapSeconds: number;
  reasons: readonly string[];
}

export interface ContactStats {
  total: number;
  /** Calls per reason code (a call with two reasons counts for both). */
  byReason: Array<{ reason: string; calls: number }>;
  /** Calls per centre-local hour (0–23) and reason. */
  byHour: Array<{ hour: number; calls: number; byReason: Record<string, number> }>;
  perAgent: Array<{
    agentId: number;
    agentName: string;
    calls: number;
    avgHandleSeconds: number;
    avgWrapSeconds: number;
  }>;
  repeatCallers: Array<{
    customerId: number;
    customerName: string | null;
    calls: number;
    firstAt: string;
    lastAt: string;
    /** Shortest gap between two of their calls, in days (fractional). */
    shortestGapDays: number;
  }>;
}

/**
 * @example
 * contactStats(calls, 'America/New_York').perAgent[0] // { agentName: 'Alex Agent', calls: 12, avgHandleSeconds: 312, ... }
 */
export function contactStats(
  calls: readonly ClosedCall[],
  timeZone: string,
  repeatDays = 7,
): ContactStats {
  const reasons = new Map<string, number>();
  const hours = new Map<number, { calls: number; byReason: Record<string, number> }>();
  const agents = new Map<
    number,
    { agentName: string; calls: number; handle: number; wrap: number }
  >();
  const byCustomer = new Map<number, ClosedCall[]>();
  for (const call of calls) {
    for (const r of call.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    const hour = Math.floor(localMinutesOf(new Date(call.startedAt), timeZone) / 60);
    const h = hours.get(hour) ?? { calls: 0, byReason: {} };
    h.calls += 1;
    for (const r of call.reasons) h.byReason[r] = (h.byReason[r] ?? 0) + 1;
    hours.set(hour, h);
    const a = agents.get(call.agentId) ?? {
      agentName: call.agentName,
      calls: 0,
      handle: 0,
      wrap: 0,
    };
    a.calls += 1;
    a.handle += call.handleSeconds;
    a.wrap += call.wrapSeconds;
    agents.set(call.agentId, a);
    if (call.customerId !== null) {
      const list = byCustomer.get(call.customerId) ?? [];
      list.push(call);
      byCustomer.set(call.customerId, list);
    }
  }
  const repeatCallers: ContactStats['repeatCallers'] = [];
  const windowMs = repeatDays * 86_400_000;
  for (const [customerId, list] of byCustomer) {
    if (list.length < 2) continue;
    const sorted = [...list].sort((x, y) => (x.startedAt < y.startedAt ? -1 : 1));
    let shortest = Infinity;
    for (let i = 1; i < sorted.length; i++) {
      shortest = Math.min(
        shortest,
        Date.parse(sorted[i]!.startedAt) - Date.parse(sorted[i - 1]!.startedAt),
      );
    }
    if (shortest > windowMs) continue;
    repeatCallers.push({
      customerId,
      customerName: sorted[0]!.customerName,
      calls: sorted.length,
      firstAt: sorted[0]!.startedAt,
      lastAt: sorted.at(-1)!.startedAt,
      shortestGapDays: Math.round((shortest / 86_400_000) * 100) / 100,
    });
  }
  repeatCallers.sort((x, y) => y.calls - x.calls || (x.lastAt < y.lastAt ? 1 : -1));
  return {
    total: calls.length,
    byReason: [...reasons]
      .map(([reason, n]) => ({ reason, calls: n }))
      .sort((x, y) => y.calls - x.calls || x.reason.localeCompare(y.reason)),
    byHour: [...hours]
      .map(([hour, h]) => ({ hour, calls: h.calls, byReason: h.byReason }))
      .sort((x, y) => x.hour - y.hour),
    perAgent: [...agents]
      .map(([agentId, a]) => ({
        agentId,
        agentName: a.agentName,
        calls: a.calls,
        avgHandleSeconds: Math.round(a.handle / a.calls),
        avgWrapSeconds: Math.round(a.wrap / a.calls),
      }))
      .sort((x, y) => x.agentName.localeCompare(y.agentName)),
    repeatCallers,
  };
}

/** The centre-local date of each call: for labels. */
export function callDay(startedAt: string, timeZone: string): IsoDate {
  return localDateOf(new Date(startedAt), timeZone);
}
