/**
 * The schema, versioned with PRAGMA user_version. Each entry moves a state file from
 * version i to i+1; a file is migrated forward on open, inside one write transaction.
 * Append new entries; never edit one that has been released.
 */
import { SQS_SCHEMA } from '../services/sqs/schema.js';
import { SNS_DEFERRED_SIGNATURES_SCHEMA, SNS_SCHEMA } from '../services/sns/schema.js';
import { KINESIS_SCHEMA } from '../services/kinesis/schema.js';
import { KCL_SCHEMA } from '../kcl/schema.js';

const CORE_SCHEMA = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

export const MIGRATIONS: readonly string[] = [
  CORE_SCHEMA,
  SQS_SCHEMA,
  SNS_SCHEMA,
  KINESIS_SCHEMA,
  KCL_SCHEMA,
  SNS_DEFERRED_SIGNATURES_SCHEMA,
];
