/** ARNs and URLs of SNS resources, and AWS's checks of ARN parameters. */
import type { Ctx } from '../../core/context.js';
import { invalidParameter } from './errors.js';
import { parseArn, partitionOf, type Arn } from '../../core/aws.js';

export { partitionOf };

/** The SNS endpoint host of a region, as AWS names it in URLs inside messages. */
export function snsHost(region: string): string {
  return region.startsWith('cn-') ? `sns.${region}.amazonaws.com.cn` : `sns.${region}.amazonaws.com`;
}

export function serviceUrl(region: string): string {
  return `https://${snsHost(region)}`;
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

/** `base` replaces AWS's endpoint (a server's own, see Ctx.snsUrlBase). */
export function unsubscribeUrl(region: string, subscriptionArn: string, base?: string): string {
  return `${base ?? serviceUrl(region)}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`;
}

export function subscribeUrl(region: string, topicArn: string, token: string, base?: string): string {
  return `${base ?? serviceUrl(region)}/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=${token}`;
}
