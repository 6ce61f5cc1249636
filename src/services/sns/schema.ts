/**
 * Tables of the sns service (a migration step of src/store/migrations.ts).
 *
 * Attribute maps are JSON objects of the values a user set (defaults are filled in when read),
 * so that GetTopicAttributes can tell "never set" from "set to the default", as AWS does for
 * CreateTopic idempotency.
 */
export const SNS_SCHEMA = `
CREATE TABLE sns_topics (
  arn            TEXT PRIMARY KEY,
  region         TEXT NOT NULL,
  account        TEXT NOT NULL,
  name           TEXT NOT NULL,
  fifo           INTEGER NOT NULL,
  attributes     TEXT NOT NULL,            -- JSON object: attributes set by the user
  tags           TEXT NOT NULL,            -- JSON array of {Key, Value}, in insertion order
  data_protection_policy TEXT,
  last_sequence  TEXT,                     -- FIFO topics: the last SequenceNumber handed out
  created_at     INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sns_topics_by_region ON sns_topics (region, account, arn);

CREATE TABLE sns_subscriptions (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  arn            TEXT NOT NULL UNIQUE,
  topic_arn      TEXT NOT NULL,
  region         TEXT NOT NULL,
  owner          TEXT NOT NULL,
  protocol       TEXT NOT NULL,
  endpoint       TEXT NOT NULL,
  pending        INTEGER NOT NULL,
  authenticated  INTEGER NOT NULL,
  attributes     TEXT NOT NULL,            -- JSON object: subscription attributes set by the user
  created_at     INTEGER NOT NULL
);
CREATE INDEX sns_subscriptions_by_topic ON sns_subscriptions (topic_arn, seq);
CREATE INDEX sns_subscriptions_by_region ON sns_subscriptions (region, seq);

-- Confirmation tokens (subscribe) and restore tokens (unsubscribe), valid for a while.
CREATE TABLE sns_tokens (
  token            TEXT PRIMARY KEY,
  kind             TEXT NOT NULL,          -- 'subscribe' | 'unsubscribe'
  subscription_arn TEXT NOT NULL,
  region           TEXT NOT NULL,
  snapshot         TEXT,                   -- unsubscribe: the deleted subscription row, as JSON
  expires_at       INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sns_tokens_by_subscription ON sns_tokens (subscription_arn);

-- FIFO topics: deduplication ids seen in the last five minutes (scope: '' = whole topic,
-- else the message group when FifoThroughputScope is MessageGroup).
CREATE TABLE sns_fifo_dedup (
  topic_arn       TEXT NOT NULL,
  scope           TEXT NOT NULL,
  dedup_id        TEXT NOT NULL,
  message_id      TEXT NOT NULL,
  sequence_number TEXT NOT NULL,
  expires_at      INTEGER NOT NULL,
  PRIMARY KEY (topic_arn, scope, dedup_id)
) WITHOUT ROWID;

-- Everything SNS sent to an endpoint that is not an SQS queue: e-mail, SMS, mobile push,
-- Lambda, Firehose are recorded ('recorded'); HTTP/S deliveries are performed after the
-- publishing transaction commits and carry their retry state here.
CREATE TABLE sns_outbox (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at       INTEGER NOT NULL,
  region           TEXT NOT NULL,
  protocol         TEXT NOT NULL,
  endpoint         TEXT NOT NULL,
  topic_arn        TEXT,
  subscription_arn TEXT,
  message_id       TEXT NOT NULL,
  type             TEXT NOT NULL,          -- Notification | SubscriptionConfirmation | UnsubscribeConfirmation
  subject          TEXT,
  body             TEXT NOT NULL,
  headers          TEXT,                   -- JSON object (HTTP/S) or null
  message_attributes TEXT,                 -- JSON (raw delivery attributes for a dead-letter queue)
  status           TEXT NOT NULL,          -- recorded | pending | delivered | failed | dead-lettered | cancelled
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER,
  claim_token      TEXT,
  claim_expires_at INTEGER,
  last_status_code INTEGER,
  last_error       TEXT,
  completed_at     INTEGER
);
CREATE INDEX sns_outbox_due ON sns_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX sns_outbox_by_endpoint ON sns_outbox (protocol, endpoint, id);

CREATE TABLE sns_platform_applications (
  arn        TEXT PRIMARY KEY,
  region     TEXT NOT NULL,
  account    TEXT NOT NULL,
  name       TEXT NOT NULL,
  platform   TEXT NOT NULL,
  attributes TEXT NOT NULL,                -- JSON object, as returned by GetPlatformApplicationAttributes
  secrets    TEXT NOT NULL,                -- JSON object: PlatformPrincipal / PlatformCredential (never returned)
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sns_platform_applications_by_region ON sns_platform_applications (region, account, arn);

CREATE TABLE sns_platform_endpoints (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  arn             TEXT NOT NULL UNIQUE,
  application_arn TEXT NOT NULL,
  token           TEXT NOT NULL,
  attributes      TEXT NOT NULL,           -- JSON object: Enabled, Token, CustomUserData
  created_at      INTEGER NOT NULL
);
CREATE INDEX sns_platform_endpoints_by_app ON sns_platform_endpoints (application_arn, seq);

CREATE TABLE sns_sms_settings (
  account    TEXT NOT NULL,
  region     TEXT NOT NULL,
  attributes TEXT NOT NULL,                -- JSON object of SetSMSAttributes values
  PRIMARY KEY (account, region)
) WITHOUT ROWID;

CREATE TABLE sns_opted_out (
  account      TEXT NOT NULL,
  phone_number TEXT NOT NULL,
  opted_out_at INTEGER NOT NULL,
  PRIMARY KEY (account, phone_number)
) WITHOUT ROWID;

CREATE TABLE sns_sandbox_numbers (
  account      TEXT NOT NULL,
  region       TEXT NOT NULL,
  phone_number TEXT NOT NULL,
  status       TEXT NOT NULL,              -- Pending | Verified
  otp          TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (account, region, phone_number)
) WITHOUT ROWID;

-- The state file's signing identity: one RSA key and its self-signed certificate.
CREATE TABLE sns_signing (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  private_key TEXT NOT NULL,                -- PKCS#8 PEM
  certificate TEXT NOT NULL,                -- X.509 PEM
  created_at  INTEGER NOT NULL
);
`;

/**
 * Deferred signatures (signatures.ts): an SQS copy of a notification may wait for its
 * Signature until first received; pending_signature is where its placeholder starts in the
 * body (NULL once signed, and for every other message). Signatures made lately are kept, by
 * what they sign, for the other copies of the same message.
 */
export const SNS_DEFERRED_SIGNATURES_SCHEMA = `
ALTER TABLE sqs_messages ADD COLUMN pending_signature INTEGER;
CREATE TABLE sns_signatures (
  signed     TEXT PRIMARY KEY,             -- SHA-256 of the signature version and the string to sign
  signature  TEXT NOT NULL,
  created_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sns_signatures_age ON sns_signatures (created_ms);
`;
