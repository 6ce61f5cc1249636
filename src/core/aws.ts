/** Facts about AWS shared by the services: ARNs, partitions and the resource-policy statements AddPermission writes. */

/** The parts of an ARN: arn:<partition>:<service>:<region>:<account-id>:<resource>. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  /** everything after the account, colons included */
  resource: string;
}

/** An ARN's parts; undefined for a string with fewer than six colon-separated elements or not starting with "arn". */
export function parseArn(value: string): Arn | undefined {
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, accountId, ...rest] = parts;
  return { partition: partition!, service: service!, region: region!, accountId: accountId!, resource: rest.join(':') };
}

/** The partition of a region, as it appears in ARNs (arn:<partition>:...). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  Action?: unknown;
  Resource?: unknown;
  [key: string]: unknown;
}

/**
 * The statements of a policy document: IAM allows "Statement" to be a single statement object
 * as well as a list, and a policy may have none.
 */
export function policyStatements(doc: { Statement?: unknown }): PolicyStatement[] {
  const s = doc.Statement;
  if (Array.isArray(s)) return s as PolicyStatement[];
  return s !== undefined && s !== null && typeof s === 'object' ? [s as PolicyStatement] : [];
}

/**
 * The statement SQS and SNS AddPermission add to a resource policy: the accounts' root
 * principals allowed the qualified actions (SQS:SendMessage, SNS:Publish) on the resource,
 * a single principal or action written as a string rather than a one-element list.
 */
export function permissionStatement(opts: {
  label: string;
  partition: string;
  accounts: readonly string[];
  actions: readonly string[];
  resource: string;
}): PolicyStatement {
  const principals = opts.accounts.map((a) => `arn:${opts.partition}:iam::${a}:root`);
  return {
    Sid: opts.label,
    Effect: 'Allow',
    Principal: { AWS: principals.length === 1 ? principals[0] : principals },
    Action: opts.actions.length === 1 ? opts.actions[0] : [...opts.actions],
    Resource: opts.resource,
  };
}
