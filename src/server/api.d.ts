// Types of the package's export (`import { startServer } from 'awsmsg'`), for TypeScript users.
// src/server/index.ts takes its option and server types from here; test/server/api.test.ts
// checks that startServer matches this declaration.

export interface ServerOptions {
  /** the address to listen on (default 127.0.0.1: loopback only) */
  host?: string;
  /** the port (default 4566; 0 picks a free one) */
  port?: number;
  /** the state file (default: AWSMSG_DB, else ~/.awsmsg/awsmsg.db) */
  db?: string;
  /** receives one line per request (operation, status, milliseconds); none when absent */
  log?: (line: string) => void;
  /** check SigV4 signatures against these credentials (access key id -> secret) */
  credentials?: ReadonlyMap<string, string>;
  /** the account of requests whose access key id is not 12 digits (default AWSMSG_ACCOUNT_ID, else 000000000000) */
  accountId?: string;
  /** the largest request body taken, in bytes (default 16 MiB) */
  maxBodyBytes?: number;
}

export interface RunningServer {
  /** http://host:port, for AWS_ENDPOINT_URL or an SDK's endpoint */
  readonly url: string;
  readonly port: number;
  readonly stateFile: string;
  /** finishes requests in flight (long polls answer empty, event streams end) and closes the state file */
  close(): Promise<void>;
}

export function startServer(options?: ServerOptions): Promise<RunningServer>;
