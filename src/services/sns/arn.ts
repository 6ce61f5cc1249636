/** ARNs and URLs of SNS resources, and AWS's checks of ARN parameters. */
import type { Ctx } from '../../core/context.js';
import { invalidParameter } from './errors.js';
import { partitionOf } from '../../core/aws.js';

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** everything after the account, colons included */
  resource: string;
}

export { partitionOf };

/** The SNS endpoint host of a region, as AWS names it in URLs inside messages. */
export function snsHost(region: string): string {
  return region.startsWith('cn-') ? `sns.${region}.amazonaws.com.cn` : `sns.${region}.amazonaws.com`;
}

export function serviceUrl(region: string): string {
  return `https://${snsHost(region)}`;
}

export function parseArn(value: string): Arn | undefined {
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return {
    partition: parts[1]!,
    service: parts[2]!,
    region: parts[3]!,
    account: parts[4]!,
    resource: parts.slice(5).join(':'),
  };
}

/**
 * AWS's first check of an ARN parameter: at least six colon-separated elements.
 * "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1".
 */
export function requireArn(value: string | undefined, param: string): Arn {
  const text = value ?? '';
  if (text === '') throw invalidParameter(`${param} Reason: no value for required parameter`);
  const parsed = parseArn(text);
  if (!parsed) {
    throw invalidParameter(`${param} Reason: An ARN must have at least 6 elements, not ${text.split(':').length}`);
  }
  return parsed;
}

export function topicArnFor(ctx: Ctx, name: string): string {
  return `arn:${partitionOf(ctx.region)}:sns:${ctx.region}:${ctx.accountId}:${name}`;
}

export function queueArnRegion(arn: string): string | undefined {
  return parseArn(arn)?.region;
}

export function unsubscribeUrl(region: string, subscriptionArn: string): string {
  return `${serviceUrl(region)}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`;
}

export function subscribeUrl(region: string, topicArn: string, token: string): string {
  return `${serviceUrl(region)}/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=${token}`;
}
