import type { Generated, GeneratedAlways } from 'kysely';

export type ThreadStateName = 'new' | 'open' | 'waiting_on_customer' | 'resolved' | 'closed';
export type MessageDirection = 'inbound' | 'outbound' | 'note';
export type AttachmentMime = 'application/pdf' | 'image/png' | 'image/jpeg' | 'image/heic';
export type ThreadLinkTarget = 'dispute' | 'address_change';
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'held';

export interface MessageThreadsTable {
  id: Generated<number>;
  customer_id: number;
  account_id: number | null;
  topic: string;
  queue: string;
  state: ThreadStateName;
  /** 1 while new, open or waiting on the customer (generated). */
  is_active: GeneratedAlways<number>;
  assignee_id: number | null;
  /** Bumped on every change an agent replying should have seen (optimistic concurrency). */
  version: Generated<number>;
  /** Start of the latest customer message, for the list. */
  preview: string;
  message_count: Generated<number>;
  sla_kind: 'first' | 'next' | null;
  sla_consumed_minutes: Generated<number>;
  sla_running_since: string | null;
  sla_due_at: string | null;
  /** sla_due_at, or far future when no clock runs (generated; the queue's sort key). */
  sla_sort: GeneratedAlways<string>;
  first_response_at: string | null;
  last_inbound_at: string | null;
  last_outbound_at: string | null;
  last_activity_at: string;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  closed_at: string | null;
}

export interface MessagesTable {
  id: Generated<number>;
  thread_id: number;
  direction: MessageDirection;
  body: string;
  author_user_id: number | null;
  /** The thread's version this message produced: "what changed since version N". */
  thread_version: number;
  created_at: string;
}

export interface MessageAttachmentsTable {
  id: Generated<number>;
  message_id: number;
  /** Sanitised display name; the file itself is stored under its SHA-256. */
  filename: string;
  mime_type: AttachmentMime;
  size_bytes: number;
  sha256: string;
  created_at: string;
}

export interface MessageThreadLinksTable {
  id: Generated<number>;
  thread_id: number;
  target_type: ThreadLinkTarget;
  target_id: number;
  created_at: string;
}

export interface MessageQueueStateTable {
  queue: string;
  last_assignee_id: number | null;
}

export interface EmailOutboxTable {
  id: Generated<number>;
  thread_id: number | null;
  to_address: string;
  language: 'en' | 'fr';
  subject: string;
  body_text: string;
  /** held: a training database never sends; the in-app outbox viewer shows it instead. */
  status: OutboxStatus;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** The sender that claimed the row for sending (0012), and when; null when unclaimed. */
  claimed_by: Generated<string | null>;
  claimed_at: Generated<string | null>;
}

export interface MessagesTables {
  message_threads: MessageThreadsTable;
  messages: MessagesTable;
  message_attachments: MessageAttachmentsTable;
  message_thread_links: MessageThreadLinksTable;
  message_queue_state: MessageQueueStateTable;
  email_outbox: EmailOutboxTable;
}
