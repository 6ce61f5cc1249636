/**
 * awsmsg's own commands, one entry each: the name, the line `awsmsg help` (or `awsmsg <service>
 * help`) shows for it, and its module. The modules are import()ed, so each is a bundle of its
 * own loaded only when the command runs: parsing a command line loads neither commander nor
 * any command's code. A new command is one entry here, plus its page in src/help/own.ts (a
 * test checks every listed command has one).
 */
import type { Command } from 'commander';
import type { ServiceName } from '../../model/types.js';
import type { CommandEnv } from '../run.js';

/** A command module: adds its arguments, options and action to a commander Command. */
export interface CommandModule {
  define?(cmd: Command, env: CommandEnv, done: (code: number) => void): void;
  /** a command that parses its own arguments (AWS-style flags) instead of through commander */
  run?(args: string[], env: CommandEnv): Promise<number>;
}

export interface OwnCommand {
  /** what it is for, one line */
  summary: string;
  load: () => Promise<CommandModule>;
  /** internal: not listed by help or offered by completion */
  hidden?: boolean;
}

/** Top-level commands, in the order `awsmsg help` lists them. */
export const TOP_COMMANDS: Record<string, OwnCommand> = {
  shell: { summary: 'an interactive shell with Tab completion (or run a file of commands, one per line)', load: () => import('./shell.js') },
  guide: { summary: 'build a command step by step: pick a service, an operation and its parameters', load: () => import('./guide.js') },
  tutorial: { summary: 'list the lessons, or play one: awsmsg tutorial <name>', load: () => import('./tutorial.js') },
  status: { summary: 'queues, topics, streams and consumers of the state file, as tables (--watch to follow)', load: () => import('./status.js') },
  clock: { summary: "show or advance the state file's clock (visibility timeouts, delays, retention follow it)", load: () => import('./clock.js') },
  config: { summary: "show or change the state file's settings (e.g. sqs.standard-queue-realism on)", load: () => import('./config.js') },
  serve: {
    summary: 'answer AWS SDKs and tools on a local port (SQS, SNS and Kinesis wire protocols) over the state file',
    load: () => import('./serve.js'),
  },
  completion: { summary: 'print a completion script for bash, zsh or fish', load: () => import('./completion.js') },
  __complete: { summary: 'completion candidates for the shell completion scripts (internal)', load: () => import('./complete.js'), hidden: true },
};

/** Per-service commands (`awsmsg sns outbox`), in the order `awsmsg <service> help` lists them. */
export const SERVICE_EXTRAS: Record<ServiceName, Record<string, OwnCommand>> = {
  sqs: {},
  sns: {
    outbox: { summary: 'what SNS sent to e-mail, SMS, push, Lambda and Firehose endpoints, and HTTP/S delivery state', load: () => import('./snsOutbox.js') },
    'explain-filter': { summary: 'which subscriptions a message would reach, and why not the others', load: () => import('./snsExplainFilter.js') },
    deliver: { summary: 'perform HTTP/S deliveries and retries that have fallen due', load: () => import('./snsDeliver.js') },
    'signing-cert': { summary: "the certificate that verifies the signatures of this state file's SNS messages", load: () => import('./snsSigningCert.js') },
    'visit-subscribe-url': { summary: 'confirm a subscription as visiting its SubscribeURL does', load: () => import('./snsVisitSubscribeUrl.js') },
  },
  kinesis: {
    consume: { summary: "run a KCL-style worker over a stream's shards (MultiLangDaemon or shell-command record processors)", load: () => import('./kinesisConsume.js') },
    'describe-leases': { summary: "show a KCL application's lease table: owners, checkpoints, lag", load: () => import('./kinesisLeases.js') },
    'throughput-enforcement': { summary: 'show or switch the per-shard throughput limits (on by default)', load: () => import('./kinesisThroughput.js') },
  },
};

export const ownCommandNames = (): string[] => Object.keys(TOP_COMMANDS);
export const serviceExtraNames = (service: ServiceName): string[] => Object.keys(SERVICE_EXTRAS[service]);

/** An own command by its words ("clock", "sns outbox"). */
export function ownCommand(key: string): OwnCommand | undefined {
  const [first, second] = key.split(' ');
  if (second === undefined) return TOP_COMMANDS[first!];
  return (SERVICE_EXTRAS as Record<string, Record<string, OwnCommand>>)[first!]?.[second];
}

/** Every own command's words, hidden ones left out: what help lists and must have a page for. */
export function listedOwnCommands(): string[] {
  const top = Object.entries(TOP_COMMANDS).filter(([, c]) => !c.hidden).map(([n]) => n);
  const extras = Object.entries(SERVICE_EXTRAS).flatMap(([s, cmds]) => Object.keys(cmds).map((n) => `${s} ${n}`));
  return [...top, ...extras];
}
