import type { Store } from '../store/db.js';
import type { ServiceName } from '../model/types.js';

/** What every operation receives besides its request: where state lives and who is asking. */
export interface Ctx {
  readonly store: Store;
  /** the region the request is for; resources are scoped by region, as on AWS */
  readonly region: string;
  /** the account id in ARNs and queue URLs (000000000000 unless AWSMSG_ACCOUNT_ID says otherwise) */
  readonly accountId: string;
  /**
   * Aborted when the caller gives up (Ctrl-C): operations that wait (an SQS long poll, a
   * SubscribeToShard stream) stop at once and answer as if the wait had ended with nothing.
   */
  readonly signal?: AbortSignal;
  /**
   * Where queue URLs point: absent, AWS's form (https://sqs.<region>.amazonaws.com/...), as
   * the AWS CLI prints it; a server sets its own base (http://127.0.0.1:4566), because SDKs
   * send each call to the host of the QueueUrl they were given.
   */
  readonly queueUrlBase?: string;
  /**
   * The same for SNS's URLs inside messages (SubscribeURL, UnsubscribeURL, SigningCertURL):
   * a server's own address, so a subscriber that visits them reaches the server, not AWS.
   */
  readonly snsUrlBase?: string;
  /**
   * How a waiting operation (a long poll) learns that something it waits for may have
   * changed. Absent, it looks at the state file every few milliseconds, which is right for
   * one command; a server holding thousands of waits shares one watcher between them.
   */
  readonly changes?: ChangeFeed;
  /**
   * Another endpoint that answers the operations (AWS, another `awsmsg serve`, moto): when
   * set, callOperation sends every call there instead of running it on `store`, which then
   * holds only what stays local (a KCL application's lease table).
   */
  readonly target?: RemoteTarget;
}

/** An endpoint operations are sent to over HTTP (src/remote/), as the AWS CLI would send them. */
export interface RemoteTarget {
  /** what the target is, for prompts and messages: "http://127.0.0.1:4566", "AWS (eu-west-1)" */
  readonly label: string;
  /**
   * Sends the operation with the AWS request shape; resolves to the response shape, parsed
   * into the values the local operation layer returns (Dates, Buffers); rejects with an
   * AwsError for the service's errors.
   */
  call(service: ServiceName, operation: string, input: Record<string, unknown>, signal?: AbortSignal): Promise<Record<string, unknown>>;
}

/** Wake-ups for operations that wait: a topic per thing waited on (e.g. "sqs:<queue id>"). */
export interface ChangeFeed {
  /**
   * Resolves when `topic` was notified, when another process committed to the state file,
   * when the clock was moved, after `ms`, or when `signal` aborts — whichever comes first.
   * A wake-up says only that something may have changed: the waiter looks again. With
   * `sinceDataVersion` (the state file's data version when the waiter last looked), a commit
   * of another process since then ends the wait at once.
   */
  wait(topic: string, ms: number, signal?: AbortSignal, sinceDataVersion?: number): Promise<void>;
  /** something waited on under `topic` may be ready (called after writes, in this process) */
  notify(topic: string): void;
}

export const DEFAULT_ACCOUNT_ID = '000000000000';

/** An operation handler: the AWS request shape in, the AWS response shape out. */
export type Handler = (ctx: Ctx, input: Record<string, unknown>) => unknown | Promise<unknown>;

/** A service's operations, by AWS operation name (e.g. "SendMessage"). */
export type HandlerTable = Record<string, Handler>;
