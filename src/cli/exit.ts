import { AwsError, CliError, LocalError } from '../core/errors.js';
import { errnoCode, fsReason } from '../core/fsErrors.js';

/** Exit statuses of the AWS CLI v2. */
export const EXIT = {
  ok: 0,
  usage: 252,
  config: 253,
  service: 254,
  other: 255,
  interrupted: 130,
} as const;

export function usageBlock(prog = 'awsmsg'): string {
  return (
    `usage: ${prog} [options] <command> <subcommand> [<subcommand> ...] [parameters]\n` +
    'To see help text, you can run:\n\n' +
    `  ${prog} help\n` +
    `  ${prog} <command> help\n` +
    `  ${prog} <command> <subcommand> help\n`
  );
}

export interface ReportOptions {
  /** the AWS operation the command line called */
  operation?: string;
  /** awsmsg's own command that ran ("sns explain-filter"), for errors no operation names */
  command?: string;
  debug?: boolean;
}

/** Prints an error the way the AWS CLI does and returns the exit status. */
export function reportError(e: unknown, err: (t: string) => void, opts: ReportOptions): number {
  if (opts.debug && e instanceof Error && e.stack) err(`${e.stack}\n`);
  if (e instanceof AwsError) {
    const op = opts.operation ?? e.operation;
    // a remote call's last attempt: botocore says so, as " (reached max retries: N)"
    const retries = (e as { maxRetriesReached?: number }).maxRetriesReached;
    const retryInfo = retries === undefined ? '' : ` (reached max retries: ${retries})`;
    // an own command's check that is no operation's: said as awsmsg's, in the CLI's form
    const where = op !== undefined ? `when calling the ${op} operation${retryInfo}` : `in awsmsg ${opts.command ?? 'command'}`;
    err(`\nAn error occurred (${e.code}) ${where}: ${e.message}\n`);
    return EXIT.service;
  }
  if (e instanceof CliError) {
    if (!e.showUsage) err(`\n${e.message}\n`);
    else if (e.message.startsWith('Unknown options')) err(`\n${usageBlock()}${e.message}\n`);
    else err(`${usageBlock()}awsmsg: error: ${e.message}\n`);
    return e.kind === 'usage' ? EXIT.usage : e.kind === 'config' ? EXIT.config : EXIT.other;
  }
  if (e instanceof LocalError) {
    err(`\n${e.message}\n`);
    return e.kind === 'invalid-input' ? EXIT.usage : EXIT.other;
  }
  // a file-system error no one worded: in words, naming the file, never Node's "ECODE: ..."
  if (errnoCode(e) !== undefined) {
    const path = (e as { path?: unknown }).path;
    const reason = fsReason(e);
    err(`\n${reason.charAt(0).toUpperCase()}${reason.slice(1)}${typeof path === 'string' ? `: ${path}` : ''}.\n`);
    return EXIT.other;
  }
  const msg = e instanceof Error ? e.message : String(e);
  err(`\n${msg}\n`);
  return EXIT.other;
}
