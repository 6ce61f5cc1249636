/** Queue names, URLs and ARNs: formatting in AWS form, and parsing of every form users paste. */
import { invalidAddress } from './errors.js';
import { parseArn, partitionOf } from '../../core/aws.js';

export interface QueueLocation {
  region: string;
  accountId: string;
  name: string;
}


const domain = (region: string): string => (region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com');

export const queueUrl = (q: QueueLocation): string =>
  `https://sqs.${q.region}.${domain(q.region)}/${q.accountId}/${q.name}`;

export const queueArn = (q: QueueLocation): string => `arn:${partitionOf(q.region)}:sqs:${q.region}:${q.accountId}:${q.name}`;

const STANDARD_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;

export const isValidQueueName = (name: string, fifo: boolean): boolean =>
  fifo ? FIFO_NAME.test(name) : STANDARD_NAME.test(name);

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The region named by an SQS host, if it names one (sqs.<r>.amazonaws.com, <r>.queue.amazonaws.com, ...). */
function regionOfHost(host: string): string | undefined {
  const labels = host.toLowerCase().split('.');
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (REGION.test(label) && (labels[i - 1] === 'sqs' || labels[i + 1] === 'queue' || labels[i + 1] === 'sqs')) {
      return label;
    }
  }
  if (labels[0] && REGION.test(labels[0])) return labels[0];
  return undefined;
}

/**
 * Resolves a queue URL in any form AWS, the AWS CLI docs or local emulators use
 * (https://sqs.us-east-1.amazonaws.com/123456789012/q, https://us-east-1.queue.amazonaws.com/...,
 * https://queue.amazonaws.com/..., http://localhost:4566/000000000000/q, .../queue/us-east-1/acct/q)
 * to a region and a name. The region comes from the URL when it names one, else from the request.
 */
const SIMPLE_URL = /^https?:\/\/([A-Za-z0-9.-]+)(?::\d+)?\/[A-Za-z0-9_-]+\/([A-Za-z0-9_.-]+)\/?$/;

export function parseQueueUrl(url: string, defaultRegion: string): { region: string; name: string } {
  const simple = SIMPLE_URL.exec(url); // the usual https://host/account/name, without the URL parser
  if (simple) return { region: regionOfHost(simple[1]!) ?? defaultRegion, name: simple[2]! };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidAddress(url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalidAddress(url);
  const segments = parsed.pathname.split('/').filter((s) => s.length > 0);
  if (segments.length < 2) throw invalidAddress(url);
  const name = decodeURIComponent(segments[segments.length - 1]!);
  let region = regionOfHost(parsed.hostname);
  // the path style of some emulators: /queue/<region>/<account>/<name>
  const qi = segments.indexOf('queue');
  if (!region && qi >= 0 && segments.length - qi === 4 && REGION.test(segments[qi + 1]!)) region = segments[qi + 1];
  return { region: region ?? defaultRegion, name };
}

/** The queue an SQS ARN names, or undefined when the string is not an SQS queue ARN. */
export function parseQueueArn(arn: string): QueueLocation | undefined {
  const p = parseArn(arn);
  if (!p || p.service !== 'sqs' || !p.region || !p.accountId || !p.resource) return undefined;
  return { region: p.region, accountId: p.accountId, name: p.resource };
}
