import { AwsError, CliError, LocalError } from '../core/errors.js';

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

/** Prints an error the way the AWS CLI does and returns the exit status. */
export function reportError(e: unknown, err: (t: string) => void, opts: { operation?: string; debug?: boolean }): number {
  if (opts.debug && e instanceof Error && e.stack) err(`${e.stack}\n`);
  if (e instanceof AwsError) {
    const op = opts.operation ?? 'unknown';
    // a remote call's last attempt: botocore says so, as " (reached max retries: N)"
    const retries = (e as { maxRetriesReached?: number }).maxRetriesReached;
    const retryInfo = retries === undefined ? '' : ` (reached max retries: ${retries})`;
    err(`\nAn error occurred (${e.code}) when calling the ${op} operation${retryInfo}: ${e.message}\n`);
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
  const msg = e instanceof Error ? e.message : String(e);
  err(`\n${msg}\n`);
  return EXIT.other;
}
