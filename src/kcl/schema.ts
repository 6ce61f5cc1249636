/**
 * The KCL lease table, kept in the state file (a migration step of src/store/migrations.ts).
 *
 * One row per shard lease of a consumer application, as the Kinesis Client Library keeps them
 * in its DynamoDB table. The application's table is scoped by account and region, as a
 * DynamoDB table is. Every update is conditional on lease_counter (and increments it), so
 * workers in different processes coordinate through the file alone.
 *
 * counter_changed_at is the state file's clock (ms) when lease_counter last changed: a lease
 * is expired once that is older than the judging worker's failover time. Judging it on the
 * shared clock lets `awsmsg clock advance` expire leases.
 * stream_created_at ties the leases to one incarnation of the stream: leases left by a
 * deleted stream of the same name are not resumed.
 */
export const KCL_SCHEMA = `
CREATE TABLE kcl_leases (
  account_id                              TEXT    NOT NULL,
  region                                  TEXT    NOT NULL,
  application                             TEXT    NOT NULL,
  lease_key                               TEXT    NOT NULL,
  stream_name                             TEXT    NOT NULL,
  stream_created_at                       INTEGER NOT NULL,
  lease_owner                             TEXT,
  lease_counter                           INTEGER NOT NULL DEFAULT 0,
  counter_changed_at                      INTEGER NOT NULL,
  checkpoint                              TEXT    NOT NULL,
  checkpoint_sub_sequence_number          INTEGER NOT NULL DEFAULT 0,
  pending_checkpoint                      TEXT,
  pending_checkpoint_sub_sequence_number  INTEGER,
  owner_switches_since_checkpoint         INTEGER NOT NULL DEFAULT 0,
  parent_shard_ids                        TEXT    NOT NULL DEFAULT '[]',
  child_shard_ids                         TEXT    NOT NULL DEFAULT '[]',
  starting_hash_key                       TEXT    NOT NULL,
  ending_hash_key                         TEXT    NOT NULL,
  PRIMARY KEY (account_id, region, application, lease_key)
) WITHOUT ROWID;
`;
