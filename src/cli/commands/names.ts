/**
 * Names of awsmsg's own commands, kept apart from their modules so that parsing a command
 * line does not load commander or any command's code.
 */
import type { ServiceName } from '../../model/types.js';

export const TOP_COMMANDS: Record<string, string> = {
  clock: "show or advance the state file's clock",
  shell: 'an interactive shell (or run a file of commands, one per line)',
  __complete: 'completion candidates for the shell completion scripts (internal)',
  completion: 'print a completion script for bash, zsh or fish',
  tutorial: 'list the lessons, or play one: awsmsg tutorial <name>',
  status: 'queues, topics, streams and consumers of the state file, as tables',
  guide: 'pick a service, an operation and its parameters step by step',
  config: "show or change the state file's settings (e.g. sqs.standard-queue-realism on)",
};

export const SERVICE_EXTRAS: Record<ServiceName, Record<string, string>> = {
  sqs: {},
  sns: {
    outbox: 'what SNS sent to e-mail, SMS, push, Lambda and Firehose endpoints, and HTTP/S delivery state',
    'signing-cert': 'the certificate that verifies the signatures of this state file\'s SNS messages',
    deliver: 'perform HTTP/S deliveries and retries that have fallen due',
    'explain-filter': 'which subscriptions a message would reach, and why not the others',
    'visit-subscribe-url': 'confirm a subscription as visiting its SubscribeURL does',
  },
  kinesis: {
    'throughput-enforcement': 'show or switch the per-shard throughput limits (on by default)',
    consume: "run a KCL-style worker over a stream's shards (MultiLangDaemon or shell-command record processors)",
    'describe-leases': "show a KCL application's lease table: owners, checkpoints, lag",
  },
};

export const ownCommandNames = (): string[] => Object.keys(TOP_COMMANDS);
export const serviceExtraNames = (service: ServiceName): string[] => Object.keys(SERVICE_EXTRAS[service]);
