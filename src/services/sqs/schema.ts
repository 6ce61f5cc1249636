/**
 * Tables of the sqs service (one migration step of src/store/migrations.ts).
 *
 * Messages are rows indexed by (queue_id, visible_ms): a receive is one index seek for the
 * earliest visible rows, whatever the queue's length. FIFO groups keep their head-of-line
 * message in sqs_fifo_groups (kept exact by triggers), so a FIFO receive walks groups, not
 * messages. Times are epoch milliseconds of the state file's clock.
 */
export const SQS_SCHEMA = `
CREATE TABLE sqs_queues (
  id                   INTEGER PRIMARY KEY,
  region               TEXT NOT NULL,
  account_id           TEXT NOT NULL,
  name                 TEXT NOT NULL,
  arn                  TEXT NOT NULL UNIQUE,
  fifo                 INTEGER NOT NULL,
  created_ms           INTEGER NOT NULL,
  modified_ms          INTEGER NOT NULL,
  -- the attributes a user can set, normalised, as a JSON object of strings
  attributes           TEXT NOT NULL,
  tags                 TEXT NOT NULL DEFAULT '{}',
  -- copies of attributes the message path reads on every call
  visibility_timeout   INTEGER NOT NULL,
  delay_seconds        INTEGER NOT NULL,
  retention_seconds    INTEGER NOT NULL,
  maximum_message_size INTEGER NOT NULL,
  receive_wait_seconds INTEGER NOT NULL,
  content_dedup        INTEGER NOT NULL DEFAULT 0,
  dedup_by_group       INTEGER NOT NULL DEFAULT 0,
  dlq_arn              TEXT,
  max_receive_count    INTEGER,
  last_sequence        TEXT,
  purged_ms            INTEGER,
  UNIQUE (region, account_id, name)
);
CREATE INDEX sqs_queues_dlq ON sqs_queues (dlq_arn) WHERE dlq_arn IS NOT NULL;

-- names deleted in the last minute (a name cannot be reused for 60 seconds)
CREATE TABLE sqs_deleted_queues (
  region     TEXT NOT NULL,
  account_id TEXT NOT NULL,
  name       TEXT NOT NULL,
  deleted_ms INTEGER NOT NULL,
  PRIMARY KEY (region, account_id, name)
) WITHOUT ROWID;

CREATE TABLE sqs_messages (
  id               INTEGER PRIMARY KEY,
  queue_id         INTEGER NOT NULL,
  message_id       TEXT NOT NULL,
  body             TEXT NOT NULL,
  md5_body         TEXT NOT NULL,
  -- message attributes as JSON (binary values base64), and their MD5
  attributes       TEXT,
  md5_attributes   TEXT,
  sent_ms          INTEGER NOT NULL,
  -- retention is counted from here (reset when a FIFO message moves to a dead-letter queue)
  enqueued_ms      INTEGER NOT NULL,
  visible_ms       INTEGER NOT NULL,
  receive_count    INTEGER NOT NULL DEFAULT 0,
  first_receive_ms INTEGER,
  -- time of the receive that issued the current receipt handle (12-hour visibility ceiling)
  received_ms      INTEGER,
  -- changes on every receive; part of the receipt handle
  nonce            INTEGER NOT NULL DEFAULT 0,
  -- FIFO message group (NULL in standard queues)
  group_id         TEXT,
  -- the other system attributes as a JSON object of strings
  system           TEXT
);
-- enqueued_ms rides along so retention can be enforced from the index alone
CREATE INDEX sqs_messages_visible ON sqs_messages (queue_id, visible_ms, enqueued_ms);
CREATE INDEX sqs_messages_group ON sqs_messages (queue_id, group_id, id) WHERE group_id IS NOT NULL;

-- the oldest message of each FIFO message group and when it is visible
CREATE TABLE sqs_fifo_groups (
  queue_id        INTEGER NOT NULL,
  group_id        TEXT NOT NULL,
  head_id         INTEGER NOT NULL,
  head_visible_ms INTEGER NOT NULL,
  PRIMARY KEY (queue_id, group_id)
) WITHOUT ROWID;
CREATE INDEX sqs_fifo_groups_head ON sqs_fifo_groups (queue_id, head_id);

CREATE TRIGGER sqs_fifo_insert AFTER INSERT ON sqs_messages WHEN NEW.group_id IS NOT NULL BEGIN
  INSERT INTO sqs_fifo_groups (queue_id, group_id, head_id, head_visible_ms)
  VALUES (NEW.queue_id, NEW.group_id, NEW.id, NEW.visible_ms)
  ON CONFLICT (queue_id, group_id) DO NOTHING;
END;
CREATE TRIGGER sqs_fifo_visible AFTER UPDATE OF visible_ms ON sqs_messages WHEN NEW.group_id IS NOT NULL BEGIN
  UPDATE sqs_fifo_groups SET head_visible_ms = NEW.visible_ms
  WHERE queue_id = NEW.queue_id AND group_id = NEW.group_id AND head_id = NEW.id;
END;
CREATE TRIGGER sqs_fifo_delete AFTER DELETE ON sqs_messages WHEN OLD.group_id IS NOT NULL BEGIN
  DELETE FROM sqs_fifo_groups
  WHERE queue_id = OLD.queue_id AND group_id = OLD.group_id AND head_id = OLD.id;
  INSERT INTO sqs_fifo_groups (queue_id, group_id, head_id, head_visible_ms)
  SELECT queue_id, group_id, id, visible_ms FROM sqs_messages
  WHERE queue_id = OLD.queue_id AND group_id = OLD.group_id ORDER BY id LIMIT 1
  ON CONFLICT (queue_id, group_id) DO NOTHING;
END;

-- FIFO deduplication: kept for 5 minutes, even after the message is deleted
CREATE TABLE sqs_fifo_dedup (
  queue_id        INTEGER NOT NULL,
  scope           TEXT NOT NULL,
  dedup_id        TEXT NOT NULL,
  message_id      TEXT NOT NULL,
  sequence_number TEXT NOT NULL,
  expires_ms      INTEGER NOT NULL,
  PRIMARY KEY (queue_id, scope, dedup_id)
) WITHOUT ROWID;
CREATE INDEX sqs_fifo_dedup_expiry ON sqs_fifo_dedup (expires_ms);

-- FIFO ReceiveRequestAttemptId: what a receive returned, replayable for 5 minutes
CREATE TABLE sqs_receive_attempts (
  queue_id   INTEGER NOT NULL,
  attempt_id TEXT NOT NULL,
  expires_ms INTEGER NOT NULL,
  result     TEXT NOT NULL,
  PRIMARY KEY (queue_id, attempt_id)
) WITHOUT ROWID;
CREATE INDEX sqs_receive_attempts_expiry ON sqs_receive_attempts (expires_ms);

CREATE TABLE sqs_move_tasks (
  task_id          TEXT PRIMARY KEY,
  source_arn       TEXT NOT NULL,
  destination_arn  TEXT,
  max_per_second   INTEGER,
  status           TEXT NOT NULL,
  started_ms       INTEGER NOT NULL,
  to_move          INTEGER NOT NULL,
  moved            INTEGER NOT NULL DEFAULT 0,
  failure_reason   TEXT,
  cancel_ms        INTEGER,
  seq              INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sqs_move_tasks_source ON sqs_move_tasks (source_arn, seq);
CREATE INDEX sqs_move_tasks_active ON sqs_move_tasks (status) WHERE status IN ('RUNNING', 'CANCELLING');

-- the key that signs receipt handles (a forged or altered handle fails its check)
INSERT INTO meta (key, value) VALUES ('sqs.receipt_key', lower(hex(randomblob(32))));
`;
