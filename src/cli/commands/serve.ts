/**
 * `awsmsg serve`: AWS's wire protocols for SQS, SNS and Kinesis on one local port, over the
 * state file the command line uses, until Ctrl-C.
 */
import type { Command } from 'commander';
import { CliError } from '../../core/errors.js';
import { resolveStatePath } from '../../store/db.js';
import { staticCredentials } from '../credentials.js';
import { EXIT } from '../exit.js';
import type { CommandEnv } from '../run.js';

interface ServeOptions {
  host: string;
  port: string;
  quiet?: boolean;
  verifySignatures?: boolean;
  credentials?: string[];
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function define(cmd: Command, env: CommandEnv, done: (code: number) => void): void {
  cmd
    .option('--host <address>', 'the address to listen on (loopback unless you say otherwise)', '127.0.0.1')
    .option('--port <number>', 'the port (0 picks a free one)', '4566')
    .option('--quiet', 'no log line per request')
    .option('--verify-signatures', 'check SigV4 signatures (credentials from --credentials, else the AWS config chain)')
    .option('--credentials <AKID:SECRET...>', 'credentials signatures are checked against (with --verify-signatures)')
    .action(async (o: ServeOptions) => done(await serve(o, env)));
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new CliError('usage', `Invalid port '${text}': a number from 0 to 65535 (0 picks a free one).`);
  return port;
}

function credentialMap(o: ServeOptions, env: CommandEnv): Map<string, string> | undefined {
  if (!o.verifySignatures) {
    if (o.credentials?.length) throw new CliError('usage', '--credentials goes with --verify-signatures.');
    return undefined;
  }
  const map = new Map<string, string>();
  for (const pair of o.credentials ?? []) {
    const colon = pair.indexOf(':');
    if (colon <= 0 || colon === pair.length - 1) throw new CliError('usage', `Invalid --credentials '${pair}': give ACCESS_KEY_ID:SECRET_ACCESS_KEY.`);
    map.set(pair.slice(0, colon), pair.slice(colon + 1));
  }
  if (map.size === 0) {
    const found = staticCredentials(env.io.env, env.globals.profile);
    if (!found) {
      throw new CliError('config', 'Unable to locate credentials for --verify-signatures. Give --credentials AKID:SECRET, or configure credentials by running "aws configure".');
    }
    map.set(found.accessKeyId, found.secretAccessKey);
  }
  return map;
}

async function serve(o: ServeOptions, env: CommandEnv): Promise<number> {
  const port = parsePort(o.port);
  const credentials = credentialMap(o, env);
  const { startServer } = await import('../../server/index.js');
  const io = env.io;
  const server = await startServer({
    host: o.host,
    port,
    db: resolveStatePath(env.globals.db, io.env),
    credentials,
    log: o.quiet ? undefined : (line) => io.out(`${line}\n`),
  }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'EADDRINUSE') throw new CliError('other', `Port ${port} on ${o.host} is in use: is another awsmsg serve (or LocalStack) running? Try --port 0 for a free one.`);
    if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') throw new CliError('other', `Cannot listen on ${o.host}: no such local address.`);
    if (e.code === 'EACCES') throw new CliError('other', `Not allowed to listen on ${o.host}:${port} (ports below 1024 need privileges).`);
    throw e;
  });
  io.out(
    `awsmsg serve: SQS, SNS and Kinesis on ${server.url} (state file ${server.stateFile})\n` +
      `  export AWS_ENDPOINT_URL=${server.url}\n` +
      `  any SDK or the AWS CLI (aws --endpoint-url ${server.url} sqs list-queues) now uses awsmsg; Ctrl-C stops.\n`,
  );
  if (!LOOPBACK.has(o.host)) io.err(`warning: listening on ${o.host}, not only on this machine's loopback: anyone who can reach it can use this state file.\n`);
  if (credentials) io.err(`checking signatures (${credentials.size} access key${credentials.size > 1 ? 's' : ''})\n`);
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  io.out('awsmsg serve: stopped\n');
  return EXIT.ok;
}
