/**
 * Kinesis errors with AWS's codes and, where AWS's text is known, AWS's messages.
 * Messages marked "(unverified)" are our wording for cases whose AWS text we could not confirm.
 */
import { AwsError } from '../../core/errors.js';

const err = (code: string, message: string): AwsError => new AwsError(code, message);

export const invalidArgument = (message: string): AwsError => err('InvalidArgumentException', message);
export const resourceNotFound = (message: string): AwsError => err('ResourceNotFoundException', message);
export const resourceInUse = (message: string): AwsError => err('ResourceInUseException', message);
export const limitExceeded = (message: string): AwsError => err('LimitExceededException', message);
export const validationError = (message: string): AwsError => err('ValidationException', message);

export const streamNotFound = (name: string, account: string): AwsError =>
  resourceNotFound(`Stream ${name} under account ${account} not found.`);

export const streamExists = (name: string, account: string): AwsError =>
  resourceInUse(`Stream ${name} under account ${account} already exists.`);

export const streamNotActive = (name: string, account: string, status: string): AwsError =>
  resourceInUse(`Stream ${name} under account ${account} not ACTIVE, instead in state ${status}`);

/** a shard id that cannot be read as a shard number */
export const couldNotFindShard = (shardId: string, stream: string, account: string): AwsError =>
  resourceNotFound(`Could not find shard ${shardId} in stream ${stream} under account ${account}.`);

/** GetShardIterator / GetRecords on a shard (or stream) that is not there */
export const shardDoesNotExist = (shardId: string, stream: string, account: string): AwsError =>
  resourceNotFound(`Shard ${shardId} in stream ${stream} under account ${account} does not exist`);

export const rateExceeded = (shardId: string, stream: string, account: string): AwsError =>
  new AwsError('ProvisionedThroughputExceededException', rateExceededMessage(shardId, stream, account));

export const rateExceededMessage = (shardId: string, stream: string, account: string): string =>
  `Rate exceeded for shard ${shardId} in stream ${stream} under account ${account}.`;

export const invalidShardIterator = (): AwsError => invalidArgument('Invalid ShardIterator.');

export const expiredIterator = (createdAt: number, now: number, ttlMs: number): AwsError =>
  new AwsError(
    'ExpiredIteratorException',
    `Iterator expired. The iterator was created at time ${javaDate(createdAt)} while right now it is ` +
      `${javaDate(now)} which is further in the future than the tolerated delay of ${ttlMs} milliseconds.`,
  );

export const expiredNextToken = (): AwsError =>
  new AwsError('ExpiredNextTokenException', 'The timestamp of the NextToken has expired.'); // (unverified)

export const shardLimitExceeded = (account: string, region: string, current: number, limit: number, added: number): AwsError =>
  limitExceeded(
    `This request would exceed the shard limit for the account ${account} in ${region}. ` +
      `Current shard count for the account: ${current}. Limit: ${limit}. ` +
      `Number of additional shards that would have resulted from this request: ${added}. ` +
      'Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) ' +
      'for current limits and how to request higher limits.',
  );

export const onDemandNotSupported = (name: string, account: string): AwsError =>
  validationError(`Request is invalid. Stream ${name} under account ${account} is in On-Demand mode.`);

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** A time as Java's Date.toString() prints it in UTC ("Thu Jan 22 01:22:02 UTC 2015"), as AWS's messages do. */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
  );
}
