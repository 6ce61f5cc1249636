/**
 * Tables of the kinesis service (a migration step of src/store/migrations.ts).
 *
 * Times are epoch milliseconds from the state file's clock. Transitional states are stored
 * with the moment they end (status_until), so CREATING -> ACTIVE, UPDATING -> ACTIVE and
 * DELETING -> gone are derived from the clock, never from timers. Resharding writes the
 * children at once with created_at = the moment the reshard completes and sets the parents'
 * closed_at to the same moment: what a shard "is" at time t follows from those two stamps.
 */
export const KINESIS_SCHEMA = `
CREATE TABLE kinesis_streams (
  id                INTEGER PRIMARY KEY,
  account_id        TEXT    NOT NULL,
  region            TEXT    NOT NULL,
  name              TEXT    NOT NULL,
  stream_id         TEXT    NOT NULL,
  created_at        INTEGER NOT NULL,
  status            TEXT    NOT NULL,
  status_until      INTEGER,
  mode              TEXT    NOT NULL,
  retention_hours   INTEGER NOT NULL DEFAULT 24,
  enc_type          TEXT    NOT NULL DEFAULT 'NONE',
  enc_key           TEXT,
  enc_prev_type     TEXT    NOT NULL DEFAULT 'NONE',
  enc_effective_at  INTEGER NOT NULL DEFAULT 0,
  shard_metrics     TEXT    NOT NULL DEFAULT '[]',
  max_record_kib    INTEGER NOT NULL DEFAULT 1024,
  warm_target_mibps INTEGER,
  warm_prev_mibps   INTEGER,
  next_shard_index  INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX kinesis_streams_name ON kinesis_streams (account_id, region, name);

CREATE TABLE kinesis_stream_events (
  stream_pk INTEGER NOT NULL,
  kind      TEXT    NOT NULL,
  at        INTEGER NOT NULL
);
CREATE INDEX kinesis_stream_events_by_stream ON kinesis_stream_events (stream_pk, kind, at);

CREATE TABLE kinesis_shards (
  id                    INTEGER PRIMARY KEY,
  stream_pk             INTEGER NOT NULL,
  shard_index           INTEGER NOT NULL,
  parent_index          INTEGER,
  adjacent_parent_index INTEGER,
  start_hash            TEXT    NOT NULL,
  end_hash              TEXT    NOT NULL,
  start_key             BLOB    NOT NULL,
  end_key               BLOB    NOT NULL,
  created_at            INTEGER NOT NULL,
  closed_at             INTEGER,
  create_secs           INTEGER NOT NULL,
  next_seq              INTEGER NOT NULL DEFAULT 1,
  last_arrival          INTEGER NOT NULL DEFAULT 0,
  w_bytes               REAL    NOT NULL DEFAULT 1048576,
  w_records             REAL    NOT NULL DEFAULT 1000,
  w_at                  INTEGER NOT NULL DEFAULT 0,
  r_calls               REAL    NOT NULL DEFAULT 5,
  r_at                  INTEGER NOT NULL DEFAULT 0,
  r_busy_until          INTEGER NOT NULL DEFAULT 0,
  i_calls               REAL    NOT NULL DEFAULT 5,
  i_at                  INTEGER NOT NULL DEFAULT 0,
  UNIQUE (stream_pk, shard_index)
);

CREATE TABLE kinesis_records (
  shard_pk        INTEGER NOT NULL,
  seq             INTEGER NOT NULL,
  arrival         INTEGER NOT NULL,
  sequence_number TEXT    NOT NULL,
  partition_key   TEXT    NOT NULL,
  data            BLOB    NOT NULL,
  encrypted       INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (shard_pk, seq)
) WITHOUT ROWID;

CREATE TABLE kinesis_consumers (
  id           INTEGER PRIMARY KEY,
  stream_pk    INTEGER NOT NULL,
  name         TEXT    NOT NULL,
  arn          TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  status       TEXT    NOT NULL,
  status_until INTEGER,
  UNIQUE (stream_pk, name)
);
CREATE UNIQUE INDEX kinesis_consumers_arn ON kinesis_consumers (arn);

CREATE TABLE kinesis_subscriptions (
  consumer_pk INTEGER NOT NULL,
  shard_index INTEGER NOT NULL,
  started_at  INTEGER NOT NULL,
  token       TEXT    NOT NULL,
  PRIMARY KEY (consumer_pk, shard_index)
) WITHOUT ROWID;

CREATE TABLE kinesis_tags (
  owner TEXT NOT NULL,
  key   TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (owner, key)
) WITHOUT ROWID;

CREATE TABLE kinesis_policies (
  owner  TEXT PRIMARY KEY,
  policy TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE kinesis_account_settings (
  account_id             TEXT    NOT NULL,
  region                 TEXT    NOT NULL,
  commitment_status      TEXT    NOT NULL DEFAULT 'DISABLED',
  commitment_started_at  INTEGER,
  commitment_ended_at    INTEGER,
  commitment_earliest_end INTEGER,
  PRIMARY KEY (account_id, region)
) WITHOUT ROWID;

CREATE TABLE kinesis_settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;
