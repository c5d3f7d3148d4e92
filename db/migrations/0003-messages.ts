import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Secure messages: threads (one per customer conversation, with its state, owner, version for
 * collision control and the denormalised SLA due instant the queue sorts by), their messages
 * (inbound, outbound, internal notes), attachments (files on disk, content-addressed by
 * SHA-256), links to disputes and address changes, and the e-mail outbox.
 *
 * The queue is read far more than written and must stay instant at a million messages, so
 * the indexes match its queries exactly: (filter columns…, sla_sort, id) serves "filter, sort
 * by urgency, page of 50" as a pure index walk, and count(*) as a covering-index count.
 * Immutable once released: later changes go in a new numbered migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE message_threads (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      account_id INTEGER REFERENCES accounts(id),
      topic TEXT NOT NULL,
      queue TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('new','open','waiting_on_customer','resolved','closed')),
      is_active INTEGER GENERATED ALWAYS AS (state IN ('new','open','waiting_on_customer')) STORED,
      assignee_id INTEGER REFERENCES users(id),
      version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
      preview TEXT NOT NULL,
      message_count INTEGER NOT NULL DEFAULT 0,
      sla_kind TEXT CHECK (sla_kind IN ('first','next')),
      sla_consumed_minutes REAL NOT NULL DEFAULT 0,
      sla_running_since TEXT,
      sla_due_at TEXT,
      sla_sort TEXT GENERATED ALWAYS AS (coalesce(sla_due_at, '9999-12-31T23:59:59.999Z')) STORED,
      first_response_at TEXT,
      last_inbound_at TEXT,
      last_outbound_at TEXT,
      last_activity_at TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      resolved_at TEXT,
      closed_at TEXT,
      CHECK ((sla_due_at IS NULL) = (sla_running_since IS NULL)),
      CHECK (sla_kind IS NOT NULL OR sla_due_at IS NULL)
    ) STRICT`,
    `CREATE INDEX message_threads_active_sla ON message_threads(is_active, sla_sort, id)`,
    `CREATE INDEX message_threads_assignee_sla ON message_threads(assignee_id, is_active, sla_sort, id)`,
    `CREATE INDEX message_threads_topic_sla ON message_threads(topic, is_active, sla_sort, id)`,
    `CREATE INDEX message_threads_active_activity ON message_threads(is_active, last_activity_at)`,
    `CREATE INDEX message_threads_state_activity ON message_threads(state, last_activity_at)`,
    `CREATE INDEX message_threads_customer ON message_threads(customer_id, last_activity_at)`,
    `CREATE INDEX message_threads_account ON message_threads(account_id) WHERE account_id IS NOT NULL`,

    `CREATE TABLE messages (
      id INTEGER PRIMARY KEY,
      thread_id INTEGER NOT NULL REFERENCES message_threads(id),
      direction TEXT NOT NULL CHECK (direction IN ('inbound','outbound','note')),
      body TEXT NOT NULL,
      author_user_id INTEGER REFERENCES users(id),
      thread_version INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      CHECK (direction = 'inbound' OR author_user_id IS NOT NULL)
    ) STRICT`,
    `CREATE INDEX messages_thread ON messages(thread_id, id)`,

    `CREATE TABLE message_attachments (
      id INTEGER PRIMARY KEY,
      message_id INTEGER NOT NULL REFERENCES messages(id),
      filename TEXT NOT NULL,
      mime_type TEXT NOT NULL CHECK (mime_type IN ('application/pdf','image/png','image/jpeg','image/heic')),
      size_bytes INTEGER NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      created_at TEXT NOT NULL
    ) STRICT`,
    `CREATE INDEX message_attachments_message ON message_attachments(message_id)`,

    `CREATE TABLE message_thread_links (
      id INTEGER PRIMARY KEY,
      thread_id INTEGER NOT NULL REFERENCES message_threads(id),
      target_type TEXT NOT NULL CHECK (target_type IN ('dispute','address_change')),
      target_id INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (thread_id, target_type, target_id)
    ) STRICT`,
    `CREATE INDEX message_thread_links_target ON message_thread_links(target_type, target_id)`,

    `CREATE TABLE message_queue_state (
      queue TEXT PRIMARY KEY,
      last_assignee_id INTEGER REFERENCES users(id)
    ) STRICT`,

    `CREATE TABLE email_outbox (
      id INTEGER PRIMARY KEY,
      thread_id INTEGER REFERENCES message_threads(id),
      to_address TEXT NOT NULL,
      language TEXT NOT NULL CHECK (language IN ('en','fr')),
      subject TEXT NOT NULL,
      body_text TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending','sent','failed','held')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT,
      last_error TEXT,
      created_at TEXT NOT NULL,
      sent_at TEXT,
      CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
    ) STRICT`,
    `CREATE INDEX email_outbox_due ON email_outbox(status, next_attempt_at)`,
    `CREATE INDEX email_outbox_thread ON email_outbox(thread_id)`,
  ];
  // Same test as isPostgres() in db/database.ts (migrations import no app code).
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const statement of postgres ? POSTGRES : statements) await sql.raw(statement).execute(db);
}

/** The same schema on PostgreSQL (see 0001): `is_active` is the 0/1 integer SQLite stores. */
const POSTGRES = [
  `CREATE TABLE message_threads (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      customer_id BIGINT NOT NULL REFERENCES customers(id),
      account_id BIGINT REFERENCES accounts(id),
      topic TEXT NOT NULL,
      queue TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('new','open','waiting_on_customer','resolved','closed')),
      is_active INTEGER GENERATED ALWAYS AS (CASE WHEN state IN ('new','open','waiting_on_customer') THEN 1 ELSE 0 END) STORED,
      assignee_id BIGINT REFERENCES users(id),
      version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
      preview TEXT NOT NULL,
      message_count BIGINT NOT NULL DEFAULT 0,
      sla_kind TEXT CHECK (sla_kind IN ('first','next')),
      sla_consumed_minutes DOUBLE PRECISION NOT NULL DEFAULT 0,
      sla_running_since TEXT,
      sla_due_at TEXT,
      sla_sort TEXT GENERATED ALWAYS AS (coalesce(sla_due_at, '9999-12-31T23:59:59.999Z')) STORED,
      first_response_at TEXT,
      last_inbound_at TEXT,
      last_outbound_at TEXT,
      last_activity_at TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      resolved_at TEXT,
      closed_at TEXT,
      CHECK ((sla_due_at IS NULL) = (sla_running_since IS NULL)),
      CHECK (sla_kind IS NOT NULL OR sla_due_at IS NULL)
    )`,
  `CREATE INDEX message_threads_active_sla ON message_threads(is_active, sla_sort, id)`,
  `CREATE INDEX message_threads_assignee_sla ON message_threads(assignee_id, is_active, sla_sort, id)`,
  `CREATE INDEX message_threads_topic_sla ON message_threads(topic, is_active, sla_sort, id)`,
  `CREATE INDEX message_threads_active_activity ON message_threads(is_active, last_activity_at)`,
  `CREATE INDEX message_threads_state_activity ON message_threads(state, last_activity_at)`,
  `CREATE INDEX message_threads_customer ON message_threads(customer_id, last_activity_at)`,
  `CREATE INDEX message_threads_account ON message_threads(account_id) WHERE account_id IS NOT NULL`,
  `CREATE TABLE messages (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      thread_id BIGINT NOT NULL REFERENCES message_threads(id),
      direction TEXT NOT NULL CHECK (direction IN ('inbound','outbound','note')),
      body TEXT NOT NULL,
      author_user_id BIGINT REFERENCES users(id),
      thread_version BIGINT NOT NULL,
      created_at TEXT NOT NULL,
      CHECK (direction = 'inbound' OR author_user_id IS NOT NULL)
    )`,
  `CREATE INDEX messages_thread ON messages(thread_id, id)`,
  `CREATE TABLE message_attachments (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      message_id BIGINT NOT NULL REFERENCES messages(id),
      filename TEXT NOT NULL,
      mime_type TEXT NOT NULL CHECK (mime_type IN ('application/pdf','image/png','image/jpeg','image/heic')),
      size_bytes BIGINT NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      created_at TEXT NOT NULL
    )`,
  `CREATE INDEX message_attachments_message ON message_attachments(message_id)`,
  `CREATE TABLE message_thread_links (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      thread_id BIGINT NOT NULL REFERENCES message_threads(id),
      target_type TEXT NOT NULL CHECK (target_type IN ('dispute','address_change')),
      target_id BIGINT NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (thread_id, target_type, target_id)
    )`,
  `CREATE INDEX message_thread_links_target ON message_thread_links(target_type, target_id)`,
  `CREATE TABLE message_queue_state (
      queue TEXT PRIMARY KEY,
      last_assignee_id BIGINT REFERENCES users(id)
    )`,
  `CREATE TABLE email_outbox (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      thread_id BIGINT REFERENCES message_threads(id),
      to_address TEXT NOT NULL,
      language TEXT NOT NULL CHECK (language IN ('en','fr')),
      subject TEXT NOT NULL,
      body_text TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending','sent','failed','held')),
      attempts BIGINT NOT NULL DEFAULT 0,
      next_attempt_at TEXT,
      last_error TEXT,
      created_at TEXT NOT NULL,
      sent_at TEXT,
      CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
    )`,
  `CREATE INDEX email_outbox_due ON email_outbox(status, next_attempt_at)`,
  `CREATE INDEX email_outbox_thread ON email_outbox(thread_id)`,
];
