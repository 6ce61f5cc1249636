/**
 * Errors of few kinds. The engine (services, store, KCL) throws an AwsError (a service
 * error, as AWS would return it) or a LocalError (a problem of awsmsg's own: the state file,
 * a consumer's settings). The command line adds CliError (usage and configuration, as the
 * AWS CLI prints them). Each adapter maps them in one place: the CLI to text and exit codes
 * (src/cli/exit.ts), the server to each protocol's error body (src/server/errors.ts).
 */

/*
 * awsmsg's bundles are loaded lazily, and a module two bundles import is copied into each
 * (src/build.mjs), so class identity does not hold across bundles. These brands make
 * `e instanceof AwsError` and `e instanceof CliError` hold for an error from any copy;
 * subclasses keep ordinary instanceof.
 */
const AWS_ERROR = Symbol.for('awsmsg.AwsError');
const CLI_ERROR = Symbol.for('awsmsg.CliError');
const LOCAL_ERROR = Symbol.for('awsmsg.LocalError');

function branded(x: unknown, brand: symbol): boolean {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[brand] === true;
}

export class AwsError extends Error {
  static override [Symbol.hasInstance](x: unknown): boolean {
    return this === AwsError ? branded(x, AWS_ERROR) : Function.prototype[Symbol.hasInstance].call(this, x);
  }

  /**
   * The code the AWS CLI shows and the query protocol sends (for SQS the legacy codes, such
   * as AWS.SimpleQueueService.NonExistentQueue; for Kinesis the shape name).
   */
  readonly code: string;
  /** Sender (the caller's fault) or Receiver (the service's) */
  readonly senderFault: boolean;
  readonly httpStatus: number;
  /**
   * The service model's error shape (QueueDoesNotExist for SQS's NonExistentQueue), where it
   * is not found from the code through the model; the JSON protocols name it in __type.
   */
  readonly shape: string | undefined;
  /**
   * The operation that failed (SendMessage), set by whoever called it (callOperation), so
   * that a front end reporting the error can name it even when it was not the one calling.
   */
  operation: string | undefined;

  constructor(code: string, message: string, opts: { senderFault?: boolean; httpStatus?: number; shape?: string } = {}) {
    super(message);
    Object.defineProperty(this, AWS_ERROR, { value: true });
    this.name = 'AwsError';
    this.code = code;
    this.senderFault = opts.senderFault ?? true;
    this.httpStatus = opts.httpStatus ?? (this.senderFault ? 400 : 500);
    this.shape = opts.shape;
    this.operation = undefined;
  }

  /** the code as the query protocol and x-amzn-query-error carry it */
  get queryCode(): string {
    return this.code;
  }
}

/** What kind of problem of awsmsg's own a LocalError is; adapters decide what it becomes. */
export type LocalErrorKind =
  | 'invalid-input' // settings or arguments of awsmsg's own that cannot be used (a KCL properties file)
  | 'state-file'; // the state file cannot be opened, read or written

/** A failure that is not an AWS error: the state file, or settings of awsmsg's own. */
export class LocalError extends Error {
  static override [Symbol.hasInstance](x: unknown): boolean {
    return this === LocalError ? branded(x, LOCAL_ERROR) : Function.prototype[Symbol.hasInstance].call(this, x);
  }

  readonly kind: LocalErrorKind;

  constructor(kind: LocalErrorKind, message: string) {
    super(message);
    Object.defineProperty(this, LOCAL_ERROR, { value: true });
    this.name = 'LocalError';
    this.kind = kind;
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

/** Marks an AwsError from `operation` with its name (if not already named); returns e. */
export function fromOperation(e: unknown, operation: string): unknown {
  if (e instanceof AwsError && e.operation === undefined) e.operation = operation;
  return e;
}

/** Runs fn; an AwsError it throws is named as coming from `operation` (see AwsError.operation). */
export function asOperation<T>(operation: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw fromOperation(e, operation);
  }
}
