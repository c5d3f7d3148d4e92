import type { DbOrTrx } from '../../db/database.ts';
import { loadCalendar } from '../calendar/load-calendar.ts';
import type { MessageThread } from '../../db/repositories/messages.ts';
import { readSettings } from '../core/settings.ts';
import type { BusinessHours } from '../domain/business-hours.ts';
import type { Settings } from '../domain/lender-config.ts';
import { slaStatus, slaStatusesAt, type SlaStatus } from '../domain/message-sla.ts';

/**
 * What the secure-message workflow reads from the lender's configuration: topics and their
 * targets, assignment, business hours. Every use case of the area (the tRPC router, the portal
 * intake, the training simulator and the auto-close sweep) loads it the same way.
 */
export type Topic = Settings['messageTopics'][number];

export interface MessagingConfig {
  topics: ReadonlyMap<string, Topic>;
  topicList: readonly Topic[];
  assignment: Settings['messageAssignment'];
  bh: BusinessHours;
  lenderName: string;
  timeZone: string;
}

export async function loadMessagingConfig(db: DbOrTrx): Promise<MessagingConfig> {
  const [settings, calendar] = await Promise.all([readSettings(db), loadCalendar(db)]);
  return {
    topics: new Map(settings.messageTopics.map((t) => [t.id, t])),
    topicList: settings.messageTopics,
    assignment: settings.messageAssignment,
    bh: { hours: settings.hours, timeZone: settings.identity.timeZone, calendar },
    lenderName: settings.identity.lenderName,
    timeZone: settings.identity.timeZone,
  };
}

/** Targets of a topic; an unknown (since removed) topic falls back to 'other' or the first. */
export function topicOf(cfg: MessagingConfig, id: string): Topic {
  const topic = cfg.topics.get(id) ?? cfg.topics.get('other') ?? cfg.topicList[0];
  if (!topic) throw new Error('No message topics configured');
  return topic;
}

export function statusOf(
  cfg: MessagingConfig,
  thread: Pick<MessageThread, 'topic' | 'sla'>,
  now: Date,
): SlaStatus {
  return slaStatus(thread.sla, now, topicOf(cfg, thread.topic), cfg.bh);
}

/** `statusOf` for many threads at the same `now` (a queue page), the hours summed once. */
export function statusesAt(
  cfg: MessagingConfig,
  now: Date,
): (thread: Pick<MessageThread, 'topic' | 'sla'>) => SlaStatus {
  const statusAt = slaStatusesAt(now, cfg.bh);
  return (thread) => statusAt(thread.sla, topicOf(cfg, thread.topic));
}
