/**
 * Errors of one kind: every failure a user can cause is an AwsError (a service error, as
 * AWS would return it) or a CliError (a usage or configuration error, as the AWS CLI would
 * print it). Adapters map them to text and exit codes in one place (src/cli/exit.ts).
 */

export class AwsError extends Error {
  readonly code: string;
  readonly senderFault: boolean;
  readonly httpStatus: number;

  constructor(code: string, message: string, opts: { senderFault?: boolean; httpStatus?: number } = {}) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.senderFault = opts.senderFault ?? true;
    this.httpStatus = opts.httpStatus ?? (this.senderFault ? 400 : 500);
  }
}

/** Why the command line could not run a command; decides the exit status (AWS CLI v2). */
export type CliErrorKind =
  | 'usage' // 252: bad arguments, unknown command or option, parameter validation
  | 'config' // 253: configuration (profile, state file location)
  | 'other'; // 255: anything else (unreadable file, corrupt state file)

export class CliError extends Error {
  readonly kind: CliErrorKind;
  /** usage errors print the AWS CLI's usage block before the message */
  readonly showUsage: boolean;

  constructor(kind: CliErrorKind, message: string, opts: { showUsage?: boolean } = {}) {
    super(message);
    this.name = 'CliError';
    this.kind = kind;
    this.showUsage = opts.showUsage ?? false;
  }
}

export const isAwsError = (e: unknown): e is AwsError => e instanceof AwsError;
export const isCliError = (e: unknown): e is CliError => e instanceof CliError;
