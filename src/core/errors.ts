/**
 * Errors of one kind: every failure a user can cause is an AwsError (a service error, as
 * AWS would return it) or a CliError (a usage or configuration error, as the AWS CLI would
 * print it). Adapters map them to text and exit codes in one place (src/cli/exit.ts).
 */

/*
 * awsmsg's bundles are loaded lazily, and a module two bundles import is copied into each
 * (src/build.mjs), so class identity does not hold across bundles. These brands make
 * `e instanceof AwsError` and `e instanceof CliError` hold for an error from any copy;
 * subclasses keep ordinary instanceof.
 */
const AWS_ERROR = Symbol.for('awsmsg.AwsError');
const CLI_ERROR = Symbol.for('awsmsg.CliError');

function branded(x: unknown, brand: symbol): boolean {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[brand] === true;
}

export class AwsError extends Error {
  static override [Symbol.hasInstance](x: unknown): boolean {
    return this === AwsError ? branded(x, AWS_ERROR) : Function.prototype[Symbol.hasInstance].call(this, x);
  }

  readonly code: string;
  readonly senderFault: boolean;
  readonly httpStatus: number;

  constructor(code: string, message: string, opts: { senderFault?: boolean; httpStatus?: number } = {}) {
    super(message);
    Object.defineProperty(this, AWS_ERROR, { value: true });
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
  static override [Symbol.hasInstance](x: unknown): boolean {
    return this === CliError ? branded(x, CLI_ERROR) : Function.prototype[Symbol.hasInstance].call(this, x);
  }

  readonly kind: CliErrorKind;
  /** usage errors print the AWS CLI's usage block before the message */
  readonly showUsage: boolean;

  constructor(kind: CliErrorKind, message: string, opts: { showUsage?: boolean } = {}) {
    super(message);
    Object.defineProperty(this, CLI_ERROR, { value: true });
    this.name = 'CliError';
    this.kind = kind;
    this.showUsage = opts.showUsage ?? false;
  }
}

export const isAwsError = (e: unknown): e is AwsError => e instanceof AwsError;
