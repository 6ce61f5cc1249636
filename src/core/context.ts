import type { Store } from '../store/db.js';

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
}

export const DEFAULT_ACCOUNT_ID = '000000000000';

/** An operation handler: the AWS request shape in, the AWS response shape out. */
export type Handler = (ctx: Ctx, input: Record<string, unknown>) => unknown | Promise<unknown>;

/** A service's operations, by AWS operation name (e.g. "SendMessage"). */
export type HandlerTable = Record<string, Handler>;
